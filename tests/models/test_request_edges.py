"""Requests at their edges, each asked directly (survivors of ``make mutation``): no
request on a closed task, a reason is required, and ``pending`` finds the open request
of that task and that kind only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from models.errors import TrackerError
from models.lifecycle import cancel_task, complete_task, create_task
from models.org import Person
from models.requests import RequestKind, pending, request_extension
from models.tasks import Task
from tests.builders import add_document, add_person, make_org


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
