"""delivery_log: a partial index of sent rows by send time

Every reminder run's report counts what the day's runs sent (``run_summary.delivered_on``:
sent rows whose ``sent_at`` falls on the local day). With only the (status, claimed_at)
index that read every row ever sent, on every run: a cost growing by a morning's
quarter of a million rows a day at the benchmark's scale. Only rows with a send time
(sent rows) enter it, so a claim does not; recording a sent row adds one entry at the
index's end. The predicate is the send time's, not the status': any comparison of
``sent_at`` implies it, so the query needs no status term that the (status, claimed_at)
index would answer instead when the planner has no statistics.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENT = sa.text("sent_at IS NOT NULL")  # set when, and only when, a row is recorded sent


def upgrade() -> None:
    op.create_index(
        "ix_delivery_log_sent_at",
        "delivery_log",
        ["sent_at"],
        unique=False,
        sqlite_where=SENT,
        postgresql_where=SENT,
    )


def downgrade() -> None:
    op.drop_index("ix_delivery_log_sent_at", table_name="delivery_log")
