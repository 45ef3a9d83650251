"""One spreadsheet row into one task, with its extensions, in the order they happened.

The loader creates or updates the task; the extensions cell is applied next (each one
from the deadline the previous one set, with its approver and approval date); the
completion or cancellation comes last, so a task done on time after an extension is
restored done on time, not "done late".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from documents.loader import Loader
from documents.problems import Where
from documents.task_columns import parse_extensions
from models import reimport
from models.calendar import Roll
from models.errors import TrackerError
from models.meetings import Document

STATE_FIELDS = ("progress", "completed_on", "completion_note", "cancelled_on", "cancel_reason")


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
        if new_due is not None and approved is not None and approver is not None:
            wanted.append(reimport.Extension(new_due, approved, approver, entry.reason))
    if task is None or loader.problems:
        return
    recorded = reimport.recorded_extensions(loader.session, task)
    new = reimport.extensions_to_grant(recorded, wanted)
    if new is None:
        shown = "; ".join(f"{d} | {a} | {p} | {r}" for d, a, p, r in recorded) or "-"
        loader.fail(where, "extensions", "extensions_differ", recorded=shown)
        return
    try:
        changed = reimport.grant_extensions(loader.session, task, new, loader.actor)
        state = loader.task_state(values, where, progress, completed_on, cancelled_on)
        changed |= reimport.apply_state(loader.session, task, state, loader.actor)
    except TrackerError as error:
        loader.fail(where, "extensions", "domain", error=error)
        return
    loader.session.flush()
    if changed and sum(loader.counts.values()) == before:
        loader.counts["tasks.updated"] += 1
        loader.mark_changed(where, "tasks")
