"""run_checkin: each reminder run that did its work checks in, for the watcher

One row per flow and committee day (``models.checkins``): ``dondoc watch`` reads it to
notice a working morning without a successful run, which Prefect's hooks cannot report
(a run that never starts has no hook).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.timestamps

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "run_checkin",
        sa.Column("flow", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("first_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.Column("last_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("flow", "day", name=op.f("pk_run_checkin")),
    )


def downgrade() -> None:
    op.drop_table("run_checkin")
