"""indexes for the managers' questions: open tasks by deadline, completion, cancellation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "completed_on IS NULL AND cancelled_on IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        for column in ("completed_on", "cancelled_on"):
            closed = sa.text(f"{column} IS NOT NULL")
            batch_op.create_index(
                f"ix_task_{column}",
                [column],
                unique=False,
                sqlite_where=closed,
                postgresql_where=closed,
            )
        batch_op.create_index(
            "ix_task_open_due_on",
            ["due_on", "id"],
            unique=False,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_open_due_on")
        batch_op.drop_index("ix_task_cancelled_on")
        batch_op.drop_index("ix_task_completed_on")
