"""Requests at their edges, each asked directly (survivors of ``make mutation``): no
request on a closed task, a reason is required, and ``pending`` finds the open request
of that task and that kind only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from models.errors import TrackerError
from models.history import TaskAction
from models.inputs import LONG_TEXT
from models.lifecycle import cancel_task, complete_task, create_task, history_of
from models.org import Person
from models.requests import (
    CommitteeSetting,
    RequestKind,
    RequestState,
    TaskRequest,
    decide,
    needs_confirmation,
    pending,
    report_completion,
    request_extension,
    requests_of,
    set_confirm_completion,
)
from models.tasks import DeadlineExtension, Task
from tests.builders import Org, add_document, add_person, make_org
from tests.threads import started


def _tasks(session: Session, count: int) -> tuple[Person, list[Task]]:
    org = make_org(session)
    member = add_person(session, "member", org.branch1)
    document = add_document(session)
    made = [
        create_task(
            session,
            document=document,
            ref=str(n + 1),
            title=f"t{n}",
            lead=member,
            due_on=date(2024, 3, 15),
            actor="t",
        )
        for n in range(count)
    ]
    return member, made


@pytest.mark.parametrize("closed", ["completed", "cancelled"])
def test_no_request_on_a_closed_task(session: Session, closed: str) -> None:
    member, (task,) = _tasks(session, 1)
    if closed == "completed":
        complete_task(session, task, date(2024, 3, 1), "t", today=date(2024, 3, 2))
    else:
        cancel_task(session, task, date(2024, 3, 1), "not needed", "t")
    with pytest.raises(TrackerError) as refused:
        request_extension(session, task, member, date(2024, 4, 30), "more time")
    assert refused.value.code == "request_task_closed"
    assert refused.value.params == {"task": f"#{task.id}"}


def test_an_extension_needs_a_reason(session: Session) -> None:
    member, (task,) = _tasks(session, 1)
    with pytest.raises(TrackerError) as refused:
        request_extension(session, task, member, date(2024, 4, 30), "  ")
    assert refused.value.code == "request_reason"


def test_pending_is_the_open_request_of_that_task_and_kind(session: Session) -> None:
    member, (first, second) = _tasks(session, 2)
    asked = request_extension(session, second, member, date(2024, 4, 30), "more time")
    assert pending(session, second, RequestKind.EXTENSION) == asked
    assert pending(session, first, RequestKind.EXTENSION) is None
    assert pending(session, second, RequestKind.COMPLETION) is None


# --- Session 9: the survivors of `make mutation` in decide, report_completion,
# request_extension, needs_confirmation and requests_of, each asked directly.

ASKED_AT = datetime(2024, 3, 9, 8, 30, tzinfo=UTC)
DECIDED_AT = datetime(2024, 3, 10, 14, 0, tzinfo=UTC)


def _confirmed(session: Session) -> tuple[Org, Person, Task]:
    """A task led by a member of branch 1, in a committee that confirms completions."""
    org = make_org(session)
    member = add_person(session, "member", org.branch1)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=member,
        due_on=date(2024, 3, 15),
        actor="t",
    )
    set_confirm_completion(session, org.committee, True)
    return org, member, task


def test_an_extension_request_keeps_what_was_asked_who_asked_and_when(session: Session) -> None:
    member, (task,) = _tasks(session, 1)
    asked = request_extension(
        session, task, member, date(2024, 4, 30), "  more time  ", at=ASKED_AT
    )
    session.expire_all()
    stored = session.get(TaskRequest, asked.id)
    assert stored is not None
    assert (stored.task_id, stored.kind, stored.state) == (
        task.id,
        RequestKind.EXTENSION,
        RequestState.PENDING,
    )
    assert (stored.requested_by_id, stored.new_due_on, stored.note) == (
        member.id,
        date(2024, 4, 30),
        "more time",
    )
    assert stored.requested_at == ASKED_AT
    assert stored.completed_on is None and stored.decided_by_id is None


def test_a_second_extension_request_is_refused_by_its_code(session: Session) -> None:
    member, (task,) = _tasks(session, 1)
    request_extension(session, task, member, date(2024, 4, 30), "more time")
    with pytest.raises(TrackerError) as refused:
        request_extension(session, task, member, date(2024, 5, 30), "even more")
    assert refused.value.code == "request_pending"


def test_an_extension_reason_too_long_is_refused_when_asked(session: Session) -> None:
    member, (task,) = _tasks(session, 1)
    with pytest.raises(TrackerError) as refused:
        request_extension(session, task, member, date(2024, 4, 30), "x" * (LONG_TEXT + 1))
    assert refused.value.code == "text_too_long" and refused.value.params["field"] == "reason"
    assert requests_of(session, task) == []


def test_an_approved_extension_records_the_reason_the_approver_and_the_day(
    session: Session,
) -> None:
    org, member, task = _confirmed(session)
    asked = request_extension(session, task, member, date(2024, 4, 30), "Chờ số liệu")
    decide(session, asked, org.secretary, True, date(2024, 3, 10), "  Đồng ý  ", at=DECIDED_AT)
    session.expire_all()
    (extension,) = session.exec(select(DeadlineExtension)).all()
    assert (extension.previous_due_on, extension.new_due_on) == (
        date(2024, 3, 15),
        date(2024, 4, 30),
    )
    assert (extension.reason, extension.approved_by_id, extension.approved_on) == (
        "Chờ số liệu",
        org.secretary.id,
        date(2024, 3, 10),
    )
    extended = history_of(session, task)[-1]
    assert (extended.action, extended.actor, extended.note) == (
        TaskAction.EXTENDED,
        "secretary",
        "Chờ số liệu",
    )
    stored = session.get(TaskRequest, asked.id)
    assert stored is not None
    assert (stored.state, stored.decided_by_id, stored.decided_at, stored.decision_note) == (
        RequestState.APPROVED,
        org.secretary.id,
        DECIDED_AT,
        "Đồng ý",
    )


def test_an_approval_without_a_note_keeps_no_decision_note(session: Session) -> None:
    org, member, task = _confirmed(session)
    asked = report_completion(session, task, member, date(2024, 3, 14), "Đã nộp")
    assert asked is not None
    decide(session, asked, org.secretary, True, date(2024, 3, 15), None, at=DECIDED_AT)
    session.expire_all()
    stored = session.get(TaskRequest, asked.id)
    assert stored is not None and stored.decision_note is None
    assert stored.state is RequestState.APPROVED
    done = session.get(Task, task.id)
    assert done is not None
    assert (done.completed_on, done.completion_note) == (date(2024, 3, 14), "Đã nộp")
    completed = history_of(session, task)[-1]
    assert (completed.action, completed.actor, completed.note) == (
        TaskAction.COMPLETED,
        "secretary",
        "Đã nộp",
    )


@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_refusal_without_a_reason_is_refused_by_its_code(
    session: Session, note: str | None
) -> None:
    org, member, task = _confirmed(session)
    asked = request_extension(session, task, member, date(2024, 4, 30), "more time")
    with pytest.raises(TrackerError) as refused:
        decide(session, asked, org.secretary, False, date(2024, 3, 10), note)
    assert refused.value.code == "request_reason"
    assert asked.state is RequestState.PENDING and asked.decided_by_id is None


def test_a_request_is_decided_once_and_the_second_decision_is_refused_by_its_code(
    session: Session,
) -> None:
    org, member, task = _confirmed(session)
    asked = report_completion(session, task, member, date(2024, 3, 14), None)
    assert asked is not None
    decide(session, asked, org.secretary, False, date(2024, 3, 15), " Thiếu ", at=DECIDED_AT)
    assert (asked.state, asked.decision_note, asked.decided_at) == (
        RequestState.REJECTED,
        "Thiếu",
        DECIDED_AT,
    )
    with pytest.raises(TrackerError) as refused:
        decide(session, asked, org.secretary, True, date(2024, 3, 15))
    assert refused.value.code == "request_decided"
    assert task.completed_on is None


def test_a_reported_completion_keeps_what_was_reported_who_and_when(session: Session) -> None:
    _, member, task = _confirmed(session)
    asked = report_completion(session, task, member, date(2024, 3, 14), "  Đã nộp  ", at=ASKED_AT)
    assert asked is not None
    session.expire_all()
    stored = session.get(TaskRequest, asked.id)
    assert stored is not None
    assert (stored.task_id, stored.kind, stored.state, stored.requested_by_id) == (
        task.id,
        RequestKind.COMPLETION,
        RequestState.PENDING,
        member.id,
    )
    assert (stored.completed_on, stored.note, stored.requested_at) == (
        date(2024, 3, 14),
        "Đã nộp",
        ASKED_AT,
    )
    assert stored.new_due_on is None


@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_completion_reported_without_a_note_keeps_none(
    session: Session, note: str | None
) -> None:
    _, member, task = _confirmed(session)
    asked = report_completion(session, task, member, date(2024, 3, 14), note)
    assert asked is not None and asked.note is None


def test_a_second_completion_report_is_refused_while_one_waits(session: Session) -> None:
    _, member, task = _confirmed(session)
    first = report_completion(session, task, member, date(2024, 3, 14), "Đã nộp")
    with pytest.raises(TrackerError) as refused:
        report_completion(session, task, member, date(2024, 3, 15), "again")
    assert refused.value.code == "request_pending"
    assert requests_of(session, task) == [first]
    # An extension may wait beside it: the pending check is per kind.
    request_extension(session, task, member, date(2024, 4, 30), "more time")


def test_a_reported_completion_is_checked_against_the_day_given(session: Session) -> None:
    """The committee's today (the machine's clock here) would accept 14/03/2024; the
    ``today`` given, the day before, refuses it — when reported and when done at once."""
    org, member, task = _confirmed(session)
    for confirm in (True, False):
        set_confirm_completion(session, org.committee, confirm)
        with pytest.raises(TrackerError) as refused:
            report_completion(
                session, task, member, date(2024, 3, 14), "Đã nộp", today=date(2024, 3, 13)
            )
        assert refused.value.code == "date_in_future"
    assert requests_of(session, task) == [] and task.completed_on is None


def test_a_completion_note_too_long_is_refused_when_reported(session: Session) -> None:
    org, member, task = _confirmed(session)
    for confirm in (True, False):
        set_confirm_completion(session, org.committee, confirm)
        with pytest.raises(TrackerError) as refused:
            report_completion(session, task, member, date(2024, 3, 14), "x" * (LONG_TEXT + 1))
        assert refused.value.code == "text_too_long" and refused.value.params["field"] == "note"
    assert requests_of(session, task) == [] and task.completed_on is None


def test_a_completion_recorded_at_once_keeps_the_reporter_and_the_note(session: Session) -> None:
    org, member, task = _confirmed(session)
    set_confirm_completion(session, org.committee, False)
    done = report_completion(
        session, task, member, date(2024, 3, 14), "Đã nộp", today=date(2024, 3, 14)
    )
    assert done is None and requests_of(session, task) == []
    assert (task.completed_on, task.completion_note, task.progress) == (
        date(2024, 3, 14),
        "Đã nộp",
        100,
    )
    completed = history_of(session, task)[-1]
    assert (completed.action, completed.actor, completed.note) == (
        TaskAction.COMPLETED,
        "member",
        "Đã nộp",
    )


def test_the_nearest_setting_above_the_task_decides(session: Session) -> None:
    org, _, task = _confirmed(session)
    assert needs_confirmation(session, task) is True
    set_confirm_completion(session, org.branch1, False)  # nearer than the committee's
    assert needs_confirmation(session, task) is False
    set_confirm_completion(session, org.branch1, True)  # the same row, turned back on
    assert needs_confirmation(session, task) is True
    assert len(session.exec(select(CommitteeSetting)).all()) == 2


def test_a_task_led_by_a_unit_follows_that_units_committee(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.branch2,
        due_on=date(2024, 3, 15),
        actor="t",
    )
    assert needs_confirmation(session, task) is False
    set_confirm_completion(session, org.branch1, True)  # a sibling's setting: not its own
    assert needs_confirmation(session, task) is False
    set_confirm_completion(session, org.committee, True)
    assert needs_confirmation(session, task) is True


def test_a_parent_loop_without_a_setting_asks_for_no_confirmation(session: Session) -> None:
    """Bad data must not hang a report: units whose parents loop are walked once."""
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.branch2,
        due_on=date(2024, 3, 15),
        actor="t",
    )
    org.branch1.parent_id, org.branch2.parent_id = org.branch2.id, org.branch1.id
    session.add_all([org.branch1, org.branch2])
    session.flush()
    # In a thread with a time limit: a walk that loops fails the test instead of hanging it.
    walk = started(lambda: needs_confirmation(session, task), "the walk up the loop")
    assert walk.outcome(60) is False


def test_requests_of_lists_the_tasks_requests_by_id(session: Session) -> None:
    """Rows stored out of id order (PostgreSQL returns them as stored without the
    ``ORDER BY``) come back by id, and another task's requests are not among them."""
    member, (task, other) = _tasks(session, 2)
    assert task.id is not None and other.id is not None and member.id is not None
    for request_id, on in ((50, task), (40, other), (30, task)):
        assert on.id is not None
        session.add(
            TaskRequest(
                id=request_id,
                task_id=on.id,
                kind=RequestKind.EXTENSION if request_id == 50 else RequestKind.COMPLETION,
                requested_by_id=member.id,
                requested_at=ASKED_AT,
            )
        )
        session.flush()
    assert [r.id for r in requests_of(session, task)] == [30, 50]
    assert [r.id for r in requests_of(session, other)] == [40]
