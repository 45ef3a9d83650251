"""A task's history index holds the moment: its latest entry is one index step

The at-risk badge reads each listed task's latest history entry before a moment
(``models.risk.task_risks``: ``MAX(at) ... WHERE task_id = ? AND at < ?``). With
``task_id`` alone indexed, PostgreSQL (planning with the values, and a prepared
statement's generic plan alike) walked ``ix_task_event_at`` backwards from the moment
until it met the task's entry: the whole history for a task with none lately (17,000
buffers, 11.8 ms a page with 5,600 entries under load, growing with the history). Indexed ``(task_id, at)``, the answer is the index's last entry
under the task. The same name, so nothing that names it changes.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_task_event_task_id"


def upgrade() -> None:
    op.drop_index(NAME, table_name="task_event")
    op.create_index(NAME, "task_event", ["task_id", "at"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="task_event")
    op.create_index(NAME, "task_event", ["task_id"])
