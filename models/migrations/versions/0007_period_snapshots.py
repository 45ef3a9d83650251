"""frozen period statistics: a report's figures as they stood when its period closed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.timestamps

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "period_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_key", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("scope_unit_id", sa.Integer(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("frozen_on", sa.Date(), nullable=False),
        sa.Column("frozen_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_snapshot")),
        sa.UniqueConstraint(
            "period_key", "scope_unit_id", name=op.f("uq_period_snapshot_period_key_scope_unit_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("period_snapshot")
