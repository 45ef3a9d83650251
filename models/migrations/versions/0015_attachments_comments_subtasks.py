"""attachments, comments, sub-tasks: evidence files, the discussion, delegation

``stored_file`` keeps each distinct file once under its SHA-256 (in the database on both
backends: ``models.attachments`` says why); ``attachment`` names a file on a target (a
task, a report, a request, a duty submission, a document); ``task_comment`` is a task's
discussion; ``task.parent_id`` makes a task a part of another (``models.delegation``).

The column is added with ALTER TABLE on SQLite (no table copy: a million tasks keep
their place and their partial indexes); PostgreSQL adds its named foreign key.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.timestamps

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGETS = ("task", "event", "request", "duty_submission", "document")


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", models.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_file")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "target_kind",
            sa.Enum(
                *TARGETS,
                name="attachment_target",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", models.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_attachment_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["stored_file.sha256"], name=op.f("fk_attachment_sha256_stored_file")
        ),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_attachment_task_id_task")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_attachment_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["person.id"], name=op.f("fk_attachment_uploaded_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index(op.f("ix_attachment_sha256"), "attachment", ["sha256"], unique=False)
    op.create_index("ix_attachment_target", "attachment", ["target_kind", "target_id"])
    op.create_index(op.f("ix_attachment_task_id"), "attachment", ["task_id"], unique=False)
    op.create_table(
        "task_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", models.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_task_comment_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_comment_task_id_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_comment")),
    )
    op.create_index(op.f("ix_task_comment_task_id"), "task_comment", ["task_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("task")}
        if "parent_id" not in columns:  # kept by a downgrade (see ``downgrade``)
            op.execute("ALTER TABLE task ADD COLUMN parent_id INTEGER REFERENCES task (id)")
    else:
        op.add_column("task", sa.Column("parent_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_task_parent_id_task"), "task", "task", ["parent_id"], ["id"])
    op.create_index(op.f("ix_task_parent_id"), "task", ["parent_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_parent_id"), table_name="task")
    # SQLite drops a column that is a foreign key only by rebuilding the table, and the
    # rebuild's DROP of the old copy fails while task_event and the rest point at its rows
    # (foreign keys are on, and cannot be switched off inside the migration's transaction).
    # There the column stays, NULL and unused by the older code; the upgrade finds it.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_task_parent_id_task"), "task", type_="foreignkey")
        op.drop_column("task", "parent_id")
    op.drop_index(op.f("ix_task_comment_task_id"), table_name="task_comment")
    op.drop_table("task_comment")
    op.drop_index(op.f("ix_attachment_task_id"), table_name="attachment")
    op.drop_index("ix_attachment_target", table_name="attachment")
    op.drop_index(op.f("ix_attachment_sha256"), table_name="attachment")
    op.drop_table("attachment")
    op.drop_table("stored_file")
