"""Minting is sped up (kept serializer, signer and key), but a token must stay exactly
what itsdangerous makes and reads: links already sent keep working, and new links
verify on any server, including one running the plain library."""

from __future__ import annotations

import secrets
import time

import pytest
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from models import tokens

SECRET = "test-" + "s" * 40


def test_kept_signer_signs_as_itsdangerous() -> None:
    for purpose in (tokens.ACTION, tokens.SIGNIN, tokens.UNSUBSCRIBE):
        plain = TimestampSigner(SECRET, salt=f"dondoc-{purpose}")
        for value in (b"", b"eyJwIjo1fQ", b".eJyrVkpRslIqyUxRqAWFZgHb.ZkXyZ"):
            assert tokens._signer(SECRET, purpose).get_signature(value) == plain.get_signature(
                value
            )


def test_minted_tokens_read_by_the_plain_library_and_back() -> None:
    plain = URLSafeTimedSerializer(SECRET, salt="dondoc-action")
    minted = tokens.mint(SECRET, tokens.ACTION, 7, t=12, a="done")
    payload = plain.loads(minted)
    assert payload["p"] == 7 and payload["t"] == 12 and payload["a"] == "done"
    assert len(payload["n"]) == 16  # the nonce: 12 random bytes
    # A token made before the change (the plain library's dumps) still reads.
    old = plain.dumps({"p": 7, "n": "nonce", "t": 12, "a": "done"})
    assert tokens._serializer(SECRET, tokens.ACTION).loads(old)["n"] == "nonce"


def test_other_secret_or_purpose_is_refused() -> None:
    minted = tokens.mint(SECRET, tokens.ACTION, 7, t=12, a="done")
    for secret, salt in ((SECRET + "x", "dondoc-action"), (SECRET, "dondoc-signin")):
        try:
            URLSafeTimedSerializer(secret, salt=salt).loads(minted)
        except BadSignature:
            continue
        raise AssertionError(f"accepted under {salt} with another secret: {secret != SECRET}")


def test_minted_tokens_are_the_plain_librarys_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same payload, nonce and second give the very token ``dumps`` gives, compressed
    (a long payload) or not (every real one)."""
    monkeypatch.setattr(time, "time", lambda: 1_721_000_000.75)
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "fixed-nonce-1234")
    for purpose in (tokens.ACTION, tokens.UNSUBSCRIBE):
        plain = URLSafeTimedSerializer(
            SECRET, salt=f"dondoc-{purpose}", serializer=tokens._CompactJson
        )
        for bound in ({}, {"t": 12, "a": "progress"}, {"t": 3, "a": "extend" * 40}):
            minted = tokens.mint(SECRET, purpose, 7, **bound)
            assert minted == plain.dumps({"p": 7, "n": "fixed-nonce-1234", **bound})
    assert tokens.mint(SECRET, tokens.ACTION, 7, t=3, a="extend" * 40).startswith(".")
