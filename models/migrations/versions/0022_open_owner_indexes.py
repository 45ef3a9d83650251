"""The open tasks of each owner, in deadline order: partial owner indexes

A manager's home page counts the overdue and due-soon tasks of the units they answer for.
Their open tasks were found by reading every task of those units, the whole history,
and testing each (a unit's manager 71-149 ms at a million tasks; a manager of several
units walked every open task of the committee, 650-1,400 ms under load). Partial
indexes of the open tasks by owner and deadline hold the answer; the co-owned tasks'
"open" is copied onto the co-owner rows by triggers (``models.co_owner_copies``), as
their deadline is since 0020.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.co_owner_copies import OPEN, copy_all, drop, install

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_TASK = "completed_on IS NULL AND cancelled_on IS NULL"
INDEXES = (
    ("task", "ix_task_open_lead_unit", ["lead_unit_id", "due_on", "id"], OPEN_TASK),
    ("task", "ix_task_open_lead_person", ["lead_person_id", "due_on", "id"], OPEN_TASK),
    ("task_co_owner", "ix_task_co_owner_open_unit", ["unit_id", "due_on", "task_id"], "task_open"),
    (
        "task_co_owner",
        "ix_task_co_owner_open_person",
        ["person_id", "due_on", "task_id"],
        "task_open",
    ),
)


def upgrade() -> None:
    op.add_column("task_co_owner", sa.Column("task_open", sa.Boolean(), nullable=True))
    connection = op.get_bind()
    copy_all(connection, OPEN)
    install(connection, OPEN)
    for table, name, columns, where in INDEXES:
        op.create_index(
            name,
            table,
            columns,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade() -> None:
    for table, name, _columns, _where in INDEXES:
        op.drop_index(name, table_name=table)
    drop(op.get_bind(), OPEN)
    # Natively on both backends (SQLite 3.35+): a batch copy would drop the table's
    # other triggers (the deadline's copy).
    op.execute("ALTER TABLE task_co_owner DROP COLUMN task_open")
