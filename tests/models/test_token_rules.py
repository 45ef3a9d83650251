"""The token rules below the web pages: spending on the caller's clock, the kept signer
built afresh (not from the run's cache), calendar-feed secrets."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from itsdangerous import TimestampSigner
from sqlmodel import Session

from models import tokens
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
    """Built directly, not through the run's cache: what a new process makes."""
    for purpose in (tokens.SIGNIN, tokens.ACTION):
        salt = f"dondoc-{purpose}"
        kept, plain = tokens._KeptKeySigner(SECRET, salt), TimestampSigner(SECRET, salt=salt)
        assert kept.derive_key() == plain.derive_key()
        assert kept.get_signature(b"eyJwIjo1fQ") == plain.get_signature(b"eyJwIjo1fQ")
        other = TimestampSigner(SECRET + "-old", salt=salt)
        assert kept.derive_key(SECRET + "-old") == other.derive_key()  # key rotation's path
        assert kept.unsign(plain.sign(b"x")) == b"x"


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
