"""The delivery log as a ledger of claims: exactly once per recipient, item, stage, occurrence.

A run claims a delivery by inserting its row under a unique key *before* sending
(``INSERT ... ON CONFLICT DO NOTHING``); a row another run holds is left alone. Rows
that failed, or were claimed by a run that died, are reclaimed with a compare-and-set
``UPDATE`` once their lease has run out. Every step commits on its own, so a crash at
any point leaves the ledger telling the next run what is still to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from models.base import table_of
from models.deliveries import DeliveryLog, DeliveryStatus
from notifications.planner import Reminder

D = table_of(DeliveryLog)
_BATCH = 2000


def _insert(engine: Engine) -> sa.Insert:
    if engine.dialect.name == "postgresql":
        return postgresql.insert(D).on_conflict_do_nothing(index_elements=["idempotency_key"])
    if engine.dialect.name == "sqlite":
        return sqlite.insert(D).on_conflict_do_nothing(index_elements=["idempotency_key"])
    raise NotImplementedError(f"no claim statement for {engine.dialect.name}")


def claim_new(engine: Engine, reminders: Sequence[Reminder], token: str, now: datetime) -> None:
    """Insert a claimed row for each reminder not yet in the ledger (others are skipped)."""
    statement = _insert(engine)
    for start in range(0, len(reminders), _BATCH):
        rows = [
            {
                "idempotency_key": r.key,
                "recipient_id": r.recipient_id,
                "channel": r.channel,
                "address": r.address,
                "item_kind": r.item_kind,
                "item_id": r.item_id,
                "stage": r.stage,
                "occurrence": r.occurrence.isoformat(),
                "status": DeliveryStatus.CLAIMED.value,
                "attempts": 0,
                "claim_token": token,
                "claimed_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for r in reminders[start : start + _BATCH]
        ]
        with engine.begin() as connection:
            connection.execute(statement, rows)


def reclaim(
    engine: Engine, token: str, now: datetime, lease_cutoff: datetime, max_attempts: int
) -> int:
    """Take over failed rows and claims whose owner never finished (compare-and-set)."""
    retryable = sa.and_(D.c.status == DeliveryStatus.FAILED.value, D.c.attempts < max_attempts)
    stale = sa.and_(D.c.status == DeliveryStatus.CLAIMED.value, D.c.claimed_at < lease_cutoff)
    statement = (
        D.update()
        .where(sa.or_(retryable, stale))
        .values(
            status=DeliveryStatus.CLAIMED.value, claim_token=token, claimed_at=now, updated_at=now
        )
    )
    with engine.begin() as connection:
        return int(connection.execute(statement).rowcount)


@dataclass(frozen=True)
class Claimed:
    id: int
    recipient_id: int
    channel: str
    address: str | None
    item_kind: str
    item_id: int
    stage: str
    occurrence: str
    attempts: int


def claimed_by(engine: Engine, token: str) -> list[Claimed]:
    query = (
        sa.select(
            D.c.id,
            D.c.recipient_id,
            D.c.channel,
            D.c.address,
            D.c.item_kind,
            D.c.item_id,
            D.c.stage,
            D.c.occurrence,
            D.c.attempts,
        )
        .where(D.c.claim_token == token, D.c.status == DeliveryStatus.CLAIMED.value)
        .order_by(D.c.recipient_id, D.c.channel, D.c.id)
    )
    with engine.connect() as connection:
        return [Claimed(*row) for row in connection.execute(query)]


def existing_keys(engine: Engine, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            query = sa.select(D.c.idempotency_key).where(D.c.idempotency_key.in_(chunk))
            found.update(connection.execute(query).scalars())
    return found


@dataclass(frozen=True)
class Result:
    row_ids: tuple[int, ...]
    ok: bool
    subject: str | None = None
    digest_id: str | None = None
    error: str | None = None
    permanent: bool = False


def record(
    engine: Engine, token: str, results: Sequence[Result], now: datetime, max_attempts: int
) -> None:
    """Write each outcome, guarded by the claim token (a run that lost its claim writes nothing)."""
    with engine.begin() as connection:
        for result in results:
            mine = sa.and_(
                D.c.id.in_(result.row_ids),
                D.c.claim_token == token,
                D.c.status == DeliveryStatus.CLAIMED.value,
            )
            values: dict[str, object] = {
                "attempts": D.c.attempts + 1,
                "updated_at": now,
                "subject": result.subject,
                "digest_id": result.digest_id,
            }
            if result.ok:
                values |= {"status": DeliveryStatus.SENT.value, "sent_at": now, "last_error": None}
                connection.execute(D.update().where(mine).values(**values))
                continue
            give_up = sa.or_(sa.literal(result.permanent), D.c.attempts + 1 >= max_attempts)
            values |= {
                "status": sa.case(
                    (give_up, DeliveryStatus.ABANDONED.value), else_=DeliveryStatus.FAILED.value
                ),
                "last_error": result.error,
            }
            connection.execute(D.update().where(mine).values(**values))
