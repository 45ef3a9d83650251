"""Lists that tell the truth, on both backends: a reported completion shows as waiting
for confirmation (beside the status, never a fifth one) and can be filtered; the home
page's counts are the lists they link to, for every person of the demo; search ignores
accents; a person leaves only with their open tasks handed over."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from cli.demo_commands import DEMO_MINUTES
from documents.minutes import import_minutes
from models.access import Role, viewer_for
from models.calendar import default_calendar
from models.errors import TrackerError
from models.lookups import find_person, find_unit
from models.my_work import DUE_SOON_DAYS, answers_for, my_work
from models.org import Person
from models.person_leaving import deactivate_person, open_tasks_of
from models.queries import TaskFilter, list_tasks
from models.requests import report_completion, set_confirm_completion
from models.sqlread import SqlAlchemyReader
from models.status import TaskStatus
from models.tasks import Task

TODAY = date(2024, 7, 15)


@pytest.fixture
def demo(session: Session) -> Session:
    import_minutes(session, DEMO_MINUTES, "demo", default_calendar())
    session.commit()
    return session


def _reader(session: Session) -> SqlAlchemyReader:
    return SqlAlchemyReader(session.connection())


def _overdue_task(session: Session) -> Task:
    rows = list_tasks(_reader(session), TaskFilter(statuses=[TaskStatus.OVERDUE]), TODAY)
    assert rows, "the demo has overdue tasks on its day"
    task = session.get(Task, rows[0].id)
    assert task is not None
    return task


def test_a_reported_completion_waits_beside_its_status_and_is_filtered(demo: Session) -> None:
    committee = find_unit(demo, "DU-SHTT")
    owner = find_person(demo, "mai.dt")
    assert committee is not None and owner is not None
    set_confirm_completion(demo, committee, True)
    task = _overdue_task(demo)
    assert report_completion(demo, task, owner, TODAY, "xong", today=TODAY) is not None
    demo.commit()
    r = _reader(demo)
    (row,) = list_tasks(r, TaskFilter(task_ids=[task.id or 0]), TODAY)
    assert row.awaiting and row.status.status is TaskStatus.OVERDUE  # a state, not a status
    waiting = list_tasks(r, TaskFilter(awaiting=True), TODAY)
    assert [w.id for w in waiting] == [task.id]
    others = list_tasks(r, TaskFilter(awaiting=False), TODAY)
    assert (
        task.id not in {o.id for o in others}
        and len(others) == len(list_tasks(r, TaskFilter(), TODAY)) - 1
    )
    office = find_person(demo, "trang.nt")
    assert office is not None
    viewer = viewer_for(r, office.id or 0, office_code="VP-DU", admin_codes=())
    assert viewer is not None
    late, _ = my_work(r, viewer, TaskFilter(awaiting=True), TODAY)
    assert [p.id for p in late.rows] == [task.id] and late.rows[0].awaiting


def test_home_counts_are_the_lists_they_link_to_for_every_person(demo: Session) -> None:
    """Brute force: for each person of the demo, on several days, the home page's two
    counts equal what the list rule (status, deadline window, reach) finds."""
    r = _reader(demo)
    people = demo.exec(select(Person)).all()
    roles = set()
    checked = 0
    for day in (date(2024, 4, 2), TODAY, date(2024, 11, 20)):
        for person in people:
            viewer = viewer_for(r, person.id or 0, office_code="VP-DU", admin_codes=("chuong.pg",))
            assert viewer is not None
            roles.add(viewer.role)
            late, soon = my_work(r, viewer, TaskFilter(), day)
            mine = TaskFilter(reach=answers_for(viewer))
            overdue = list_tasks(
                r, TaskFilter(reach=mine.reach, statuses=[TaskStatus.OVERDUE]), day
            )
            due = list_tasks(
                r,
                TaskFilter(
                    reach=mine.reach,
                    statuses=[TaskStatus.IN_PROGRESS],
                    due_from=day,
                    due_to=day + timedelta(days=DUE_SOON_DAYS),
                ),
                day,
            )
            assert late.total == len(overdue), (person.code, day)
            assert soon.total == len(due), (person.code, day)
            assert {x.id for x in late.rows} == {x.id for x in overdue}
            checked += late.total + soon.total
    assert roles == set(Role) and checked > 0


def test_a_leader_counts_his_whole_subtree(demo: Session) -> None:
    """The defect: "Quá hạn (0)" at home while the list showed his units' overdue tasks."""
    r = _reader(demo)
    leader = find_person(demo, "long.lh")
    assert leader is not None
    viewer = viewer_for(r, leader.id or 0, office_code="VP-DU", admin_codes=())
    assert viewer is not None and viewer.role is Role.MANAGER
    late, _ = my_work(r, viewer, TaskFilter(), TODAY)
    listed = list_tasks(
        r, TaskFilter(reach=answers_for(viewer), statuses=[TaskStatus.OVERDUE]), TODAY
    )
    assert late.total == len(listed) > 0


@pytest.mark.parametrize("typed", ["kiem tra", "KIỂM TRA", "Kiểm tra", "kiêm tra"])
def test_search_ignores_accents_and_case(demo: Session, typed: str) -> None:
    r = _reader(demo)
    found = {row.title for row in list_tasks(r, TaskFilter(text=typed), TODAY)}
    assert any("Kiểm tra việc chấp hành" in title for title in found), found
    assert any("kiểm tra, giám sát" in title for title in found), found


def test_search_by_document_number_without_accents(demo: Session) -> None:
    r = _reader(demo)
    plain = list_tasks(r, TaskFilter(text="01-nq/du"), TODAY)
    exact = list_tasks(r, TaskFilter(text="01-NQ/ĐU"), TODAY)
    assert plain and [x.id for x in plain] == [x.id for x in exact]


def test_a_person_with_open_tasks_leaves_only_with_successors(demo: Session) -> None:
    bay, long = find_person(demo, "bay.nv"), find_person(demo, "long.lh")
    assert bay is not None and long is not None
    work = open_tasks_of(demo, bay)
    assert work and all(w.leads for w in work)
    with pytest.raises(TrackerError) as refused:
        deactivate_person(demo, bay, {}, "trang.nt")
    assert refused.value.code == "person_has_open_tasks"
    with pytest.raises(TrackerError) as self_successor:
        deactivate_person(demo, bay, {w.task.id or 0: bay for w in work}, "trang.nt")
    assert self_successor.value.code == "successor_not_valid"
    demo.rollback()
    assert find_person(demo, "bay.nv").active  # type: ignore[union-attr]
    handed = deactivate_person(demo, bay, {w.task.id or 0: long for w in work}, "trang.nt")
    demo.commit()
    assert {t.id for t in handed} == {w.task.id for w in work}
    assert all(demo.get(Task, w.task.id).lead_person_id == long.id for w in work)  # type: ignore[union-attr]
    assert not bay.active and open_tasks_of(demo, bay) == []


def test_an_inactive_successor_is_refused_and_nothing_changes(demo: Session) -> None:
    bay, hung = find_person(demo, "bay.nv"), find_person(demo, "hung.pv")
    assert bay is not None and hung is not None
    hung.active = False
    demo.add(hung)
    demo.flush()
    work = open_tasks_of(demo, bay)
    leads = {w.task.id: w.task.lead_person_id for w in work}
    with pytest.raises(TrackerError):
        deactivate_person(demo, bay, {w.task.id or 0: hung for w in work}, "trang.nt")
    assert bay.active and {w.task.id: w.task.lead_person_id for w in work} == leads
