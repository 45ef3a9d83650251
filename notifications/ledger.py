"""The delivery log as a ledger of claims: exactly once per recipient, item, stage, occurrence.

A run claims a delivery by inserting its row under a unique key *before* sending
(``INSERT ... ON CONFLICT DO NOTHING``); a row another run holds is left alone. The
owner renews its claims while it sends (``heartbeat``); rows that failed (after their
back-off) or were claimed by a run that died (lease run out) are reclaimed with a
compare-and-set ``UPDATE``. Outcomes are written as sends complete, in batches, guarded
by the claim token. Every step commits on its own, so a crash at any point leaves the
ledger telling the next run what is still to do, and how many copies may be out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

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


# Transient failures wait before the next try (then every two hours, all day long):
# a burst of runs close together cannot use up a delivery's chances.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1))
BACKOFF_CAP = timedelta(hours=2)
MAX_UNCERTAIN = 2  # sends that may have arrived: never a third copy
DIED = "the run holding this delivery stopped before recording it: it may have been sent"


def retry_at(now: datetime, attempts: int) -> datetime:
    """When a delivery that has failed ``attempts`` times may be tried again."""
    return now + (BACKOFF[attempts - 1] if 0 < attempts <= len(BACKOFF) else BACKOFF_CAP)


def reclaim(engine: Engine, token: str, now: datetime, lease_cutoff: datetime) -> int:
    """Take over what is due for another try and the claims of runs that died.

    A dead run's claim counts as one uncertain send (it may have gone out just before
    the crash); a row already uncertain once is then settled as ambiguous, not re-sent.
    """
    due = sa.or_(D.c.next_attempt_at.is_(None), D.c.next_attempt_at <= now)
    retryable = sa.and_(
        D.c.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.AMBIGUOUS.value]),
        D.c.uncertain_sends < MAX_UNCERTAIN,
        due,
    )
    stale = sa.and_(D.c.status == DeliveryStatus.CLAIMED.value, D.c.claimed_at < lease_cutoff)
    with engine.begin() as connection:
        connection.execute(
            D.update()
            .where(stale, D.c.uncertain_sends >= MAX_UNCERTAIN - 1)
            .values(
                status=DeliveryStatus.AMBIGUOUS.value,
                uncertain_sends=MAX_UNCERTAIN,
                claim_token=None,
                last_error=DIED,
                updated_at=now,
            )
        )
        taken = connection.execute(
            D.update()
            .where(sa.or_(retryable, stale))
            .values(
                uncertain_sends=sa.case(
                    (D.c.status == DeliveryStatus.CLAIMED.value, D.c.uncertain_sends + 1),
                    else_=D.c.uncertain_sends,
                ),
                last_error=sa.case(
                    (D.c.status == DeliveryStatus.CLAIMED.value, DIED), else_=D.c.last_error
                ),
                status=DeliveryStatus.CLAIMED.value,
                claim_token=token,
                claimed_at=now,
                updated_at=now,
            )
        )
        return int(taken.rowcount)


def heartbeat(engine: Engine, token: str, now: datetime) -> int:
    """Renew this run's unfinished claims, so no other run takes them over while it sends."""
    statement = (
        D.update()
        .where(D.c.claim_token == token, D.c.status == DeliveryStatus.CLAIMED.value)
        .values(claimed_at=now)
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
    ambiguous: bool = False  # the server may have taken it
    attempts: int = 0  # the most any of these rows had been tried before (for back-off)
    tries: int = 1  # sends made now (0: settled without a send: item closed, no channel)


_RECORD = (
    D.update()
    .where(
        D.c.id == sa.bindparam("row_id"),
        D.c.claim_token == sa.bindparam("token"),
        D.c.status == DeliveryStatus.CLAIMED.value,
    )
    .values(
        status=sa.bindparam("new_status"),
        attempts=D.c.attempts + sa.bindparam("tried", type_=sa.Integer()),
        uncertain_sends=D.c.uncertain_sends + sa.bindparam("uncertain", type_=sa.Integer()),
        updated_at=sa.bindparam("now"),
        sent_at=sa.bindparam("sent_time"),
        next_attempt_at=sa.bindparam("retry_time"),
        subject=sa.bindparam("new_subject"),
        digest_id=sa.bindparam("new_digest_id"),
        last_error=sa.bindparam("error"),
    )
)


def _params(result: Result, token: str, now: datetime) -> list[dict[str, object]]:
    if result.ok:
        status, sent_time, retry_time = DeliveryStatus.SENT, now, None
    elif result.permanent:
        status, sent_time, retry_time = DeliveryStatus.ABANDONED, None, None
    else:
        status = DeliveryStatus.AMBIGUOUS if result.ambiguous else DeliveryStatus.FAILED
        sent_time, retry_time = None, retry_at(now, result.attempts + max(result.tries, 1))
    common = {
        "token": token,
        "new_status": status.value,
        "tried": result.tries,
        "uncertain": int(result.ambiguous),
        "now": now,
        "sent_time": sent_time,
        "retry_time": retry_time,
        "new_subject": result.subject,
        "new_digest_id": result.digest_id,
        "error": None if result.ok else result.error,
    }
    return [{"row_id": row_id, **common} for row_id in result.row_ids]


def record(engine: Engine, token: str, results: Sequence[Result], now: datetime) -> int:
    """Write outcomes in one statement batch, guarded by the claim token (fencing).

    Returns how many rows were written: fewer than given means another run holds them
    now, and this run must stop sending.
    """
    params = [p for result in results for p in _params(result, token, now)]
    if not params:
        return 0
    with engine.begin() as connection:
        done = connection.execute(_RECORD, params)
        return int(done.rowcount)


def unreported_failures(engine: Engine, max_attempts: int) -> list[int]:
    """Rows still undelivered after ``max_attempts`` tries (or settled as ambiguous) that
    the tracking office has not been told about yet."""
    failing = sa.or_(
        sa.and_(D.c.status == DeliveryStatus.FAILED.value, D.c.attempts >= max_attempts),
        sa.and_(D.c.status == DeliveryStatus.AMBIGUOUS.value, D.c.uncertain_sends >= MAX_UNCERTAIN),
    )
    query = sa.select(D.c.id).where(failing, D.c.reported_at.is_(None)).order_by(D.c.id)
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())
