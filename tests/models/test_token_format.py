"""Minting is sped up (kept serializer, signer and key), but a token must stay exactly
what itsdangerous makes and reads with the purpose's key (``models.keys``): new links
verify on any server, including one running the plain library given that key, and
links signed before keys were derived (the plain library over the secret) still read."""

from __future__ import annotations

import secrets
import time
from typing import Any

import pytest
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from models import keys, tokens

SECRET = "test-" + "s" * 40


def _plain(purpose: str, payload: Any = None) -> URLSafeTimedSerializer:
    """The plain library over the purpose's derived key, used as it is."""
    made: URLSafeTimedSerializer = URLSafeTimedSerializer(
        keys.purpose_key(SECRET, purpose),
        salt=f"dondoc-{purpose}",
        serializer=payload,
        signer_kwargs={"key_derivation": "none"},
    )
    return made


def test_kept_signer_signs_as_itsdangerous() -> None:
    for purpose in (tokens.ACTION, tokens.SIGNIN, tokens.UNSUBSCRIBE):
        key = keys.purpose_key(SECRET, purpose)
        plain = TimestampSigner(key, salt=f"dondoc-{purpose}", key_derivation="none")
        for value in (b"", b"eyJwIjo1fQ", b".eJyrVkpRslIqyUxRqAWFZgHb.ZkXyZ"):
            assert tokens._signer(SECRET, purpose).get_signature(value) == plain.get_signature(
                value
            )


def test_minted_tokens_read_by_the_plain_library_and_back() -> None:
    minted = tokens.mint(SECRET, tokens.ACTION, 7, t=12, a="done")
    payload = _plain(tokens.ACTION).loads(minted)
    assert payload["p"] == 7 and payload["t"] == 12 and payload["a"] == "done"
    assert len(payload["n"]) == 16  # the nonce: 12 random bytes
    # A token made by the plain library's dumps reads.
    plain = _plain(tokens.ACTION).dumps({"p": 7, "n": "nonce", "t": 12, "a": "done"})
    assert tokens._serializer(SECRET, tokens.ACTION).loads(plain)["n"] == "nonce"
    # So does one signed before keys were derived (the library's own derivation of the
    # secret): links in old messages keep working while their secret is kept.
    old = URLSafeTimedSerializer(SECRET, salt="dondoc-action").dumps({"p": 7, "n": "old"})
    assert tokens._serializer(SECRET, tokens.ACTION).loads(old)["n"] == "old"


def test_other_secret_or_purpose_is_refused() -> None:
    minted = tokens.mint(SECRET, tokens.ACTION, 7, t=12, a="done")
    for secret, salt in ((SECRET + "x", "dondoc-action"), (SECRET, "dondoc-signin")):
        try:
            URLSafeTimedSerializer(secret, salt=salt).loads(minted)
        except BadSignature:
            continue
        raise AssertionError(f"accepted under {salt} with another secret: {secret != SECRET}")
    # Nor is the secret itself the key: a token signed with it directly is refused.
    raw = URLSafeTimedSerializer(SECRET, salt="x", signer_kwargs={"key_derivation": "none"})
    with pytest.raises(BadSignature):
        tokens._serializer(SECRET, tokens.ACTION).loads(raw.dumps({"p": 7}))


def test_minted_tokens_are_the_plain_librarys_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same payload, nonce and second give the very token ``dumps`` gives, compressed
    (a long payload) or not (every real one)."""
    monkeypatch.setattr(time, "time", lambda: 1_721_000_000.75)
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "fixed-nonce-1234")
    for purpose in (tokens.ACTION, tokens.UNSUBSCRIBE):
        plain = _plain(purpose, tokens._CompactJson)
        for bound in ({}, {"t": 12, "a": "progress"}, {"t": 3, "a": "extend" * 40}):
            minted = tokens.mint(SECRET, purpose, 7, **bound)
            assert minted == plain.dumps({"p": 7, "n": "fixed-nonce-1234", **bound})
    assert tokens.mint(SECRET, tokens.ACTION, 7, t=3, a="extend" * 40).startswith(".")
