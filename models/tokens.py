"""One-time signed tokens (sign-in links, one-click actions) and calendar-feed secrets.

A token is a signed, timestamped payload (person, and for actions the task and the
verb), so a forged or expired one is refused before the database is read. Single use:
redeeming stores the token's SHA-256 under a unique key, and a second redemption finds
it taken. Nothing stored can be turned back into a working link.

One spelling: itsdangerous decodes the signature's base64 leniently (padding, skipped
characters, ``+``/``/``, the last character's unused bits), so ``<link>=`` verifies as
``<link>``. A token is accepted only as it was minted (its signature re-encoded must
give back the text received), and the spent record is keyed on that canonical text,
so no respelling of a spent link finds it unspent.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import time
import zlib
from datetime import datetime
from typing import Any

from itsdangerous import (
    BadData,
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import base64_decode, base64_encode
from sqlmodel import Field, Session, SQLModel, select

import models.base  # noqa: F401  (its constraint naming convention, before these tables)
from models import keys
from models.settings import Settings
from models.timestamps import UTCDateTime, utcnow

SIGNIN = "signin"
ACTION = "action"
UNSUBSCRIBE = "unsubscribe"  # stop non-essential messages: reusable, long-lived
SIGNIN_MAX_AGE = 15 * 60  # seconds: a sign-in link is for now, not for later
ACTION_MAX_AGE = 7 * 24 * 3600  # a reminder's buttons work for a week
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600  # an old message's footer should still work
ACTIONS = ("done", "progress", "extend")


class SpentToken(SQLModel, table=True):
    __tablename__ = "spent_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=20)
    person_id: int = Field(foreign_key="person.id", index=True)
    spent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CalendarFeed(SQLModel, table=True):
    """A person's secret calendar URL; replacing or deleting the row revokes the old one."""

    __tablename__ = "calendar_feed"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def secret_key(settings: Settings) -> str:
    """``DONDOC_WEB_SECRET``, or the keys kept (0600) beside the data (``models.keys``)."""
    return keys.site_secret(settings)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class _CompactJson:
    """itsdangerous's own compact JSON (no spaces, non-ASCII kept), with the encoder
    built once: ``json.dumps`` with options builds a new encoder on every call, which
    was a sixth of a token's cost. The same text, so tokens read the same both ways."""

    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def loads(payload: str | bytes) -> Any:
        return json.loads(payload)

    @classmethod
    def dumps(cls, obj: Any) -> str:
        return cls._encoder.encode(obj)


@functools.lru_cache(maxsize=16)
def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    """One per (secret, purpose): a morning run mints tens of thousands of tokens, and
    building the serializer cost as much as signing. It signs with the purpose's own key
    and verifies with every key of the list (``models.keys``)."""
    return keys.serializer(secret, purpose, legacy_salt=f"dondoc-{purpose}", payload=_CompactJson)


class _KeptKeySigner(TimestampSigner):
    """itsdangerous's timestamp signer (HMAC-SHA1) over the purpose's signing key, with
    the HMAC in one C call: the same signature, a third of the cost."""

    def __init__(self, key: bytes, salt: str) -> None:
        super().__init__(key, salt=salt, key_derivation="none")
        self._key = key

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return self._key if secret_key is None else super().derive_key(secret_key)

    def get_signature(self, value: str | bytes) -> bytes:
        raw = value.encode() if isinstance(value, str) else value
        return base64_encode(hmac.digest(self._key, raw, "sha1"))


@functools.lru_cache(maxsize=16)
def _signer(secret: str, purpose: str) -> TimestampSigner:
    """What ``_serializer(secret, purpose).make_signer()`` signs with, kept for the run."""
    return _KeptKeySigner(keys.purpose_key(secret, purpose), salt=f"dondoc-{purpose}")


