"""The discussion on a task: comments by the people who can see it, kept for good.

A comment is not a change to the task, so it is not a ``task_event`` row: it has its own
table, appended to only (no edit, no delete: what was said stays said), and it appears in
the task's history (``models.timeline``) in time order with the changes. Who may comment
is ``models.access.can_comment``; who is told is ``notifications.kinds.task_news``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Field, Session, SQLModel, col, select

from models.base import created_at_field
from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.i18n import register
from models.inputs import check_text
from models.org import Person
from models.sqlread import id_set_match
from models.tasks import Task
from models.timestamps import utcnow

COMMENT_LIMIT = 5_000


class TaskComment(SQLModel, table=True):
    __tablename__ = "task_comment"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    at: datetime = created_at_field()
    body: str


def add_comment(
    session: Session, task: Task, by: Person, body: str, *, at: datetime | None = None
) -> TaskComment:
    """A comment by ``by`` on ``task`` (open or closed: a closed task can still be
    discussed); refused empty, too long, or with control characters."""
    text = body.strip()
    if not text:
        raise TrackerError("comment_empty", field="body")
    check_text("body", text, COMMENT_LIMIT)
    assert task.id is not None and by.id is not None
    comment = TaskComment(task_id=task.id, person_id=by.id, body=text, at=at or utcnow())
    session.add(comment)
    session.flush()
    return comment


def comments_of(session: Session, task_id: int) -> list[TaskComment]:
    return list(
        session.exec(
            select(TaskComment)
            .where(TaskComment.task_id == task_id)
            .order_by(col(TaskComment.at), col(TaskComment.id))
        )
    )


def with_latest_comments(
    connection: Connection, events: dict[int, TaskEvent], task_ids: list[int]
) -> dict[int, TaskEvent]:
    """``events`` (each task's latest change, ``models.history.latest_events``) with a
    task's latest comment instead where it is newer: what a digest shows as the task's
    latest update ("02/07/2024: Nguyễn Văn Bảy: the comment"). One query for all the
    ids (an array on PostgreSQL, JSON on SQLite)."""
    if not task_ids:
        return events
    comments, people = TaskComment.__table__, Person.__table__  # type: ignore[attr-defined]
    c, p = comments.c, people.c
    params: dict[str, Any] = {}
    ids = id_set_match("task_id", "ids", task_ids, params, connection.dialect.name)
    latest = (
        sa.select(sa.func.max(c.id)).where(sa.text(ids).bindparams(**params)).group_by(c.task_id)
    )
    query = (
        sa.select(c.task_id, c.at, c.body, p.code, p.full_name)
        .join(people, p.id == c.person_id)
        .where(c.id.in_(latest))
    )
    merged = dict(events)
    for task_id, at, body, code, name in connection.execute(query):
        known = merged.get(task_id)
        if known is None or at > known.at:
            merged[task_id] = TaskEvent(
                task_id=task_id,
                at=at,
                actor=code,
                action=TaskAction.UPDATED,
                note=f"{name}: {body}",
            )
    return merged


register(
    {
        "error.comment_empty": {
            "vi": "Ý kiến trống: hãy viết nội dung.",
            "en": "The comment is empty: please write something.",
        },
    }
)
