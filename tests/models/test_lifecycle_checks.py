"""The lifecycle's checks at their edges, each refusal by its code and every parameter
its message names (survivors of ``make mutation``): the day itself is allowed at every
bound (issue date, start date, today, the current deadline is not "later"), a closed
task names its state and the action refused, and the ``today`` given is the one used."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, func, select

from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.i18n import Term
from models.inputs import LONG_TEXT
from models.lifecycle import (
    cancel_task,
    check_completion,
    check_extension,
    check_task_dates,
    complete_task,
    create_task,
    extend_deadline,
    history_of,
)
from models.org import Person, Unit, UnitKind
from models.tasks import Task
from tests.builders import add_document, add_person, add_unit, make_org

ISSUED = date(2024, 1, 29)  # add_document's issue date
START = date(2024, 2, 5)
DUE = date(2024, 3, 15)


def _task(session: Session, start_on: date | None = START, due_on: date | None = DUE) -> Task:
    org = make_org(session)
    return create_task(
        session,
        document=add_document(session),
        ref="1",
        title="Báo cáo",
        lead=add_person(session, "member", org.branch1),
        due_on=due_on,
        start_on=start_on,
        actor="t",
    )


def _refused(check: Any, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(TrackerError) as refused:
        check(*args, **kwargs)
    return refused.value.code, refused.value.params


def test_a_deadline_may_fall_on_the_issue_or_start_day_not_before(session: Session) -> None:
    document = add_document(session)
    check_task_dates(document, None, ISSUED)
    check_task_dates(document, ISSUED, ISSUED)
    check_task_dates(document, START, None)  # no deadline: nothing to compare
    check_task_dates(document, None, None)
    before = date(2024, 1, 28)
    assert _refused(check_task_dates, document, None, before) == (
        "deadline_before_issue",
        {"field": "deadline", "deadline": before, "issued": ISSUED},
    )
    assert _refused(check_task_dates, document, START, date(2024, 2, 4)) == (
        "deadline_before_start",
        {"field": "deadline", "deadline": date(2024, 2, 4), "start": START},
    )


def test_a_completion_may_fall_on_today_the_start_or_the_issue_day_not_outside(
    session: Session,
) -> None:
    task = _task(session)
    today = date(2024, 3, 13)
    check_completion(session, task, today, None, today=today)
    check_completion(session, task, START, "x", today=today)
    assert _refused(check_completion, session, task, date(2024, 3, 14), None, today=today) == (
        "date_in_future",
        {"field": "completed_on", "value": date(2024, 3, 14)},
    )
    assert _refused(check_completion, session, task, date(2024, 2, 4), None, today=today) == (
        "date_before_start",
        {"field": "completed_on", "value": date(2024, 2, 4), "start": START},
    )
    unstarted = Task(
        document_id=task.document_id, ref="2", title="t", lead_unit_id=None, start_on=None
    )
    check_completion(session, unstarted, ISSUED, None, today=today)
    assert _refused(check_completion, session, unstarted, date(2024, 1, 28), None, today=today) == (
        "date_before_issue",
        {"field": "completed_on", "value": date(2024, 1, 28), "issued": ISSUED},
    )
    # The committee's today (the machine's clock) would accept 14/03/2024; the one given
    # refuses it.
    assert _refused(check_completion, session, task, date(2024, 3, 14), None, today=today)[0] == (
        "date_in_future"
    )
    check_completion(session, task, date(2024, 3, 14), None)


def test_a_completion_note_and_an_extension_reason_are_checked_by_their_field(
    session: Session,
) -> None:
    task = _task(session)
    long = "x" * (LONG_TEXT + 1)
    code, params = _refused(check_completion, session, task, START, long, today=DUE)
    assert (code, params["field"]) == ("text_too_long", "note")
    code, params = _refused(check_extension, task, date(2024, 4, 30), long)
    assert (code, params["field"]) == ("text_too_long", "reason")


def test_an_extension_must_be_later_than_the_deadline_in_force(session: Session) -> None:
    task = _task(session)
    check_extension(task, date(2024, 3, 16), "more time")
    assert _refused(check_extension, task, DUE, "more time") == (
        "extension_not_later",
        {"new": DUE, "current": DUE},
    )
    task.due_on = None
    assert _refused(check_extension, task, date(2024, 4, 30), "more time") == (
        "no_deadline",
        {"task": f"#{task.id} «Báo cáo»"},
    )


@pytest.mark.parametrize("closed", ["cancelled", "completed"])
def test_a_closed_task_names_its_state_and_the_action_refused(
    session: Session, closed: str
) -> None:
    task = _task(session)
    if closed == "cancelled":
        cancel_task(session, task, date(2024, 3, 1), "not needed", "t")
    else:
        complete_task(session, task, date(2024, 3, 1), "t", today=DUE)
    label = f"#{task.id} «Báo cáo»"
    state = Term(f"state.{closed}")
    assert _refused(check_completion, session, task, START, None, today=DUE) == (
        "task_closed",
        {"task": label, "state": state, "action": Term("action.complete")},
    )
    assert _refused(check_extension, task, date(2024, 4, 30), "more time") == (
        "task_closed",
        {"task": label, "state": state, "action": Term("action.extend")},
    )


def test_each_closing_step_records_what_changed_and_why(session: Session) -> None:
    """History rows exactly: the fields changed (before, after) and the note."""
    task = _task(session)
    approver = make_org_person(session)
    extend_deadline(session, task, date(2024, 4, 30), "Chờ số liệu", approver, DUE, "ext")
    complete_task(session, task, date(2024, 3, 14), "done", "Đã nộp", today=DUE)
    other = create_task(
        session,
        document=add_document(session, number="02"),
        ref="2",
        title="t",
        lead=approver,
        due_on=DUE,
        actor="t",
    )
    cancel_task(session, other, date(2024, 3, 2), "Không còn cần", "cancel")
    events = [(e.action.value, e.actor, e.changes, e.note) for e in history_of(session, task)]
    assert events[1:] == [
        (
            "extended",
            "ext",
            {"due_on": ["2024-03-15", "2024-04-30"], "approved_by": [None, approver.code]},
            "Chờ số liệu",
        ),
        (
            "completed",
            "done",
            {"completed_on": [None, "2024-03-14"], "progress": [0, 100]},
            "Đã nộp",
        ),
    ]
    (cancelled,) = history_of(session, other)[1:]
    assert (cancelled.action.value, cancelled.actor, cancelled.changes, cancelled.note) == (
        "cancelled",
        "cancel",
        {"cancelled_on": [None, "2024-03-02"]},
        "Không còn cần",
    )
    assert (other.cancelled_on, other.cancel_reason) == (date(2024, 3, 2), "Không còn cần")
    assert _refused(cancel_task, session, other, DUE, "again", "t") == (
        "task_closed",
        {
            "task": f"#{other.id} «t»",
            "state": Term("state.cancelled"),
            "action": Term("action.cancel"),
        },
    )


def test_the_closing_steps_check_their_texts_by_field(session: Session) -> None:
    task = _task(session)
    long = "x" * (LONG_TEXT + 1)
    steps = [
        (complete_task, (session, task, START, "t", long), {"today": DUE}, "note"),
        (cancel_task, (session, task, START, long, "t"), {}, "reason"),
        (
            extend_deadline,
            (session, task, date(2024, 4, 30), long, make_org_person(session), DUE, "t"),
            {},
            "reason",
        ),
    ]
    for step, args, kwargs, field in steps:
        code, params = _refused(step, *args, **kwargs)
        assert (code, params["field"]) == ("text_too_long", field), step
    assert task.completed_on is None and task.cancelled_on is None and task.due_on == DUE


def make_org_person(session: Session) -> Person:
    """A person of a fresh unit (the approver or a lead of another task)."""
    unit = add_unit(
        session,
        f"U{session.exec(select(func.count()).select_from(Unit)).one()}",
        UnitKind.SUB_BRANCH,
    )
    return add_person(session, f"p{unit.id}", unit)


def test_history_comes_back_by_id_whatever_the_storage_order(session: Session) -> None:
    """Rows stored out of id order (PostgreSQL returns them as stored without the
    ``ORDER BY``) come back by id, and another task's rows are not among them."""
    task = _task(session)
    other = create_task(
        session,
        document=add_document(session, number="02"),
        ref="2",
        title="t",
        lead=make_org_person(session),
        due_on=DUE,
        actor="t",
    )
    assert task.id is not None and other.id is not None
    for event_id, task_id in ((9_050, task.id), (9_040, other.id), (9_030, task.id)):
        session.add(TaskEvent(id=event_id, task_id=task_id, actor="t", action=TaskAction.PROGRESS))
        session.flush()
    ids = [e.id or 0 for e in history_of(session, task)]
    assert ids[-2:] == [9_030, 9_050] and ids == sorted(ids)
    assert 9_040 not in ids
