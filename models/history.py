"""The append-only history of every change to a task.

Append-only is enforced by the database itself (triggers), not only by the code: a
history that a later bug or a hand-typed SQL statement can rewrite proves nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

from models.base import created_at_field, enum_type
from models.sqlread import id_set_match


class TaskAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    PROGRESS = "progress"
    COMPLETED = "completed"
    REOPENED = "reopened"
    CANCELLED = "cancelled"
    EXTENDED = "extended"
    OWNERS_CHANGED = "owners_changed"


class TaskEvent(SQLModel, table=True):
    __tablename__ = "task_event"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    at: datetime = created_at_field()
    actor: str = Field(max_length=120)
    action: TaskAction = Field(sa_type=enum_type(TaskAction, "task_action"))
    # {field: [before, after]} with JSON-friendly values (dates as ISO strings).
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    note: str | None = None

    __table_args__ = (
        # "As of" questions look for history recorded after a date (usually: none).
        sa.Index("ix_task_event_at", "at"),
        # A task's history, and its latest entry before a moment in one index step (the
        # at-risk badge: migration 0021).
        sa.Index("ix_task_event_task_id", "task_id", "at"),
    )


_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER task_event_no_{op.lower()} BEFORE {op} ON task_event
    BEGIN SELECT RAISE(ABORT, 'task_event is append-only'); END"""
    for op in ("UPDATE", "DELETE")
]
_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION task_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'task_event is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER task_event_append_only BEFORE UPDATE OR DELETE ON task_event
    FOR EACH ROW EXECUTE FUNCTION task_event_append_only()""",
]


def install_append_only_guard(connection: Connection) -> None:
    """Create the triggers that refuse UPDATE and DELETE on ``task_event``."""
    statements = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_TRIGGERS}.get(
        connection.dialect.name, []
    )
    for statement in statements:
        connection.exec_driver_sql(statement)


def latest_events(connection: Connection, task_ids: list[int]) -> dict[int, TaskEvent]:
    """Each task's latest change after its creation (progress, extension, note...), in one
    query: what a reminder shows as "latest update". The ids go as one parameter (an
    array on PostgreSQL, JSON on SQLite): a run asks for tens of thousands."""
    e = TaskEvent.__table__.c  # type: ignore[attr-defined]
    if not task_ids:
        return {}
    params: dict[str, Any] = {}
    ids = id_set_match("task_id", "ids", task_ids, params, connection.dialect.name)
    latest = (
        sa.select(sa.func.max(e.id))
        .where(sa.text(ids).bindparams(**params), e.action != TaskAction.CREATED.value)
        .group_by(e.task_id)
    )
    query = sa.select(e.task_id, e.at, e.actor, e.action, e.changes, e.note).where(e.id.in_(latest))
    found: dict[int, TaskEvent] = {}
    for task_id, at, actor, action, changes, note in connection.execute(query):
        found[task_id] = TaskEvent(
            task_id=task_id,
            at=at,
            actor=actor,
            action=TaskAction(action),
            changes=changes or {},
            note=note,
        )
    return found
