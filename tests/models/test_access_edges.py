"""Access rules at their edges, each asked directly (found by ``make mutation``: the
pages that ask them were the only tests, and they ask only the usual cases): who
manages a unit's duties, which units a person sees, the single-request approver, and a
member who manages nothing deciding a request."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from models.access import (
    Role,
    Viewer,
    Waiting,
    approver,
    approvers,
    can_decide,
    can_manage_duty,
    can_see_task,
    decisions_waiting,
    viewer_for,
    visible_units,
)
from models.requests import RequestKind, TaskRequest
from models.tasks import Task
from tests.builders import Org, add_document, ident, make_org, reader


def _viewer(session: Session, person: int, office: str | None = "VP") -> Viewer:
    found = viewer_for(reader(session), person, office_code=office, admin_codes=())
    assert found is not None
    return found


@pytest.fixture
def org(session: Session) -> Org:
    made = make_org(session)
    made.branch1.manager_id = ident(made.deputy)  # the deputy manages branch 1 only
    session.add(made.branch1)
    session.flush()
    return made


def _task(session: Session, org: Org) -> int:
    task = Task(document_id=ident(add_document(session)), ref="1", title="t")
    task.lead_unit_id = ident(org.branch2)
    session.add(task)
    session.flush()
    return ident(task)


def test_duties_are_managed_by_the_units_managers_and_the_office(
    session: Session, org: Org
) -> None:
    office, deputy = _viewer(session, ident(org.clerk)), _viewer(session, ident(org.deputy))
    member = _viewer(session, ident(org.clerk), office=None)  # the same clerk, no office
    units = [ident(u) for u in (org.committee, org.branch1, org.branch2, org.office)]
    assert [can_manage_duty(office, u) for u in units] == [True] * 4
    assert [can_manage_duty(deputy, u) for u in units] == [False, True, False, False]
    assert [can_manage_duty(member, u) for u in units] == [False] * 4


def test_units_seen_are_everything_for_the_office_else_the_tree_and_ones_own(
    session: Session, org: Org
) -> None:
    r = reader(session)
    by_code = [ident(u) for u in (org.branch1, org.branch2, org.committee, org.office)]
    assert visible_units(r, _viewer(session, ident(org.clerk))) == by_code  # ordered by code
    deputy = _viewer(session, ident(org.deputy))
    assert visible_units(r, deputy) == sorted([ident(org.branch1), ident(org.committee)])
    member = _viewer(session, ident(org.clerk), office=None)
    assert visible_units(r, member) == [ident(org.office)]


def test_one_requests_approver_is_the_one_of_the_batch(session: Session, org: Org) -> None:
    task = _task(session, org)
    r = reader(session)
    asks = [(task, ident(org.deputy)), (task, ident(org.secretary)), (task, ident(org.clerk))]
    batch = approvers(r, asks, "VP")
    assert batch[(task, ident(org.deputy))] == ident(org.secretary)
    for task_id, asker in asks:
        assert approver(r, task_id, asker, "VP") == batch[(task_id, asker)]
    assert approver(r, task + 1000, ident(org.deputy), "VP") is None  # no such task
    org.office.manager_id = ident(org.clerk)  # the office's manager: the last resort
    session.add(org.office)
    session.flush()
    # the secretary asks about a task only they manage: the office's manager decides
    assert approver(r, task, ident(org.secretary), "VP") == ident(org.clerk)
    assert approver(r, task, ident(org.secretary), None) is None


def test_a_member_who_manages_nothing_decides_no_request(session: Session, org: Org) -> None:
    task = _task(session, org)
    member = _viewer(session, ident(org.clerk), office=None)
    assert member.managed_tree == () and not member.everything
    assert not can_decide(reader(session), member, task, ident(org.secretary))
    secretary = _viewer(session, ident(org.secretary))  # manages the whole committee
    assert can_decide(reader(session), secretary, task, ident(org.clerk))


def test_an_inactive_manager_or_unit_decides_nothing_the_next_one_up_does(
    session: Session, org: Org
) -> None:
    """``can_decide`` lets only active managers of active units decide, so ``approvers``
    passes over the others to the next manager above."""
    task = _task(session, org)  # led by branch 2
    org.branch2.manager_id = ident(org.deputy)
    session.add(org.branch2)
    session.flush()
    r = reader(session)
    clerk = ident(org.clerk)
    assert approver(r, task, clerk, "VP") == ident(org.deputy)
    org.deputy.active = False
    session.add(org.deputy)
    session.flush()
    assert approver(r, task, clerk, "VP") == ident(org.secretary)
    org.deputy.active, org.branch2.active = True, False
    session.add_all([org.deputy, org.branch2])
    session.flush()
    assert approver(r, task, clerk, "VP") == ident(org.secretary)


def _tasks_with_requests(session: Session, org: Org, count: int) -> list[int]:
    """``count`` tasks of branch 2, each with an extension the deputy asked for, the
    first asked first."""
    document = ident(add_document(session))
    asked = datetime(2024, 7, 1, 8, tzinfo=UTC)
    unasked = Task(document_id=document, ref="0", title="none asked")  # ids differ
    unasked.lead_unit_id = ident(org.branch1)
    session.add(unasked)
    tasks = []
    for number in range(count):
        task = Task(document_id=document, ref=str(number + 1), title=f"t{number}")
        task.lead_unit_id = ident(org.branch2)
        session.add(task)
        session.flush()
        session.add(
            TaskRequest(
                task_id=ident(task),
                kind=RequestKind.EXTENSION,
                requested_by_id=ident(org.deputy),
                new_due_on=date(2024, 12, 31),
                note="more time",
                requested_at=asked + timedelta(minutes=number),
            )
        )
        tasks.append(ident(task))
    session.flush()
    return tasks


def test_decisions_waiting_are_the_offices_all_and_a_managers_own_fifty_at_most(
    session: Session, org: Org
) -> None:
    tasks = _tasks_with_requests(session, org, 51)
    r = reader(session)
    office = decisions_waiting(r, _viewer(session, ident(org.clerk)))
    assert [w.task_id for w in office] == tasks[:50]  # oldest first, fifty by default
    first = session.exec(select(TaskRequest).where(TaskRequest.task_id == tasks[0])).one()
    assert office[0] == Waiting(
        first.id or 0, tasks[0], "extension", "t0", "Person deputy", date(2024, 12, 31)
    )
    assert len(decisions_waiting(r, _viewer(session, ident(org.clerk)), limit=60)) == 51
    secretary = decisions_waiting(r, _viewer(session, ident(org.secretary)))
    assert [w.task_id for w in secretary] == tasks[:50]  # the committee is below them
    deputy = _viewer(session, ident(org.deputy))  # manages branch 1, asked them all
    assert decisions_waiting(r, deputy) == []
    member = _viewer(session, ident(org.clerk), office=None)
    assert decisions_waiting(r, member) == []


def test_nobody_decides_on_a_task_that_does_not_exist(session: Session, org: Org) -> None:
    secretary = _viewer(session, ident(org.secretary))
    assert not can_decide(reader(session), secretary, 10_000, ident(org.clerk))


def test_an_inactive_office_names_nobody_and_a_parent_loop_ends_the_walk(
    session: Session, org: Org
) -> None:
    """Bad data must not hang the morning run: units whose parents loop are walked once."""
    task = _task(session, org)  # led by branch 2
    org.office.manager_id = ident(org.clerk)
    org.branch1.manager_id = None
    org.branch1.parent_id, org.branch2.parent_id = ident(org.branch2), ident(org.branch1)
    session.add_all([org.office, org.branch1, org.branch2])
    session.flush()
    r = reader(session)
    secretary = ident(org.secretary)
    assert approver(r, task, secretary, "VP") == ident(org.clerk)  # the office, at last
    org.office.active = False
    session.add(org.office)
    session.flush()
    assert approver(r, task, secretary, "VP") is None


def test_a_manager_sees_the_tasks_led_by_people_of_their_units(session: Session, org: Org) -> None:
    task = Task(document_id=ident(add_document(session)), ref="1", title="t")
    task.lead_person_id = ident(org.clerk)  # a person of the office, below the committee
    session.add(task)
    session.flush()
    r = reader(session)
    assert can_see_task(r, _viewer(session, ident(org.secretary)), ident(task))
    assert not can_see_task(r, _viewer(session, ident(org.deputy)), ident(task))


def test_the_viewer_carries_the_persons_code_name_language_unit_and_role(
    session: Session, org: Org
) -> None:
    deputy = _viewer(session, ident(org.deputy))
    assert deputy == Viewer(
        ident(org.deputy),
        "deputy",
        "Person deputy",
        org.deputy.language,
        ident(org.committee),
        Role.MANAGER,
        (ident(org.branch1),),
        (ident(org.branch1),),
    )
