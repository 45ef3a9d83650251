"""Indexes on ``task`` for the web application's questions (kept apart from the table's
own definition so other work on ``models.tasks`` merges cleanly).

Per-unit summaries read every task due in a period with its owners and closing dates:
this index holds all of them, so the summary is an index-only range scan.
"""

from __future__ import annotations

import sqlalchemy as sa

from models.base import table_of
from models.tasks import Task

_task = table_of(Task).c
SUMMARY_INDEX = sa.Index(
    "ix_task_due_on_owners",
    _task.due_on,
    _task.lead_unit_id,
    _task.lead_person_id,
    _task.completed_on,
    _task.cancelled_on,
)
