"""One spreadsheet row into one task, with its extensions, in the order they happened.

The loader creates or updates the task; the extensions cell is applied next (each one
from the deadline the previous one set, with its approver and approval date); the
completion or cancellation comes last, so a task done on time after an extension is
restored done on time, not "done late".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import col, select

from documents.loader import Loader
from documents.problems import Where
from documents.task_columns import parse_extensions
from models import lifecycle
from models.calendar import Roll
from models.errors import TrackerError
from models.meetings import Document
from models.org import Person
from models.tasks import DeadlineExtension, Task

STATE_FIELDS = ("progress", "completed_on", "completion_note", "cancelled_on", "cancel_reason")


def _recorded(loader: Loader, task: Task) -> list[tuple[Any, ...]]:
    rows = loader.session.exec(
        select(DeadlineExtension, Person)
        .join(Person, Person.id == DeadlineExtension.approved_by_id)  # type: ignore[arg-type]
        .where(DeadlineExtension.task_id == task.id)
        .order_by(col(DeadlineExtension.id))
    ).all()
    return [(e.new_due_on, e.approved_on, p.code, e.reason) for e, p in rows]


def load_task_row(
    loader: Loader, values: Mapping[str, Any], where: Where, document: Document, roll: Roll
) -> None:
    entries = parse_extensions(values.get("extensions"))
    if entries is None:
        loader.fail(where, "extensions", "bad_extensions")
        return
    if not entries:  # a blank cell says nothing about extensions: those on record stay
        loader.load_task(values, where, document, roll)
        return
    before = sum(loader.counts.values())
    base = {k: v for k, v in values.items() if k not in STATE_FIELDS}
    task = loader.load_task(base, where, document, roll)
    progress = loader.integer(values, where, "progress", 0, 100)
    completed_on = loader.a_date(values, where, "completed_on")
    cancelled_on = loader.a_date(values, where, "cancelled_on")
    wanted = []
    for entry in entries:
        new_due = loader.a_date({"extensions": entry.new_due_on}, where, "extensions")
        approved = loader.a_date({"extensions": entry.approved_on}, where, "extensions")
        approver = loader.person(where, "extensions", entry.approver)
        wanted.append((new_due, approved, approver, entry.reason))
    if task is None or loader.problems:
        return
    recorded = _recorded(loader, task)
    keys = [(d, a, p.code if p else None, r) for d, a, p, r in wanted]
    if keys[: len(recorded)] != recorded:
        shown = "; ".join(f"{d} | {a} | {p} | {r}" for d, a, p, r in recorded) or "-"
        loader.fail(where, "extensions", "extensions_differ", recorded=shown)
        return
    changed = False
    try:
        for new_due, approved, approver, reason in wanted[len(recorded) :]:
            assert new_due is not None and approved is not None and approver is not None
            lifecycle.extend_deadline(
                loader.session, task, new_due, reason, approver, approved, loader.actor
            )
            changed = True
        changed |= loader._apply_state(task, values, where, progress, completed_on, cancelled_on)
    except TrackerError as error:
        loader.fail(where, "extensions", "domain", error=error)
        return
    loader.session.flush()
    if changed and sum(loader.counts.values()) == before:
        loader.counts["tasks.updated"] += 1
        loader.mark_changed(where, "tasks")
