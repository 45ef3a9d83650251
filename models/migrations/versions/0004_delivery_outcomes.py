"""delivery log: ambiguous outcomes, uncertain sends, retry back-off, failures reported

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.timestamps

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("claimed", "sent", "failed", "abandoned")
NEW = ("claimed", "sent", "failed", "ambiguous", "abandoned")


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="delivery_status", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("delivery_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uncertain_sends", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "next_attempt_at", models.timestamps.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("reported_at", models.timestamps.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column(
            "status", existing_type=_status(OLD), type_=_status(NEW), existing_nullable=False
        )
    with op.batch_alter_table("delivery_log", schema=None) as batch_op:
        batch_op.alter_column("uncertain_sends", server_default=None)


def downgrade() -> None:
    op.execute("UPDATE delivery_log SET status = 'failed' WHERE status = 'ambiguous'")
    with op.batch_alter_table("delivery_log", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=_status(NEW), type_=_status(OLD), existing_nullable=False
        )
        batch_op.drop_column("reported_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("uncertain_sends")
