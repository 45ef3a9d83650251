"""per-person notification preferences: co-owned frequency, channel order, non-essential
messages off, task snoozes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.timestamps

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_preference",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("co_owned_every", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("non_essential_off_at", models.timestamps.UTCDateTime(), nullable=True),
        sa.Column("updated_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "co_owned_every IN ('daily', 'weekly')",
            name=op.f("ck_notification_preference_co_owned_every"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_notification_preference_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_notification_preference")),
    )
    op.create_table(
        "channel_preference",
        sa.Column("contact_target_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_target_id"],
            ["contact_target.id"],
            name=op.f("fk_channel_preference_contact_target_id_contact_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_target_id", name=op.f("pk_channel_preference")),
    )
    op.create_table(
        "task_snooze",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_task_snooze_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_snooze_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", "task_id", name=op.f("pk_task_snooze")),
    )
    op.create_index(op.f("ix_task_snooze_task_id"), "task_snooze", ["task_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_snooze_task_id"), table_name="task_snooze")
    op.drop_table("task_snooze")
    op.drop_table("channel_preference")
    op.drop_table("notification_preference")
