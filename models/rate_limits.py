"""Rate limits kept in the database, so every process and host behind one address counts
the same hits (a per-process memory let each process grant its own allowance, and never
forgot a key: a megabyte identifier stayed in memory for good).

One row per (scope, subject): a counter and when its window ends. A hit is one
statement, ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, atomic on both backends:
the first hit opens a window of ``window_seconds``; hits in it count up; the first hit
after it ends opens a new one. A subject is something this code builds (a person's id,
a client address, a hash of typed text), never the text a client typed, and is capped
in length; a row whose window ended is deleted whenever a window opens, so the table
holds at most the subjects seen within the longest window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import text
from sqlmodel import Field, Session, SQLModel

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
_PRUNE = text("DELETE FROM rate_limit WHERE expires_at <= :now")
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
        connection.execute(_PRUNE, {"now": at})
    return hits <= limit.limit


def exceeded(session: Session, limit: Limit, subject: str, now: datetime) -> bool:
    """Whether the subject's current window already holds ``limit.limit`` hits (no hit)."""
    found = (
        session.connection()
        .execute(_COUNT, {"scope": limit.scope, "subject": subject, "now": _ms(now)})
        .scalar_one_or_none()
    )
    return found is not None and int(found) >= limit.limit
