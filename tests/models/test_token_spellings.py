"""A token has exactly one accepted spelling, and a spent one stays spent however it is
written. itsdangerous decodes the signature's URL-safe base64 leniently: padding,
characters outside the alphabet, the standard alphabet's ``+`` and ``/`` and the unused
low bits of the last character all decode to the same signature. A spent record keyed
on the text received would let ``<spent link>=`` sign in or act again.

Properties over random respellings (suffixes, paddings, case changes, re-encodings) of
spent and live tokens of every kind, on both backends: no other spelling is read, none
is spent, and the spent-record key of every spelling the library accepts is the same.
"""

from __future__ import annotations

import base64
import string
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlmodel import Session, select

from models import keys, tokens
from models.org import UnitKind
from models.tokens import ACTION, SIGNIN, UNSUBSCRIBE, SpentToken
from tests.builders import add_person, add_unit

SECRET = "test-" + "s" * 40
KINDS = {
    SIGNIN: {},
    ACTION: {"t": 7, "a": "progress"},
    UNSUBSCRIBE: {},
}
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
NOISE = "=~.-_+/%! \t" + string.ascii_letters + string.digits


@pytest.fixture
def person_id(session: Session) -> int:
    """One person for the whole test: a function-scoped fixture is shared by its examples."""
    unit = add_unit(session, "U", UnitKind.COMMITTEE)
    person = add_person(session, "p", unit)
    session.commit()
    assert person.id is not None
    return person.id


def _signature_respelled(token: str, how: int, noise: str) -> str:
    """The same signature bytes, written another way the lenient decoder accepts."""
    value, _, signature = token.rpartition(".")
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    padded = base64.urlsafe_b64encode(raw).decode()
    if how == 0:  # padded
        return f"{value}.{padded}"
    if how == 1:  # the standard alphabet
        return f"{value}.{base64.b64encode(raw).decode().rstrip('=')}"
    if how == 2:  # the last character's unused low bits set
        unused = (len(raw) * 8) % 6 and 6 - (len(raw) * 8) % 6
        alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
        last = alphabet.index(signature[-1]) | ((1 << unused) - 1)
        return f"{value}.{signature[:-1]}{alphabet[last]}"
    # junk the decoder skips, inside the signature
    middle = len(signature) // 2
    junk = "".join(c for c in noise if c not in string.ascii_letters + string.digits + "-_")
    return f"{value}.{signature[:middle]}{junk or '~'}{signature[middle:]}"


@dataclass(frozen=True)
class Respelling:
    """Another text for a token: drawn without looking at the token (whose nonce and
    time differ on every run), then applied to it."""

    kind: str
    text: str
    count: int
    picks: frozenset[int]

    def __call__(self, token: str) -> str:
        if self.kind == "suffix":
            return token + self.text
        if self.kind == "padding":
            return token + "=" * self.count + ("~" if self.picks else "")
        if self.kind == "prefix":
            return self.text + token
        if self.kind == "case":
            letters = [i for i, c in enumerate(token) if c.isalpha()]
            flips = {letters[p % len(letters)] for p in self.picks}
            return "".join(c.swapcase() if i in flips else c for i, c in enumerate(token))
        return _signature_respelled(token, self.count % 4, self.text)


respellings = st.builds(
    Respelling,
    kind=st.sampled_from(("suffix", "padding", "case", "reencode", "prefix")),
    text=st.text(alphabet=NOISE, min_size=1, max_size=6),
    count=st.integers(1, 4),
    picks=st.frozensets(st.integers(0, 10_000), min_size=1, max_size=4),
)


def _accepted_by_the_library(token: str, purpose: str) -> bool:
    serializer = URLSafeTimedSerializer(  # the plain library, with the purpose's own key
        keys.purpose_key(SECRET, purpose),
        salt=f"dondoc-{purpose}",
        serializer=tokens._CompactJson,
        signer_kwargs={"key_derivation": "none"},
    )
    try:
        serializer.loads(token)
    except (BadData, UnicodeError):
        return False
    return True


