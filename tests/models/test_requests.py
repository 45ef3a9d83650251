"""Extension requests and completion confirmation, through the lifecycle, on both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models.errors import TrackerError
from models.lifecycle import create_task, history_of
from models.org import Person
from models.requests import (
    RequestState,
    TaskRequest,
    decide,
    needs_confirmation,
    report_completion,
    request_extension,
    set_confirm_completion,
)
from models.tasks import DeadlineExtension, Task
from models.timeline import timeline
from tests.builders import Org, add_document, add_person, make_org


def _setup(session: Session) -> tuple[Org, Person, Task]:
    org = make_org(session)
    member = add_person(session, "member", org.branch1)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="Báo cáo",
        lead=member,
        due_on=date(2024, 3, 15),
        actor="t",
    )
    return org, member, task


def test_an_approved_extension_moves_the_deadline_once(session: Session) -> None:
    org, member, task = _setup(session)
    request = request_extension(session, task, member, date(2024, 4, 30), "Chờ số liệu")
    with pytest.raises(TrackerError, match="đang chờ"):
        request_extension(session, task, member, date(2024, 5, 30), "again")
    assert task.due_on == date(2024, 3, 15)
    decide(session, request, org.secretary, True, date(2024, 3, 10))
    assert task.due_on == date(2024, 4, 30) and task.original_due_on == date(2024, 3, 15)
    assert len(session.exec(select(DeadlineExtension)).all()) == 1
    with pytest.raises(TrackerError):
        decide(session, request, org.secretary, False, date(2024, 3, 10), "no")
    words = [e.text for e in timeline(session, task, "vi")]
    assert words[-3:] == [
        "Đề nghị gia hạn đến 30/04/2024",
        "Gia hạn từ 15/03/2024 đến 30/04/2024 (người phê duyệt: Person secretary)",
        "Đồng ý gia hạn",
    ]


def test_a_refusal_needs_a_reason_and_changes_no_deadline(session: Session) -> None:
    org, member, task = _setup(session)
    request = request_extension(session, task, member, date(2024, 4, 30), "Chờ")
    with pytest.raises(TrackerError):
        decide(session, request, org.secretary, False, date(2024, 3, 10), " ")
    decide(session, request, org.secretary, False, date(2024, 3, 10), "Không đủ lý do")
    assert request.state is RequestState.REJECTED and task.due_on == date(2024, 3, 15)
    with pytest.raises(TrackerError):
        request_extension(session, task, member, date(2024, 3, 1), "earlier")


def test_completion_waits_for_confirmation_where_the_committee_asks(session: Session) -> None:
    org, member, task = _setup(session)
    assert not needs_confirmation(session, task)
    set_confirm_completion(session, org.committee, True)
    assert needs_confirmation(session, task)  # the setting of the committee above
    request = report_completion(session, task, member, date(2024, 3, 14), "Đã nộp")
    assert request is not None and task.completed_on is None
    decide(session, request, org.secretary, False, date(2024, 3, 15), "Thiếu phụ lục")
    assert task.completed_on is None
    again = report_completion(session, task, member, date(2024, 3, 18), "Đã bổ sung")
    assert again is not None
    decide(session, again, org.secretary, True, date(2024, 3, 19))
    assert task.completed_on == date(2024, 3, 18) and task.progress == 100
    actions = [e.action.value for e in history_of(session, task)]
    assert actions == ["created", "completed"]


def test_without_the_setting_a_completion_is_recorded_at_once(session: Session) -> None:
    _, member, task = _setup(session)
    assert report_completion(session, task, member, date(2024, 3, 14), None) is None
    assert task.completed_on == date(2024, 3, 14)
    with pytest.raises(TrackerError):
        request_extension(session, task, member, date(2024, 4, 30), "late")


def test_a_reported_completion_is_refused_for_what_the_completion_would_be(
    session: Session,
) -> None:
    """The date is checked when reported, by the rule that records it, with its words."""
    from models.lifecycle import complete_task

    org, member, task = _setup(session)
    set_confirm_completion(session, org.committee, True)
    today = date(2024, 3, 20)
    for on in (date(2024, 3, 21), date(2099, 1, 1), date(2023, 12, 31)):  # future; before issue
        with pytest.raises(TrackerError) as reported:
            report_completion(session, task, member, on, "Đã xong", today=today)
        with pytest.raises(TrackerError) as completed:
            complete_task(session, task, on, "t", "Đã xong", today=today)
        assert reported.value.code == completed.value.code
        assert reported.value.render("en") == completed.value.render("en")
    assert session.exec(select(TaskRequest)).all() == []
    assert task.completed_on is None


def test_an_extension_asked_is_refused_for_what_the_extension_would_be(session: Session) -> None:
    from models.lifecycle import cancel_task, extend_deadline

    org, member, task = _setup(session)
    for new_due_on in (date(2024, 3, 15), date(2024, 3, 1)):
        with pytest.raises(TrackerError) as asked:
            request_extension(session, task, member, new_due_on, "Chờ số liệu")
        with pytest.raises(TrackerError) as extended:
            extend_deadline(
                session, task, new_due_on, "Chờ số liệu", org.secretary, date(2024, 3, 1), "t"
            )
        assert asked.value.render("en") == extended.value.render("en")
    cancel_task(session, task, date(2024, 3, 2), "Không còn cần", "t")
    with pytest.raises(TrackerError):
        request_extension(session, task, member, date(2024, 4, 30), "Chờ số liệu")
