"""attachment.target_kind may name an explanation request: the lead's answer carries files

An explanation (yêu cầu giải trình) is answered with text and, now, files kept in the
evidence store like a report's (``models.attachments``). The only change is the CHECK
constraint listing the kinds of target: PostgreSQL drops and re-creates it in place;
SQLite cannot alter a constraint, so batch mode copies the ``attachment`` table (its
rows are labels, the files themselves stay in ``stored_file``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("task", "event", "request", "duty_submission", "document")
AFTER = (*BEFORE, "explanation")
NAME = "attachment_target"  # ck_attachment_attachment_target under the naming convention


def _check(kinds: tuple[str, ...]) -> str:
    return "target_kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _replace(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("attachment", schema=None, recreate="auto") as batch_op:
        batch_op.drop_constraint(op.f(f"ck_attachment_{NAME}"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_attachment_{NAME}"), _check(kinds))


def upgrade() -> None:
    _replace(AFTER)


def downgrade() -> None:
    # Files on explanations have nowhere to go in the older schema: their labels go
    # (the contents stay in stored_file, as any file no longer named does).
    op.execute("DELETE FROM attachment WHERE target_kind = 'explanation'")
    _replace(BEFORE)
