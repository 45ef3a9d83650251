"""Access rules at their edges, each asked directly (found by ``make mutation``: the
pages that ask them were the only tests, and they ask only the usual cases): who
manages a unit's duties, which units a person sees, the single-request approver, and a
member who manages nothing deciding a request."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from models.access import (
    Viewer,
    approver,
    approvers,
    can_decide,
    can_manage_duty,
    viewer_for,
    visible_units,
)
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
