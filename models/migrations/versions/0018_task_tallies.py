"""unit_tally and person_tally: tasks counted ahead by half-month of deadline and state

Read by the units summary, the dashboard and the year-end emulation
(``models.task_tally``); kept exact by triggers on ``task`` and ``person`` on both
backends, and filled here from every task in one ``INSERT … SELECT … GROUP BY`` each.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.task_tally import backfill_tallies, drop_tally_triggers, install_tally_triggers

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unit_tally",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "unit_id", "state", name=op.f("pk_unit_tally")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "person_tally",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "person_id", "state", name=op.f("pk_person_tally")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_person_tally_person_id"), "person_tally", ["person_id"])
    connection = op.get_bind()
    backfill_tallies(connection)
    install_tally_triggers(connection)


def downgrade() -> None:
    drop_tally_triggers(op.get_bind())
    op.drop_index(op.f("ix_person_tally_person_id"), table_name="person_tally")
    op.drop_table("person_tally")
    op.drop_table("unit_tally")