def _b64(raw: bytes) -> bytes:
    """itsdangerous's ``base64_encode`` for bytes: URL-safe, unpadded."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def mint(secret: str, purpose: str, person_id: int, **bound: Any) -> str:
    """``_serializer(...).dumps(payload)``, written out: the URL-safe serializer's JSON,
    compressed only when that is shorter, then the timestamp signer's
    ``payload.timestamp.signature`` (a run mints tens of thousands: the library's layers
    of calls were a fifth of each)."""
    payload = {"p": person_id, "n": secrets.token_urlsafe(12), **bound}
    raw = _CompactJson.dumps(payload).encode()
    compressed = zlib.compress(raw)
    body = b"." + _b64(compressed) if len(compressed) < len(raw) - 1 else _b64(raw)
    stamp = _b64(int(time.time()).to_bytes(8, "big").lstrip(b"\x00"))
    value = body + b"." + stamp
    return (value + b"." + _signer(secret, purpose).get_signature(value)).decode("ascii")


def canonical(token: str) -> str | None:
    """The token as minted: its signature decoded and re-encoded (URL-safe, unpadded).
    Every spelling the lenient decoder reads as one signature gives the same text; None
    when the signature does not decode at all. The payload and timestamp before it are
    signed text, so they have one spelling already."""
    value, dot, signature = token.rpartition(".")
    if not dot or not signature.isascii():
        return None
    try:
        raw = base64_decode(signature)
    except BadData:
        return None
    return f"{value}.{_b64(raw).decode('ascii')}"


def spent_key(token: str) -> str:
    """What a spent record is keyed on: the canonical text's hash (the text's own for a
    token minted here, so records made before this rule still match)."""
    return digest(canonical(token) or token)


def _max_age(purpose: str) -> int:
    if purpose == UNSUBSCRIBE:
        return UNSUBSCRIBE_MAX_AGE
    return SIGNIN_MAX_AGE if purpose == SIGNIN else ACTION_MAX_AGE


def read(
    session: Session, secret: str, token: str, purpose: str, now: datetime | None = None
) -> dict[str, Any] | None:
    """The payload of a valid, unexpired, unspent token; None for anything else."""
    serializer = _serializer(secret, purpose)
    try:
        if now is None:
            payload = serializer.loads(token, max_age=_max_age(purpose))
        else:  # a fixed clock, for tests
            payload, signed_at = serializer.loads(token, return_timestamp=True)
            if (now - signed_at).total_seconds() > _max_age(purpose):
                return None
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        return None
    if canonical(token) != token:  # verified, but not as minted: one spelling only
        return None
    spent = session.exec(select(SpentToken.id).where(SpentToken.token_hash == spent_key(token)))
    return None if spent.first() is not None else payload


def spend(
    session: Session, secret: str, token: str, purpose: str, now: datetime | None = None
) -> dict[str, Any] | None:
    """Redeem once: the payload, or None (forged, expired, already used).

    The unique hash makes a concurrent second redemption fail at flush.
    """
    payload = read(session, secret, token, purpose, now)
    if payload is None:
        return None
    session.add(SpentToken(token_hash=spent_key(token), purpose=purpose, person_id=payload["p"]))
    session.flush()
    return payload


def new_feed_token(session: Session, person_id: int) -> str:
    """A fresh calendar secret for the person; the previous URL stops working."""
    token = secrets.token_urlsafe(32)
    feed = session.get(CalendarFeed, person_id) or CalendarFeed(person_id=person_id, token_hash="")
    feed.token_hash, feed.created_at = digest(token), utcnow()
    session.add(feed)
    session.flush()
    return token


def revoke_feed(session: Session, person_id: int) -> None:
    feed = session.get(CalendarFeed, person_id)
    if feed is not None:
        session.delete(feed)
        session.flush()


def has_feed(session: Session, person_id: int) -> bool:
    return session.get(CalendarFeed, person_id) is not None


def feed_owner(session: Session, token: str) -> int | None:
    found = session.exec(
        select(CalendarFeed.person_id).where(CalendarFeed.token_hash == digest(token))
    ).first()
    return int(found) if found is not None else None
