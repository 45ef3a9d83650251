"""The reach rule in its three forms (SQL narrow, SQL wide, Python for one task) gives
the same answers for every person and every task of the demo committee."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

import models.queries
from models.access import (
    Viewer,
    approvers,
    can_decide,
    can_see_task,
    own_work,
    reach,
    viewer_for,
)
from models.org import Person, Unit
from models.queries import (
    TaskFilter,
    due_soon,
    in_reach,
    list_tasks,
    overdue,
    overdue_and_due_soon,
)
from models.tasks import Task
from tests.builders import add_document, ident, make_org, reader
from tests.web.conftest import load_demo

DAY = date(2024, 7, 15)


@pytest.mark.parametrize("narrow_up_to", [0, 1000])
def test_reach_forms_agree(
    session: Session, monkeypatch: pytest.MonkeyPatch, narrow_up_to: int
) -> None:
    load_demo(session.get_bind())  # type: ignore[arg-type]
    monkeypatch.setattr(models.queries, "NARROW_REACH_UNITS", narrow_up_to)
    r = reader(session)
    task_ids = [t.id for t in session.exec(select(Task)) if t.id is not None]
    people = [p.id for p in session.exec(select(Person)) if p.id is not None]
    seen_any = 0
    for person_id in people:
        viewer = viewer_for(r, person_id, office_code="VP-DU", admin_codes=())
        assert viewer is not None
        for rule in (reach(viewer), own_work(viewer)):
            listed = {row.id for row in list_tasks(r, TaskFilter(reach=rule), DAY)}
            one_by_one = {t for t in task_ids if in_reach(r, t, rule)}
            assert listed == one_by_one, (viewer.code, rule)
            seen_any += len(listed)
        assert {t for t in task_ids if can_see_task(r, viewer, t)} == {
            row.id for row in list_tasks(r, TaskFilter(reach=reach(viewer)), DAY)
        }
    assert seen_any > 0


@pytest.mark.parametrize("day", [date(2024, 3, 1), date(2024, 7, 15), date(2024, 11, 20)])
def test_my_work_in_one_read_matches_the_two_lists(session: Session, day: date) -> None:
    load_demo(session.get_bind())  # type: ignore[arg-type]
    r = reader(session)
    for person_id in [p.id for p in session.exec(select(Person)) if p.id is not None]:
        viewer = viewer_for(r, person_id, office_code=None, admin_codes=())
        assert viewer is not None
        f = TaskFilter(reach=own_work(viewer), limit=2)
        late, soon = overdue_and_due_soon(r, f, day, 30)
        want_late, want_soon = overdue(r, f, day), due_soon(r, f, day, 30)
        assert [x.id for x in late.rows] == [x.id for x in want_late.rows]
        assert [x.id for x in soon.rows] == [x.id for x in want_soon.rows]
        assert (late.total, soon.total) == (want_late.total, want_soon.total)


def test_the_approver_reminded_is_one_who_may_decide(session: Session) -> None:
    """``approvers`` (whom the web tells and the morning run reminds) names, for every task
    and every manager asking, someone ``can_decide`` lets decide, never the asker unless
    the tracking office's manager (who may decide on anything)."""
    load_demo(session.get_bind())  # type: ignore[arg-type]
    r = reader(session)
    tasks = [ident(t) for t in session.exec(select(Task))]
    askers = sorted({u.manager_id for u in session.exec(select(Unit)) if u.manager_id})
    asks = [(task_id, asker) for task_id in tasks for asker in askers]
    found = approvers(r, asks, "VP-DU")
    assert set(found) == set(asks)
    viewers: dict[int, Viewer | None] = {}
    for (task_id, asker), person in found.items():
        assert person is not None
        if person not in viewers:
            viewers[person] = viewer_for(r, person, office_code="VP-DU", admin_codes=())
        viewer = viewers[person]
        assert viewer is not None and can_decide(r, viewer, task_id, asker), (task_id, asker)
        assert person != asker


def test_the_office_manager_is_never_named_to_decide_their_own_request(
    session: Session,
) -> None:
    """The fallback (no other manager above the task) is the tracking office's manager,
    unless that is who asked: then nobody is named, as nobody may decide."""
    org = make_org(session)
    org.committee.manager_id = None
    org.office.manager_id = ident(org.clerk)
    session.add_all([org.committee, org.office])
    task = Task(document_id=ident(add_document(session)), ref="1", title="t")
    task.lead_unit_id = ident(org.office)
    session.add(task)
    session.flush()
    r = reader(session)
    clerk, deputy = ident(org.clerk), ident(org.deputy)
    found = approvers(r, [(ident(task), clerk), (ident(task), deputy)], "VP")
    assert found == {(ident(task), clerk): None, (ident(task), deputy): clerk}
    viewer = viewer_for(r, clerk, office_code="VP", admin_codes=("clerk",))
    assert viewer is not None and viewer.everything
    assert not can_decide(r, viewer, ident(task), clerk)
    assert can_decide(r, viewer, ident(task), deputy)