def test_the_lenient_decoder_is_real() -> None:
    """What the guard is for: the plain library reads a padded spelling as the token."""
    token = tokens.mint(SECRET, SIGNIN, 1)
    for tail in ("=", "==", "===", "=~"):
        assert _accepted_by_the_library(token + tail, SIGNIN)


@SETTINGS
@given(data=st.data())
def test_no_respelling_of_a_spent_token_is_read_or_spent(
    session: Session, person_id: int, data: st.DataObject
) -> None:
    for purpose in (SIGNIN, ACTION):
        token = tokens.mint(SECRET, purpose, person_id, **KINDS[purpose])
        assert tokens.spend(session, SECRET, token, purpose) is not None
        session.commit()
        other = data.draw(respellings)(token)
        if other != token:
            assert tokens.read(session, SECRET, other, purpose) is None
            assert tokens.spend(session, SECRET, other, purpose) is None
        assert tokens.spend(session, SECRET, token, purpose) is None


@SETTINGS
@given(data=st.data())
def test_a_live_token_has_exactly_one_accepted_spelling(
    session: Session, person_id: int, data: st.DataObject
) -> None:
    for purpose, bound in KINDS.items():
        token = tokens.mint(SECRET, purpose, person_id, **bound)
        other = data.draw(respellings)(token)
        if other != token:
            assert tokens.read(session, SECRET, other, purpose) is None
        if purpose != UNSUBSCRIBE:  # reusable by design, never spent
            if other != token:
                assert tokens.spend(session, SECRET, other, purpose) is None
            assert tokens.spend(session, SECRET, token, purpose) is not None
            assert tokens.spend(session, SECRET, token, purpose) is None
        else:
            assert tokens.read(session, SECRET, token, purpose) is not None
    session.rollback()
    feed = tokens.new_feed_token(session, person_id)
    other = data.draw(respellings)(feed)
    assert other == feed or tokens.feed_owner(session, other) is None
    assert tokens.feed_owner(session, feed) == person_id
    session.rollback()


@SETTINGS
@given(data=st.data())
def test_every_spelling_the_library_accepts_has_the_one_spent_key(data: st.DataObject) -> None:
    """The spent record is keyed on what was verified, not on the text received: were the
    one-spelling rule ever lost, a spent token's respellings would still find it spent."""
    purpose = data.draw(st.sampled_from((SIGNIN, ACTION)))
    token = tokens.mint(SECRET, purpose, 5, **KINDS[purpose])
    other = data.draw(respellings)(token)
    if _accepted_by_the_library(other, purpose):
        assert tokens.spent_key(other) == tokens.spent_key(token) == tokens.digest(token)


def test_the_spent_record_holds_the_canonical_key(session: Session, person_id: int) -> None:
    token = tokens.mint(SECRET, ACTION, person_id, t=7, a="done")
    assert tokens.spend(session, SECRET, token, ACTION) is not None
    session.commit()
    (stored,) = session.exec(select(SpentToken.token_hash)).all()
    assert stored == tokens.spent_key(token) == tokens.digest(token)


def test_a_token_without_a_signature_has_no_canonical_spelling() -> None:
    """No dot, or a signature that is not ASCII, or one that does not decode: nothing to
    re-spell (the spent record then keys on the text as given)."""
    minted = tokens.mint("s" * 32, SIGNIN, 7)
    value, _, signature = minted.rpartition(".")
    assert tokens.canonical(minted) == minted
    assert tokens.canonical(signature) is None  # no dot, an ASCII signature that decodes
    assert tokens.canonical(f"{value}.{signature}é") is None
    assert tokens.canonical(f"{value}.a") is None  # one character decodes to nothing whole
    assert tokens.spent_key(signature) == tokens.digest(signature)
