"""The token rules below the web pages: spending on the caller's clock, the kept signer
built afresh (not from the run's cache), calendar-feed secrets."""

from __future__ import annotations

import base64
import secrets
import stat
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner
from sqlmodel import Session

from models import keys, tokens
from models.settings import Settings
from tests.builders import ident, make_org

SECRET = "test-" + "k" * 40


def test_spending_uses_the_callers_clock(session: Session) -> None:
    """A link fresh on the real clock but old on the injected one is not spent, and the
    other way round; a spent link is not spent again."""
    person = ident(make_org(session).secretary)
    token = tokens.mint(SECRET, tokens.SIGNIN, person)
    later = datetime.now(UTC) + timedelta(seconds=tokens.SIGNIN_MAX_AGE + 60)
    assert tokens.spend(session, SECRET, token, tokens.SIGNIN, later) is None
    assert tokens.spend(session, SECRET, token, tokens.SIGNIN, datetime.now(UTC)) is not None
    assert tokens.spend(session, SECRET, token, tokens.SIGNIN, datetime.now(UTC)) is None


def test_a_fresh_kept_signer_signs_and_derives_as_itsdangerous() -> None:
    """Built directly, not through the run's cache: what a new process makes. It signs
    with the purpose's derived key exactly as itsdangerous's signer over that key does,
    and the run's cached signer is the one the purpose's serializer makes."""
    for purpose in (tokens.SIGNIN, tokens.ACTION):
        salt, key = f"dondoc-{purpose}", keys.purpose_key(SECRET, purpose)
        kept = tokens._KeptKeySigner(key, salt)
        plain = TimestampSigner(key, salt=salt, key_derivation="none")
        assert kept.derive_key() == plain.derive_key() == key
        assert kept.get_signature(b"eyJwIjo1fQ") == plain.get_signature(b"eyJwIjo1fQ")
        old = keys.purpose_key(SECRET + "-old", purpose)
        assert kept.derive_key(old) == old  # key rotation's path: every key as it is
        assert kept.unsign(plain.sign(b"x")) == b"x"
        made = tokens._serializer(SECRET, purpose).make_signer()
        assert tokens._signer(SECRET, purpose).get_signature(b"v") == made.get_signature(b"v")


def test_a_calendar_feed_secret_is_long_random_and_revocable(session: Session) -> None:
    person = ident(make_org(session).secretary)
    assert not tokens.has_feed(session, person)
    first = tokens.new_feed_token(session, person)
    assert len(base64.urlsafe_b64decode(first + "=")) == 32  # 256 bits
    assert tokens.has_feed(session, person)
    assert tokens.feed_owner(session, first) == person
    second = tokens.new_feed_token(session, person)  # a new URL: the old one stops working
    assert second != first
    assert tokens.feed_owner(session, first) is None
    assert tokens.feed_owner(session, second) == person
    tokens.revoke_feed(session, person)
    assert not tokens.has_feed(session, person)
    assert tokens.feed_owner(session, second) is None


def test_compression_follows_the_librarys_rule_at_its_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """itsdangerous compresses only when that saves more than the leading dot costs: the
    payloads whose compressed form is as long, one shorter and two shorter than the JSON
    give the very token the library gives."""
    monkeypatch.setattr(time, "time", lambda: 1_721_000_000.25)
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "fixed-nonce-1234")
    plain = keys.serializer(SECRET, tokens.ACTION, payload=tokens._CompactJson)
    for text in ("ababababab", "abcabcabcabcxyz", "abababababab"):  # saves 0, 1, 2 bytes
        payload = {"p": 7, "n": "fixed-nonce-1234", "a": text}
        raw = tokens._CompactJson.dumps(payload).encode()
        assert len(raw) - len(zlib.compress(raw)) in (0, 1, 2)
        assert tokens.mint(SECRET, tokens.ACTION, 7, a=text) == plain.dumps(payload)


def test_encoding_keeps_every_character_but_the_padding() -> None:
    assert tokens._b64(b"\x00\x00\x17") == b"AAAX"  # a value ending in "X" keeps it
    assert tokens._b64(b"\xff") == b"_w"
    key = keys.purpose_key(SECRET, tokens.SIGNIN)
    kept = tokens._KeptKeySigner(key, "dondoc-signin")
    assert kept.get_signature("text") == TimestampSigner(
        key, salt="dondoc-signin", key_derivation="none"
    ).get_signature(b"text")


def test_age_is_measured_as_the_library_does(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the injected clock, a token exactly its lifetime old still reads (the library's
    ``age > max_age``), one second more does not."""
    person = ident(make_org(session).secretary)
    monkeypatch.setattr(time, "time", lambda: 1_721_000_000.0)
    token = tokens.mint(SECRET, tokens.ACTION, person, t=1, a="done")
    monkeypatch.undo()
    signed = datetime.fromtimestamp(1_721_000_000, UTC)
    edge = signed + timedelta(seconds=tokens.ACTION_MAX_AGE)
    assert tokens.read(session, SECRET, token, tokens.ACTION, edge) is not None
    assert tokens.read(session, SECRET, token, tokens.ACTION, edge + timedelta(seconds=1)) is None


def test_a_signed_payload_without_a_person_is_refused(session: Session) -> None:
    plain = keys.serializer(SECRET, tokens.SIGNIN, payload=tokens._CompactJson)
    for payload in ({"x": 1}, {"p": "7"}, [7], {"p": None}):
        signed = str(plain.dumps(payload))
        assert tokens.read(session, SECRET, signed, tokens.SIGNIN) is None, payload


def test_a_missing_web_secret_is_made_once_and_kept_private(tmp_path: Path) -> None:
    nested, existing = tmp_path / "data" / "dondoc", tmp_path / "kept"
    existing.mkdir()  # a home that exists already, without the key
    for home in (nested, existing):
        settings = Settings(home=home, web_secret=None)
        first = tokens.secret_key(settings)
        assert len(first) >= 64 and tokens.secret_key(settings) == first
        kept = home / "web-secret"
        assert kept.read_text(encoding="ascii").strip() == first
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert tokens.secret_key(Settings(home=existing)) != tokens.secret_key(Settings(home=nested))
    assert tokens.secret_key(Settings(home=tmp_path, web_secret="given")) == "given"
