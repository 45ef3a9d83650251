"""Rate limits kept in the database, so every process and host behind one address counts
the same hits (a per-process memory let each process grant its own allowance, and never
forgot a key: a megabyte identifier stayed in memory for good).

One row per (scope, subject): a counter and when its window ends. A hit is one
statement, ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, atomic on both backends:
the first hit opens a window of ``window_seconds``; hits in it count up; the first hit
after it ends opens a new one. A subject is something this code builds (a person's id,
a client address, a hash of typed text), never the text a client typed, and is capped
in length; rows whose window ended are deleted whenever a window opens (up to
``PRUNE_BATCH`` of them, each more than the one row an opening adds), so the table holds
little more than the subjects seen within the longest window.

The prune takes only rows nobody else holds (``SKIP LOCKED`` on PostgreSQL): a morning's
sign-ins each open a window, and deleting every ended row at once, in whatever order each
found them, while others renewed theirs deadlocked (the load test: 12 sign-ins refused
with a 500, the hit's statement waiting up to 3 s).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import text
from sqlmodel import Field, Session, SQLModel

import models.base  # noqa: F401  (its constraint naming convention, before these tables)

SUBJECT_LENGTH = 64


class RateLimit(SQLModel, table=True):
    __tablename__ = "rate_limit"

    scope: str = Field(max_length=20, primary_key=True)
    subject: str = Field(max_length=SUBJECT_LENGTH, primary_key=True)
    hits: int
    # Milliseconds since the epoch: compared in SQL the same way on both backends.
    expires_at: int = Field(sa_type=sa.BigInteger, index=True)


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` hits per ``window_seconds`` for one subject of ``scope``."""

    scope: str
    limit: int
    window_seconds: int


_HIT = text(
    "INSERT INTO rate_limit (scope, subject, hits, expires_at)"
    " VALUES (:scope, :subject, 1, :expires)"
    " ON CONFLICT (scope, subject) DO UPDATE SET"
    " hits = CASE WHEN rate_limit.expires_at <= :now THEN 1 ELSE rate_limit.hits + 1 END,"
    " expires_at = CASE WHEN rate_limit.expires_at <= :now THEN :expires"
    " ELSE rate_limit.expires_at END"
    " RETURNING hits"
)
PRUNE_BATCH = 100
_ENDED = "SELECT scope, subject FROM rate_limit WHERE expires_at <= :now LIMIT :batch"
_PRUNE = {
    # Rows another transaction holds (renewing or pruning them) are left for a later prune.
    "postgresql": text(
        f"DELETE FROM rate_limit WHERE (scope, subject) IN ({_ENDED} FOR UPDATE SKIP LOCKED)"
    ),
    # One writer at a time: nothing to skip.
    "sqlite": text(f"DELETE FROM rate_limit WHERE (scope, subject) IN ({_ENDED})"),
}
_COUNT = text(
    "SELECT hits FROM rate_limit WHERE scope = :scope AND subject = :subject AND expires_at > :now"
)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def subject_of(kind: str, value: str) -> str:
    """A bounded subject for any text: ``kind:`` and the value, or its hash when long."""
    whole = f"{kind}:{value}"
    if len(whole) <= SUBJECT_LENGTH:
        return whole
    return f"{kind}#{hashlib.sha256(value.encode('utf-8', 'replace')).hexdigest()[:40]}"


def hit(session: Session, limit: Limit, subject: str, now: datetime) -> bool:
    """Count one hit; True while the window holds at most ``limit.limit`` of them.

    Runs in the caller's transaction: commit it (a refused request commits too, so the
    refusal counts)."""
    if len(subject) > SUBJECT_LENGTH:
        raise ValueError("a rate-limit subject is built by the caller and bounded")
    at = _ms(now)
    params = {
        "scope": limit.scope,
        "subject": subject,
        "now": at,
        "expires": at + limit.window_seconds * 1000,
    }
    connection = session.connection()
    hits = int(connection.execute(_HIT, params).scalar_one())
    if hits == 1:  # a window opened: drop those that ended
        connection.execute(_PRUNE[connection.dialect.name], {"now": at, "batch": PRUNE_BATCH})
    return hits <= limit.limit


def exceeded(session: Session, limit: Limit, subject: str, now: datetime) -> bool:
    """Whether the subject's current window already holds ``limit.limit`` hits (no hit)."""
    found = (
        session.connection()
        .execute(_COUNT, {"scope": limit.scope, "subject": subject, "now": _ms(now)})
        .scalar_one_or_none()
    )
    return found is not None and int(found) >= limit.limit
