"""Co-owner rows carry their task's deadline; the owner indexes hold it

A member's task list read every task of their unit's reach to sort one page by
deadline (``models.co_owner_copies``): now the page is read in deadline order from the
owner indexes, the co-owners' copy of the deadline kept by triggers. The same index
names, so the SQLite reader's ``INDEXED BY`` pins keep working.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.co_owner_copies import DEADLINE, copy_all, drop, install

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = (
    ("task", "ix_task_lead_unit_id", ["lead_unit_id", "id"], ["lead_unit_id", "due_on", "id"]),
    (
        "task",
        "ix_task_lead_person_id",
        ["lead_person_id", "id"],
        ["lead_person_id", "due_on", "id"],
    ),
    (
        "task_co_owner",
        "ix_task_co_owner_unit_id",
        ["unit_id", "task_id"],
        ["unit_id", "due_on", "task_id"],
    ),
    (
        "task_co_owner",
        "ix_task_co_owner_person_id",
        ["person_id", "task_id"],
        ["person_id", "due_on", "task_id"],
    ),
)


def _replace(after: bool) -> None:
    # Plain DROP/CREATE INDEX on both backends: no batch copy of ``task`` (whose
    # triggers a copy would drop).
    for table, name, before, widened in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, widened if after else before)


def upgrade() -> None:
    op.add_column("task_co_owner", sa.Column("due_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    copy_all(connection, DEADLINE)
    install(connection, DEADLINE)
    _replace(after=True)


def downgrade() -> None:
    _replace(after=False)
    connection = op.get_bind()
    drop(connection, DEADLINE)
    if connection.dialect.name == "sqlite":  # SQLite drops a column by copying the table
        with op.batch_alter_table("task_co_owner") as batch:
            batch.drop_column("due_on")
    else:
        op.drop_column("task_co_owner", "due_on")
