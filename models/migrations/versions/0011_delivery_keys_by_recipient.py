"""delivery_log: idempotency keys begin with the recipient's id

A key was the sha256 hex of a reminder's identifying fields: random, so a morning's
quarter of a million claims went into the unique index at random places. A key is now
the recipient's id zero-padded to ten digits, then the first 54 hex digits of that same
hash (``notifications.planner.idempotency_keys``): claims sorted by key go in recipient
by recipient, at the end of the index and of the table.

The stored keys are rewritten by the same rule from the stored rows (the recipient id
and the old key's first 54 digits), so a run upgraded mid-day finds the morning's claims
and sends none of them again. The rule is written out here, not imported: a migration
stays as it was when the code moves on.

The downgrade cannot give back the ten digits the rewrite dropped: keys stay in the new
form, and an older version would not find the claims made before it (downgrade between
days, never in the middle of one).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_KEY = {
    "postgresql": "lpad(recipient_id::text, 10, '0') || left(idempotency_key, 54)",
    "sqlite": "printf('%010d', recipient_id) || substr(idempotency_key, 1, 54)",
}


def upgrade() -> None:
    new_key = _NEW_KEY[op.get_bind().dialect.name]
    op.execute(f"UPDATE delivery_log SET idempotency_key = {new_key}")


def downgrade() -> None:
    pass  # see the module's docstring: the old keys cannot be derived back
