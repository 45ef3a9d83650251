"""Delegation (giao lại): a lead unit's manager gives parts of a task to the unit's own
people as sub-tasks.

A sub-task is a task like any other (its own lead person, deadline, reminders, history,
requests), in the same document, with ``parent_id`` naming the task it is a part of and
a reference below the parent's ("3" -> "3.1", "3.2"). Its deadline is not after the
parent's (a part cannot be due after the whole). The parent's progress follows its
sub-tasks (``models.rollup``, applied by ``models.lifecycle`` on every change of a
sub-task). Who may delegate: ``models.access.can_delegate``; the person is told by
``notifications.kinds.task_news``.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models.errors import TrackerError
from models.i18n import format_date, register
from models.lifecycle import create_task
from models.meetings import Document
from models.org import Person
from models.queries import subtree
from models.sqlread import SqlAlchemyReader
from models.tasks import Task


def sub_tasks_of(session: Session, task_id: int) -> list[Task]:
    return list(session.exec(select(Task).where(Task.parent_id == task_id).order_by(col(Task.id))))


def own_people(session: Session, task: Task) -> list[Person]:
    """Who the task's lead unit may give a part to: the active people of the unit and of
    the units below it, by name."""
    if task.lead_unit_id is None:
        return []
    units = subtree(SqlAlchemyReader(session.connection()), task.lead_unit_id)
    return list(
        session.exec(
            select(Person)
            .where(col(Person.unit_id).in_(units), Person.active == True)  # noqa: E712
            .order_by(col(Person.full_name), col(Person.id))
        )
    )


def _next_ref(session: Session, parent: Task) -> str:
    taken = set(session.exec(select(Task.ref).where(Task.document_id == parent.document_id)).all())
    n = 1
    while f"{parent.ref}.{n}" in taken:
        n += 1
    return f"{parent.ref}.{n}"


def delegate(
    session: Session,
    parent: Task,
    *,
    title: str,
    lead: Person,
    due_on: date | None,
    by: Person,
    description: str | None = None,
) -> Task:
    """Create a sub-task of ``parent`` led by ``lead`` (one of the lead unit's people),
    recorded in both histories; refused for a closed parent, a person from elsewhere, or
    a deadline after the parent's (or none, when the parent has one)."""
    if parent.completed_on is not None or parent.cancelled_on is not None:
        raise TrackerError("delegate_closed", task=f"#{parent.id}")
    if not title.strip():
        raise TrackerError("delegate_title", field="title")
    if lead.id not in {p.id for p in own_people(session, parent)}:
        raise TrackerError("delegate_not_own", field="person", person=lead.full_name)
    if parent.due_on is not None and due_on is None:
        raise TrackerError("delegate_no_deadline", field="due_on")
    if parent.due_on is not None and due_on is not None and due_on > parent.due_on:
        raise TrackerError(
            "delegate_after_parent",
            field="due_on",
            due=format_date(due_on),
            parent=format_date(parent.due_on),
        )
    document = session.get(Document, parent.document_id)
    assert document is not None and parent.id is not None
    return create_task(
        session,
        document=document,
        ref=_next_ref(session, parent),
        title=title.strip(),
        lead=lead,
        actor=by.code,
        due_on=due_on,
        start_on=parent.start_on,
        description=(description or "").strip() or None,
        parent_id=parent.id,
    )


register(
    {
        "error.delegate_closed": {
            "vi": "Nhiệm vụ {task} đã kết thúc, không giao lại được.",
            "en": "Task {task} is closed; no part of it can be delegated.",
        },
        "error.delegate_title": {
            "vi": "Cần ghi nội dung phần việc giao lại.",
            "en": "Please say what part of the work is delegated.",
        },
        "error.delegate_not_own": {
            "vi": "Đồng chí {person} không thuộc đơn vị chủ trì nhiệm vụ này.",
            "en": "{person} is not one of the lead unit's people.",
        },
        "error.delegate_no_deadline": {
            "vi": "Cần thời hạn cho phần việc (nhiệm vụ chính có thời hạn).",
            "en": "The part needs a deadline (the task has one).",
        },
        "error.delegate_after_parent": {
            "vi": "Thời hạn {due} sau thời hạn của nhiệm vụ chính ({parent}).",
            "en": "The deadline {due} is after the task's own ({parent}).",
        },
    }
)
