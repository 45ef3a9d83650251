"""delivery_log: fewer indexes to write on a morning's claim

The claim inserts a quarter of a million rows; each index is written for each of them.
``ix_delivery_log_digest_id`` served no query: dropped. ``ix_delivery_log_recipient_id``
only served the read receipt (a person's latest *sent* message about an item): replaced
by a partial index on sent rows, which a claimed row does not enter.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENT = sa.text("status = 'sent'")


def upgrade() -> None:
    # Plain CREATE/DROP INDEX (no batch mode): nothing else of the table changes, and a
    # batch rebuild would copy every row of the log.
    op.drop_index("ix_delivery_log_digest_id", table_name="delivery_log")
    op.drop_index("ix_delivery_log_recipient_id", table_name="delivery_log")
    op.create_index(
        "ix_delivery_log_sent_item",
        "delivery_log",
        ["recipient_id", "item_kind", "item_id"],
        unique=False,
        sqlite_where=SENT,
        postgresql_where=SENT,
    )


def downgrade() -> None:
    op.drop_index("ix_delivery_log_sent_item", table_name="delivery_log")
    op.create_index("ix_delivery_log_recipient_id", "delivery_log", ["recipient_id"])
    op.create_index("ix_delivery_log_digest_id", "delivery_log", ["digest_id"])
