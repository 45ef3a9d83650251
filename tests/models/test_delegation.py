"""Delegation and roll-up: who a part may go to, its deadline, the parent's progress as
its parts move (both backends); the parts are tasks the morning plan reminds of; and a
task's discussion in its history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models.access import Role, Viewer, can_comment, can_delegate
from models.comments import add_comment, comments_of
from models.delegation import delegate, own_people, sub_tasks_of
from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.lifecycle import cancel_task, complete_task, create_task, reopen_task, update_progress
from models.rollup import rolled_up
from models.timeline import timeline
from tests.builders import add_document, add_person, make_org, reader

DUE = date(2024, 6, 30)


def _setup(session: Session):  # type: ignore[no-untyped-def]
    org = make_org(session)
    secretary1 = add_person(session, "sec1", org.branch1)
    org.branch1.manager_id = secretary1.id
    session.add(org.branch1)
    member = add_person(session, "mem1", org.branch1)
    stranger = add_person(session, "mem2", org.branch2)
    document = add_document(session)
    task = create_task(
        session,
        document=document,
        ref="3",
        title="Kế hoạch",
        lead=org.branch1,
        actor="clerk",
        due_on=DUE,
    )
    return org, secretary1, member, stranger, task


def test_the_rule_is_the_mean_rounded_down_done_counts_full_cancelled_not_at_all() -> None:
    assert rolled_up([]) is None
    assert rolled_up([(10, False, True)]) is None
    assert rolled_up([(50, False, False), (0, False, False)]) == 25
    assert rolled_up([(99, False, False), (100, True, False)]) == 99  # never 100 while open
    assert rolled_up([(0, False, True), (30, True, False)]) == 100


def test_parts_go_to_the_units_own_people_by_a_deadline_within_the_parents(
    session: Session,
) -> None:
    _org, secretary1, member, stranger, task = _setup(session)
    assert {p.code for p in own_people(session, task)} == {"sec1", "mem1"}
    part = delegate(
        session, task, title="Dự thảo", lead=member, due_on=date(2024, 6, 15), by=secretary1
    )
    assert (part.parent_id, part.ref, part.lead_person_id, part.due_on) == (
        task.id,
        "3.1",
        member.id,
        date(2024, 6, 15),
    )
    second = delegate(session, task, title="Lấy ý kiến", lead=member, due_on=DUE, by=secretary1)
    assert second.ref == "3.2"
    refusals = {
        "delegate_not_own": dict(lead=stranger, due_on=DUE),
        "delegate_after_parent": dict(lead=member, due_on=date(2024, 7, 1)),
        "delegate_no_deadline": dict(lead=member, due_on=None),
    }
    for code, args in refusals.items():
        with pytest.raises(TrackerError) as refused:
            delegate(session, task, title="x", by=secretary1, **args)
        assert refused.value.code == code
    cancel_task(session, task, date(2024, 5, 1), "thôi", "clerk")
    with pytest.raises(TrackerError) as closed:
        delegate(session, task, title="x", lead=member, due_on=DUE, by=secretary1)
    assert closed.value.code == "delegate_closed"


def test_the_parents_progress_follows_its_parts_in_its_history(session: Session) -> None:
    _org, secretary1, member, _, task = _setup(session)
    update_progress(session, task, 10, "sec1")
    a = delegate(session, task, title="A", lead=member, due_on=DUE, by=secretary1)
    assert task.progress == 0  # one part at 0 %
    b = delegate(session, task, title="B", lead=secretary1, due_on=DUE, by=secretary1)
    update_progress(session, a, 50, "mem1")
    assert task.progress == 25
    complete_task(session, b, date(2024, 5, 2), "sec1", today=date(2024, 5, 3))
    assert task.progress == 75
    reopen_task(session, b, "sec1", "chưa đủ")
    assert task.progress == 75  # reopening keeps b's 100 % figure until it is reported
    cancel_task(session, b, date(2024, 5, 4), "bỏ", "sec1")
    assert task.progress == 50
    rolled = session.exec(
        select(TaskEvent).where(
            TaskEvent.task_id == task.id, TaskEvent.action == TaskAction.PROGRESS
        )
    ).all()
    assert [e.changes["progress"] for e in rolled][-1] == [75, 50]
    assert rolled[-1].changes["sub_task"] == [None, b.id]
    texts = [e.text for e in timeline(session, task, "vi")]
    assert f"Tiến độ tổng hợp từ nhiệm vụ con #{b.id}: 75% → 50%" in texts
    assert f"Giao lại cho đồng chí Person mem1: #{a.id} «A»" in texts
    complete_task(session, task, date(2024, 5, 5), "sec1", today=date(2024, 5, 5))
    update_progress(session, a, 60, "mem1")  # a closed parent is left as it was closed
    assert task.progress == 100
    assert [p.id for p in sub_tasks_of(session, task.id or 0)] == [a.id, b.id]


def _viewer(person_id: int, unit_id: int, managed: tuple[int, ...] = ()) -> Viewer:
    role = Role.MANAGER if managed else Role.MEMBER
    return Viewer(person_id, "x", "x", "vi", unit_id, role, managed, managed)


def test_only_a_manager_of_the_lead_unit_delegates_and_only_who_sees_comments(
    session: Session,
) -> None:
    org, secretary1, member, stranger, task = _setup(session)
    r = reader(session)
    tid = task.id or 0
    assert can_delegate(
        r, _viewer(secretary1.id or 0, org.branch1.id or 0, (org.branch1.id or 0,)), tid
    )
    assert can_delegate(
        r,
        _viewer(
            org.secretary.id or 0,
            org.committee.id or 0,
            (org.committee.id or 0, org.branch1.id or 0),
        ),
        tid,
    )
    assert not can_delegate(r, _viewer(member.id or 0, org.branch1.id or 0), tid)
    assert not can_delegate(
        r, _viewer(stranger.id or 0, org.branch2.id or 0, (org.branch2.id or 0,)), tid
    )
    assert can_comment(r, _viewer(member.id or 0, org.branch1.id or 0), tid)
    assert not can_comment(r, _viewer(stranger.id or 0, org.branch2.id or 0), tid)


def test_a_comment_is_kept_in_the_history_and_an_empty_one_refused(session: Session) -> None:
    _, secretary1, member, _, task = _setup(session)
    add_comment(session, task, member, "  Em đã gửi bản nháp.  ")
    with pytest.raises(TrackerError) as empty:
        add_comment(session, task, secretary1, "   ")
    assert empty.value.code == "comment_empty"
    with pytest.raises(TrackerError):
        add_comment(session, task, secretary1, "x\x00y")
    (kept,) = comments_of(session, task.id or 0)
    assert kept.body == "Em đã gửi bản nháp."
    entry = timeline(session, task, "vi")[-1]
    assert (entry.who, entry.text, entry.note) == ("Person mem1", "Ý kiến", "Em đã gửi bản nháp.")
