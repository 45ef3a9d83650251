"""A person's tasks found in the indexes alone; documents listed newest first by index

A member's list reads the ids of their unit's tasks, led and co-owned, then sorts them
by deadline (``models.queries._reach``, the narrow branch). With the owner columns
indexed alone, PostgreSQL visited a heap page per task to learn its id (a bitmap scan:
about 3,000 pages for a unit's 3,577 led tasks and 5,068 co-owned ones at a million
tasks); with the id beside the owner in the index, both are index-only scans. SQLite's
``task`` indexes already hold the row id; its co-owner rows are found in the index too.

The filter's document list (the newest 300) sorted all documents on every list page;
``(issued_on, id)`` reads them in order.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index, columns before, columns after): the same names, so the SQLite reader's
# ``INDEXED BY`` pins keep working.
WIDENED = (
    ("task", "ix_task_lead_unit_id", ["lead_unit_id"], ["lead_unit_id", "id"]),
    ("task", "ix_task_lead_person_id", ["lead_person_id"], ["lead_person_id", "id"]),
    ("task_co_owner", "ix_task_co_owner_unit_id", ["unit_id"], ["unit_id", "task_id"]),
    ("task_co_owner", "ix_task_co_owner_person_id", ["person_id"], ["person_id", "task_id"]),
)


def _replace(after: bool) -> None:
    # Plain DROP/CREATE INDEX on both backends: no batch copy of ``task`` (whose tally
    # triggers a copy would drop).
    for table, name, before, widened in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, widened if after else before)


def upgrade() -> None:
    _replace(after=True)
    op.create_index("ix_document_issued_on", "document", ["issued_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_document_issued_on", table_name="document")
    _replace(after=False)
