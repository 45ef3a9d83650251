"""explanation_request and carry_over_mark: acting before a deadline slips

``explanation_request``: one row per request and its answer (``models.explanations``);
at most one unanswered request per task (a partial unique index).
``carry_over_mark``: what a meeting decided about each task carried over to it
(``models.carry_over``), once per meeting and task.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.timestamps

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "explanation_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", models.timestamps.UTCDateTime(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["person.id"],
            name=op.f("fk_explanation_request_answered_by_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["person.id"], name=op.f("fk_explanation_request_asked_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_explanation_request_task_id_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_explanation_request")),
    )
    with op.batch_alter_table("explanation_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_explanation_request_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_explanation_request_task_id"), ["task_id"], unique=False
        )
        batch_op.create_index(
            "uq_explanation_request_open",
            ["task_id"],
            unique=True,
            sqlite_where=sa.text("answered_at IS NULL"),
            postgresql_where=sa.text("answered_at IS NULL"),
        )

    op.create_table(
        "carry_over_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "continued",
                "redeadlined",
                "done",
                "cancelled",
                name="carry_decision",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("new_due_on", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", models.timestamps.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["marked_by_id"], ["person.id"], name=op.f("fk_carry_over_mark_marked_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_carry_over_mark_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_carry_over_mark_task_id_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carry_over_mark")),
        sa.UniqueConstraint(
            "meeting_id", "task_id", name=op.f("uq_carry_over_mark_meeting_id_task_id")
        ),
    )
    with op.batch_alter_table("carry_over_mark", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carry_over_mark_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_carry_over_mark_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("carry_over_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carry_over_mark_task_id"))
        batch_op.drop_index(batch_op.f("ix_carry_over_mark_meeting_id"))
    op.drop_table("carry_over_mark")
    with op.batch_alter_table("explanation_request", schema=None) as batch_op:
        batch_op.drop_index("uq_explanation_request_open")
        batch_op.drop_index(batch_op.f("ix_explanation_request_task_id"))
        batch_op.drop_index(batch_op.f("ix_explanation_request_due_on"))
    op.drop_table("explanation_request")
