"""The day a cancellation or a restoration was decided (at last week's meeting, say), not
the day it was typed in: given by the office, not in the future, not before the task was
set (its document's issue date), a restoration not before the cancellation it undoes;
the history says the day decided. One rule, ``lifecycle.check_decision_day``."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from models.errors import TrackerError
from models.history_text import describe
from models.lifecycle import cancel_task, create_task, history_of, restore_task
from models.tasks import Task
from tests.builders import add_document, add_person, make_org

TODAY = date(2024, 3, 20)
ISSUED = date(2024, 1, 29)  # ``add_document``'s issue date


def _task(session: Session) -> Task:
    org = make_org(session)
    member = add_person(session, "member", org.branch1)
    return create_task(
        session,
        document=add_document(session, issued_on=ISSUED),
        ref="1",
        title="t",
        lead=member,
        due_on=date(2024, 3, 15),
        actor="t",
    )


def _refused(call: object, code: str, field: str) -> TrackerError:
    assert callable(call)
    with pytest.raises(TrackerError) as refused:
        call()
    assert (refused.value.code, refused.value.field) == (code, field)
    return refused.value


def test_a_cancellation_is_dated_the_day_it_was_decided(session: Session) -> None:
    task = _task(session)
    cancel_task(session, task, date(2024, 3, 13), "trùng", "office", today=TODAY)
    assert task.cancelled_on == date(2024, 3, 13)
    assert describe(history_of(session, task)[-1], "vi") == "Hủy nhiệm vụ ngày 13/03/2024"


def test_a_cancellation_cannot_be_dated_in_the_future(session: Session) -> None:
    task = _task(session)
    error = _refused(
        lambda: cancel_task(session, task, date(2024, 3, 21), "x", "o", today=TODAY),
        "decision_in_future",
        "cancelled_on",
    )
    assert error.render("vi") == "Ngày quyết định 21/03/2024 chưa tới (hôm nay là 20/03/2024)."
    assert task.cancelled_on is None
    cancel_task(session, task, TODAY, "x", "o", today=TODAY)  # today itself is fine


def test_a_cancellation_cannot_be_dated_before_the_task_was_set(session: Session) -> None:
    task = _task(session)
    error = _refused(
        lambda: cancel_task(session, task, date(2024, 1, 28), "x", "o", today=TODAY),
        "decision_before_task",
        "cancelled_on",
    )
    assert "trước ngày giao nhiệm vụ (văn bản ban hành 29/01/2024)" in error.render("vi")
    cancel_task(session, task, ISSUED, "x", "o", today=TODAY)  # the issue day itself is fine


def test_a_restoration_is_dated_and_said_in_the_history(session: Session) -> None:
    task = _task(session)
    cancel_task(session, task, date(2024, 3, 1), "nhầm", "office", today=TODAY)
    _refused(
        lambda: restore_task(session, task, "o", "r", date(2024, 2, 29), today=TODAY),
        "restore_before_cancel",
        "restored_on",
    )
    _refused(
        lambda: restore_task(session, task, "o", "r", date(2024, 3, 21), today=TODAY),
        "decision_in_future",
        "restored_on",
    )
    restore_task(session, task, "office", "hủy nhầm", date(2024, 3, 8), today=TODAY)
    assert task.cancelled_on is None
    event = history_of(session, task)[-1]
    assert describe(event, "vi") == "Khôi phục nhiệm vụ ngày 08/03/2024 (đã hủy ngày 01/03/2024)"
    assert describe(event, "en") == "Restored on 08/03/2024 (had been cancelled on 01/03/2024)"


def test_a_restoration_without_a_date_is_dated_today(session: Session) -> None:
    task = _task(session)
    cancel_task(session, task, date(2024, 3, 1), "nhầm", "office", today=TODAY)
    restore_task(session, task, "office", "hủy nhầm", today=TODAY)
    assert "ngày 20/03/2024" in describe(history_of(session, task)[-1], "vi")
