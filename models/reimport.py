"""What importing a task row again does to the task already stored (the rules every
importer shares: minutes, task spreadsheets, the browser's uploads).

- A task is found by its natural key (document, ref): new → created; known → its fields
  updated, co-owners replaced and the deadline corrected, each change in the history.
- State columns move the task forward: a different progress is recorded (unless the row
  also completes it); a completion date that differs reopens and completes again
  ("corrected by import"); a cancellation date cancels a task not yet cancelled. Blank
  state columns say nothing: what is stored stays.
- Extensions are a list that only grows: the file must repeat those on record, in order,
  as its prefix; the ones after the prefix are granted now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models import lifecycle
from models.lifecycle import Owner
from models.meetings import Document
from models.org import Person
from models.tasks import DeadlineExtension, Task


@dataclass(frozen=True)
class TaskFields:
    """The columns a row sets on a task (its natural key aside)."""

    title: str
    lead: Owner
    co_owners: Sequence[Owner]
    due_on: date | None
    start_on: date | None
    description: str | None


@dataclass(frozen=True)
class TaskState:
    """The state columns of a row; None: the row says nothing about it."""

    progress: int | None = None
    completed_on: date | None = None
    completion_note: str | None = None
    cancelled_on: date | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True)
class Extension:
    """One extension as a file lists it."""

    new_due_on: date
    approved_on: date
    approver: Person
    reason: str

    def key(self) -> tuple[date, date, str, str]:
        return (self.new_due_on, self.approved_on, self.approver.code, self.reason)


def upsert_task(
    session: Session, document: Document, ref: str, fields: TaskFields, actor: str
) -> tuple[Task, bool, bool]:
    """The task of (document, ref) made to match ``fields``: (task, created, changed)."""
    task = session.exec(
        select(Task).where(Task.document_id == document.id, Task.ref == ref)
    ).first()
    if task is None:
        task = lifecycle.create_task(
            session,
            document=document,
            ref=ref,
            title=fields.title,
            lead=fields.lead,
            co_owners=fields.co_owners,
            due_on=fields.due_on,
            start_on=fields.start_on,
            description=fields.description,
            actor=actor,
        )
        return task, True, True
    changed = lifecycle.update_task(
        session,
        task,
        actor,
        title=fields.title,
        description=fields.description,
        start_on=fields.start_on,
        **lifecycle.lead_columns(fields.lead),
    )
    changed |= lifecycle.set_co_owners(session, task, fields.co_owners, actor)
    changed |= lifecycle.correct_deadline(session, task, fields.due_on, actor)
    return task, False, changed


def apply_state(session: Session, task: Task, state: TaskState, actor: str) -> bool:
    """Move the task to the state a row gives (see the module's rules); True if it changed."""
    changed = False
    if (
        state.progress is not None
        and state.progress != task.progress
        and state.completed_on is None
    ):
        lifecycle.update_progress(session, task, state.progress, actor)
        changed = True
    if state.completed_on is not None and state.completed_on != task.completed_on:
        if task.completed_on is not None:
            lifecycle.reopen_task(session, task, actor, "corrected by import")
        lifecycle.complete_task(session, task, state.completed_on, actor, state.completion_note)
        changed = True
    if state.cancelled_on is not None and task.cancelled_on is None:
        lifecycle.cancel_task(session, task, state.cancelled_on, state.cancel_reason or "", actor)
        changed = True
    return changed


def recorded_extensions(session: Session, task: Task) -> list[tuple[date, date, str, str]]:
    """The task's extensions on record, in the order granted, as a file lists them."""
    rows = session.exec(
        select(DeadlineExtension, Person)
        .join(Person, Person.id == DeadlineExtension.approved_by_id)  # type: ignore[arg-type]
        .where(DeadlineExtension.task_id == task.id)
        .order_by(col(DeadlineExtension.id))
    ).all()
    return [(e.new_due_on, e.approved_on, p.code, e.reason) for e, p in rows]


def extensions_to_grant(
    recorded: Sequence[tuple[date, date, str, str]], wanted: Sequence[Extension]
) -> list[Extension] | None:
    """The extensions a file adds after those on record; None when the file does not
    repeat the record as its prefix (the caller refuses the row)."""
    if [w.key() for w in wanted[: len(recorded)]] != list(recorded):
        return None
    return list(wanted[len(recorded) :])


def grant_extensions(session: Session, task: Task, new: Sequence[Extension], actor: str) -> bool:
    for step in new:
        lifecycle.extend_deadline(
            session, task, step.new_due_on, step.reason, step.approver, step.approved_on, actor
        )
    return bool(new)
