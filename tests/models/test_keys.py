"""One key per purpose (HKDF), a list of keys for rotation, ``dondoc web rotate-key``."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadSignature
from typer.testing import CliRunner

from cli.app import app
from models import keys, tokens
from models.settings import Settings, get_settings

SECRET = "k" * 48


def test_hkdf_is_rfc_5869() -> None:
    # RFC 5869, test case 1 (with salt and info), and the cryptography package's HKDF.
    ikm = bytes.fromhex("0b" * 22)
    salt = bytes.fromhex("000102030405060708090a0b0c")
    info = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    okm = keys.hkdf_sha256(ikm, info, 42, salt)
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )
    for purpose in ("session", "signin", "action", "unsubscribe"):
        info = f"dondoc/{purpose}/v1".encode()
        reference = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
        assert keys.purpose_key(SECRET, purpose) == reference.derive(SECRET.encode())


def test_each_purpose_has_its_own_key_and_none_is_the_secret() -> None:
    found = {keys.purpose_key(SECRET, p) for p in ("session", "signin", "action", "unsubscribe")}
    assert len(found) == 4 and SECRET.encode() not in found
    signin = tokens.mint(SECRET, tokens.SIGNIN, 7)
    for purpose in (tokens.ACTION, tokens.UNSUBSCRIBE):
        with pytest.raises(BadSignature):
            tokens._serializer(SECRET, purpose).loads(signin)


def test_the_newest_key_signs_and_every_kept_key_verifies() -> None:
    old, new = "o" * 48, "n" * 48
    before = tokens.mint(old, tokens.ACTION, 7, t=1, a="done")
    ring = f"{new},{old}"
    assert keys.key_list(f" {new}\n{old}\n") == keys.key_list(ring) == (new, old)
    assert tokens._serializer(ring, tokens.ACTION).loads(before)["p"] == 7
    after = tokens.mint(ring, tokens.ACTION, 8, t=1, a="done")
    assert tokens._serializer(new, tokens.ACTION).loads(after)["p"] == 8  # signed by new
    with pytest.raises(BadSignature):
        tokens._serializer(old, tokens.ACTION).loads(after)
    with pytest.raises(BadSignature):  # the old key retired: its links stop working
        tokens._serializer(new, tokens.ACTION).loads(before)
    session = keys.serializer(ring, "session")
    assert keys.serializer(new, "session").loads(session.dumps({"p": 1})) == {"p": 1}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "not-yet" / "dondoc"
    monkeypatch.setenv("DONDOC_HOME", str(home))
    monkeypatch.delenv("DONDOC_WEB_SECRET", raising=False)
    get_settings.cache_clear()
    old = os.umask(0o022)  # the usual umask: what is made must not depend on it
    yield home
    os.umask(old)
    get_settings.cache_clear()


def test_rotate_key_puts_a_new_key_first_and_retires_the_oldest(home: Path) -> None:
    settings = Settings(home=home)
    first = keys.site_secret(settings)  # made on first use
    path = home / "web-secret"
    assert _mode(path) == 0o600 and _mode(home) == 0o700 and _mode(home.parent) == 0o700
    link = tokens.mint(first, tokens.UNSUBSCRIBE, 3)
    runner = CliRunner()
    done = runner.invoke(app, ["--lang", "en", "web", "rotate-key"])
    assert done.exit_code == 0, done.output
    assert "2 keys kept, 0 old ones retired" in done.output
    ring = keys.site_secret(settings)
    second, kept = keys.key_list(ring)
    assert kept == first and second != first
    assert second not in done.output and first not in done.output  # never printed
    assert _mode(path) == 0o600
    assert tokens._serializer(ring, tokens.UNSUBSCRIBE).loads(link)["p"] == 3
    # After a leak: a new key alone, every older link and session refused.
    leaked = runner.invoke(app, ["--lang", "en", "web", "rotate-key", "--keep", "0"])
    assert "1 keys kept, 2 old ones retired" in leaked.output
    (third,) = keys.key_list(keys.site_secret(settings))
    assert third not in (first, second)
    with pytest.raises(BadSignature):
        tokens._serializer(keys.site_secret(settings), tokens.UNSUBSCRIBE).loads(link)
    assert [p.name for p in home.iterdir()] == ["web-secret"]  # no temporary file left


def test_rotate_key_refuses_a_key_from_the_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONDOC_WEB_SECRET", SECRET)
    get_settings.cache_clear()
    refused = CliRunner().invoke(app, ["--lang", "en", "web", "rotate-key"])
    assert refused.exit_code == 2
    assert "The key comes from DONDOC_WEB_SECRET" in refused.output
    assert SECRET not in refused.output and not home.exists()


def test_an_older_world_readable_key_file_is_tightened(home: Path) -> None:
    home.mkdir(parents=True)
    path = home / "web-secret"
    path.write_text(SECRET + "\n", encoding="ascii")
    path.chmod(0o644)
    assert keys.site_secret(Settings(home=home)) == SECRET
    assert _mode(path) == 0o600
