"""The site's keys: one per purpose, derived from the secret, and rotated as a list.

One secret signs session cookies, sign-in links, one-click action links and
unsubscribe links. Each purpose signs with its own key, derived from the secret with
HKDF-SHA256 (RFC 5869, ``info`` naming the purpose), so a signature made for one
purpose never verifies for another and no key is ever the secret itself.

The secret may be a list, newest first (``DONDOC_WEB_SECRET="new,old"``, or one per line
in ``DONDOC_HOME/web-secret``): the newest signs, every one verifies, so links and
sessions made before a rotation keep working until their own expiry while everything
new is signed with the new key. ``dondoc web rotate-key`` puts a fresh key first and
retires the oldest.

Links signed before keys were derived (with the secret and itsdangerous's salted
derivation) still verify while their secret is in the list: an unsubscribe link in a
year-old message keeps working until that secret is retired.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from models.private_files import private_file, tighten
from models.settings import Settings

SECRET_FILE = "web-secret"  # noqa: S105  (a file name, not a secret)
_INFO = "dondoc/{purpose}/v1"
_KEY_BYTES = 32


class SecretError(ValueError):
    """No key can be had from the secret (empty), or it cannot be rotated here."""


def hkdf_sha256(secret: bytes, info: bytes, length: int = _KEY_BYTES, salt: bytes = b"") -> bytes:
    """RFC 5869 HKDF with SHA-256: extract (HMAC of the secret under the salt), then
    expand (chained HMACs over ``info`` and a counter). The standard library suffices."""
    prk = hmac.digest(salt or bytes(hashlib.sha256().digest_size), secret, "sha256")
    out, block = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        out += block
    return out[:length]


def key_list(secret: str) -> tuple[str, ...]:
    """The secrets in ``secret``, newest first: separated by commas or line breaks."""
    found = tuple(s.strip() for s in secret.replace(",", "\n").splitlines() if s.strip())
    if not found:
        raise SecretError("the web secret is empty")
    return found


def purpose_key(secret: str, purpose: str) -> bytes:
    """The key ``purpose`` signs with: derived from the newest secret."""
    return _derived(key_list(secret)[0], purpose)


@functools.lru_cache(maxsize=64)
def _derived(one_secret: str, purpose: str) -> bytes:
    return hkdf_sha256(one_secret.encode(), _INFO.format(purpose=purpose).encode())


def verifying_keys(secret: str, purpose: str, legacy_salt: str | None = None) -> list[bytes]:
    """Every key a ``purpose`` signature may have been made with, oldest first and the
    signing key last (itsdangerous's order): each secret's derived key and, when
    ``legacy_salt`` is given, the key itsdangerous derived from that secret and salt
    before keys were derived here."""
    ring = key_list(secret)
    legacy = (
        [TimestampSigner(s, salt=legacy_salt).derive_key() for s in reversed(ring)]
        if legacy_salt is not None
        else []
    )
    return legacy + [_derived(s, purpose) for s in reversed(ring)]


def serializer(
    secret: str, purpose: str, *, legacy_salt: str | None = None, payload: Any = None
) -> URLSafeTimedSerializer:
    """itsdangerous's timestamped URL-safe serializer over ``purpose``'s keys (used as
    they are: no further derivation), signing with the newest; ``payload``: the JSON
    module it uses (default: itsdangerous's)."""
    made: URLSafeTimedSerializer = URLSafeTimedSerializer(
        verifying_keys(secret, purpose, legacy_salt),
        salt=f"dondoc-{purpose}",
        serializer=payload,
        signer_kwargs={"key_derivation": "none"},
    )
    return made


def secret_path(settings: Settings) -> Path:
    return Path(settings.home) / SECRET_FILE


def site_secret(settings: Settings) -> str:
    """``DONDOC_WEB_SECRET``, or the keys kept (0600) beside the data, made on first use."""
    if settings.web_secret:
        return settings.web_secret
    path = secret_path(settings)
    if not path.exists():
        _write(path, [new_secret()], replace=False)
    tighten(path)
    return path.read_text(encoding="ascii").strip()


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def rotate(settings: Settings, keep: int) -> tuple[int, int]:
    """Put a new key first in the kept list, keeping the ``keep`` newest old ones: the
    number of keys now kept and the number retired. Refused when the secret comes from
    the environment (a file cannot change it)."""
    if settings.web_secret:
        raise SecretError("DONDOC_WEB_SECRET is set")
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    old = list(key_list(site_secret(settings)))
    kept = [new_secret(), *old[:keep]]
    _write(secret_path(settings), kept)
    return len(kept), len(old) - len(old[:keep])


def _write(path: Path, keys: Sequence[str], *, replace: bool = True) -> None:
    """Write the file whole, 0600: a reader sees the old list or the new one. Without
    ``replace``, a file another process made first wins (both then use its key)."""
    temporary = private_file(path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp"))
    try:
        temporary.write_text("\n".join(keys) + "\n", encoding="ascii")
        if replace:
            temporary.replace(path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
