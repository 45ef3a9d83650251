"""indexes for "as of" questions: history recorded after a date, extensions approved after it

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE INDEX (no batch mode): rebuilding task_event would drop its
    # append-only triggers on SQLite.
    op.create_index("ix_task_event_at", "task_event", ["at"], unique=False)
    op.create_index(
        "ix_deadline_extension_approved_on", "deadline_extension", ["approved_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_deadline_extension_approved_on", table_name="deadline_extension")
    op.drop_index("ix_task_event_at", table_name="task_event")
