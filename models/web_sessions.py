"""Web sessions held by the server, and the sign-in log.

A session was only a signed cookie: signing out forgot it in one browser while a copy
kept working for its whole twelve hours. Now the cookie carries a random session id
and the database the session: made at sign-in, looked up on every request, deleted
by signing out (here or everywhere), and over after ``idle`` without a request or
``absolute`` after sign-in, whichever comes first. Only the id's SHA-256 is stored,
so the database alone cannot be turned into a working cookie.

The sign-in log records, for the person and the administrators, every link asked for
(and refused by the limit), every sign-in and sign-out, with time, address and
browser; rows older than ``LOG_DAYS`` go when someone signs in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, delete, or_, select, update

import models.base  # noqa: F401  (its constraint naming convention, before these tables)
from models.db import read_only
from models.settings import Settings
from models.timestamps import UTCDateTime

ADDRESS_LENGTH = 64
AGENT_LENGTH = 200
LOG_DAYS = 365
TOUCH_EVERY = timedelta(seconds=60)  # last-seen is written at most once a minute


class SigninKind(StrEnum):
    REQUESTED = "requested"  # a sign-in link was sent
    LIMITED = "limited"  # a link was asked for and refused: too many
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    SIGNED_OUT_EVERYWHERE = "signed_out_all"


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    last_seen_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    address: str = Field(max_length=ADDRESS_LENGTH)
    user_agent: str = Field(max_length=AGENT_LENGTH)


class SigninEvent(SQLModel, table=True):
    __tablename__ = "signin_event"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=20)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    address: str = Field(max_length=ADDRESS_LENGTH)
    user_agent: str = Field(max_length=AGENT_LENGTH)


@dataclass(frozen=True)
class Policy:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def of(cls, settings: Settings) -> Policy:
        return cls(
            idle=timedelta(minutes=settings.web_session_idle_minutes),
            absolute=timedelta(hours=settings.web_session_hours),
        )


@dataclass(frozen=True)
class Client:
    """Where a request came from, as the log and the session list show it."""

    address: str
    user_agent: str

    @classmethod
    def of(cls, address: str, user_agent: str) -> Client:
        return cls(address[:ADDRESS_LENGTH], user_agent[:AGENT_LENGTH])


def hashed(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


def new_id() -> str:
    return secrets.token_urlsafe(32)


def _expired(policy: Policy, now: datetime) -> ColumnElement[bool]:
    return or_(
        col(WebSession.last_seen_at) <= now - policy.idle,
        col(WebSession.created_at) <= now - policy.absolute,
    )


def log(session: Session, person_id: int, kind: SigninKind, now: datetime, client: Client) -> None:
    session.add(
        SigninEvent(
            person_id=person_id,
            kind=kind.value,
            at=now,
            address=client.address,
            user_agent=client.user_agent,
        )
    )


def start(session: Session, person_id: int, now: datetime, client: Client, policy: Policy) -> str:
    """A new session for the person: its id (for the cookie; only its hash is kept)."""
    session.exec(delete(WebSession).where(_expired(policy, now)))
    old = now - timedelta(days=LOG_DAYS)
    session.exec(delete(SigninEvent).where(col(SigninEvent.at) < old))
    session_id = new_id()
    session.add(
        WebSession(
            token_hash=hashed(session_id),
            person_id=person_id,
            created_at=now,
            last_seen_at=now,
            address=client.address,
            user_agent=client.user_agent,
        )
    )
    log(session, person_id, SigninKind.SIGNED_IN, now, client)
    session.flush()
    return session_id


def resolve(engine: Engine, session_id: str, now: datetime, policy: Policy) -> int | None:
    """The person whose live session this is; None when unknown, ended or expired (an
    expired one is deleted). Notes the request, at most once a minute: every request
    reads, and only those write, so pages do not queue behind one another for the lock.
    On a connection, not an ORM session: it runs on every request, and the ORM doubled
    its cost."""
    where = col(WebSession.token_hash) == hashed(session_id)
    with read_only(engine) as connection:
        row = connection.execute(
            select(WebSession.person_id, WebSession.created_at, WebSession.last_seen_at).where(
                where
            )
        ).first()
    if row is None:
        return None
    person_id, created_at, last_seen_at = row
    expired = last_seen_at <= now - policy.idle or created_at <= now - policy.absolute
    if expired or now - last_seen_at >= TOUCH_EVERY:
        with engine.begin() as connection:
            if expired:
                connection.execute(delete(WebSession).where(where))
            else:
                connection.execute(update(WebSession).where(where).values(last_seen_at=now))
    return None if expired else int(person_id)


def end(session: Session, session_id: str, now: datetime, client: Client) -> None:
    """Sign out: the session is gone, whichever copy of its cookie comes next."""
    row = session.exec(
        select(WebSession).where(WebSession.token_hash == hashed(session_id))
    ).first()
    if row is not None:
        session.delete(row)
        log(session, row.person_id, SigninKind.SIGNED_OUT, now, client)
        session.flush()


def end_everywhere(session: Session, person_id: int, now: datetime, client: Client) -> int:
    """Every session of the person ends (this one too); how many there were."""
    rows = list(session.exec(select(WebSession).where(WebSession.person_id == person_id)))
    for row in rows:
        session.delete(row)
    log(session, person_id, SigninKind.SIGNED_OUT_EVERYWHERE, now, client)
    session.flush()
    return len(rows)


def active(session: Session, person_id: int, now: datetime, policy: Policy) -> list[WebSession]:
    """The person's live sessions, the most recently used first."""
    return list(
        session.exec(
            select(WebSession)
            .where(WebSession.person_id == person_id)
            .where(col(WebSession.last_seen_at) > now - policy.idle)
            .where(col(WebSession.created_at) > now - policy.absolute)
            .order_by(col(WebSession.last_seen_at).desc(), col(WebSession.id).desc())
        )
    )


def signin_log(
    session: Session, person_id: int | None, limit: int = 50
) -> list[tuple[SigninEvent, str]]:
    """The newest events with the person's name: one person's, or everyone's (None)."""
    from models.org import Person

    query = select(SigninEvent, Person.full_name).join(
        Person, col(Person.id) == col(SigninEvent.person_id)
    )
    if person_id is not None:
        query = query.where(SigninEvent.person_id == person_id)
    query = query.order_by(col(SigninEvent.at).desc(), col(SigninEvent.id).desc()).limit(limit)
    return [(event, str(name)) for event, name in session.exec(query)]
