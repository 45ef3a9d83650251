"""The Official Account's rotating tokens, in a 0600 file under DONDOC_HOME.

A Zalo OA access token lasts about 25 hours. A refresh token (single use, valid for
months) buys a new pair from ``POST https://oauth.zaloapp.com/v4/oa/access_token``
(header ``secret_key``; form ``app_id``, ``refresh_token``, ``grant_type``). Each refresh
*rotates* the refresh token, so two senders must never use the same one: a refresh holds
an exclusive lock (threads and processes), re-reads the file and refreshes only if no
one did meanwhile. The tokens never enter the task database, a URL or a log line.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from models.private_files import private_file, private_folder

OAUTH_ENV = "DONDOC_ZALO_OAUTH_URL"  # tests and self-hosted proxies only
DEFAULT_OAUTH = "https://oauth.zaloapp.com"
REFRESH_PATH = "/v4/oa/access_token"
EARLY = timedelta(minutes=30)  # refresh this long before the access token expires
DEFAULT_LIFETIME = 90_000  # seconds (25 h): Zalo's ``expires_in`` for OA access tokens


class TokenError(Exception):
    """No usable token, and trying again will not help: a person must act."""


class TokenUnavailable(Exception):
    """Zalo's OAuth server was not reached: try again on a later run."""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: datetime


def store_path(app_id: str, home: Path | None = None) -> Path:
    if home is None:
        from models.settings import get_settings

        home = get_settings().home
    return home / "zalo" / f"oa-{app_id}.json"


def save(path: Path, tokens: Tokens) -> None:
    """Write atomically, readable by this user only (0600, folder 0700)."""
    private_folder(path.parent)
    data = {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at.astimezone(UTC).isoformat(),
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".oa-", suffix=".tmp")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: Path) -> Tokens:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Tokens(
            str(data["access_token"]),
            str(data["refresh_token"]),
            datetime.fromisoformat(str(data["expires_at"])),
        )
    except FileNotFoundError:
        raise TokenError(
            f"no Zalo OA tokens in {path}: store them with `dondoc zalo tokens`"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise TokenError(f"{path}: unreadable Zalo OA tokens ({type(error).__name__})") from None


_thread_lock = threading.Lock()


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    lock_file = private_file(path.with_suffix(".lock"))
    with _thread_lock, open(lock_file, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_token(path: Path, app_id: str, secret_key: str, now: datetime) -> str:
    """The access token to send with, refreshed first when it is about to expire."""
    tokens = load(path)
    if tokens.expires_at - EARLY > now:
        return tokens.access_token
    return refresh(path, app_id, secret_key, now, stale=tokens.access_token)


def refresh(
    path: Path, app_id: str, secret_key: str, now: datetime, stale: str | None = None
) -> str:
    """A new access token. With ``stale`` (the token that failed or expired), another
    sender's refresh since then is used instead of refreshing again."""
    with _exclusive(path):
        tokens = load(path)
        if stale is not None and tokens.access_token != stale and tokens.expires_at - EARLY > now:
            return tokens.access_token
        fresh = _ask_zalo(app_id, secret_key, tokens.refresh_token, now)
        save(path, fresh)
        return fresh.access_token


def _ask_zalo(app_id: str, secret_key: str, refresh_token: str, now: datetime) -> Tokens:
    url = os.environ.get(OAUTH_ENV, DEFAULT_OAUTH).rstrip("/") + REFRESH_PATH
    try:
        reply = requests.post(
            url,
            headers={"secret_key": secret_key},
            data={"app_id": app_id, "refresh_token": refresh_token, "grant_type": "refresh_token"},
            timeout=(10, 30),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        raise TokenUnavailable(f"Zalo OAuth not reached ({type(error).__name__})") from None
    if reply.status_code >= 500:
        raise TokenUnavailable(f"Zalo OAuth answered HTTP {reply.status_code}")
    try:
        answer = reply.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("access_token") and answer.get("refresh_token"):
        try:
            lifetime = int(answer.get("expires_in") or DEFAULT_LIFETIME)
        except (ValueError, TypeError):
            lifetime = DEFAULT_LIFETIME
        access, rotated = str(answer["access_token"]), str(answer["refresh_token"])
        return Tokens(access, rotated, now + timedelta(seconds=lifetime))
    why = ""
    if isinstance(answer, dict):
        why = str(answer.get("error_description") or answer.get("error_name") or "")[:200]
    raise TokenError(
        f"Zalo refused to refresh the OA token (HTTP {reply.status_code}: {why or 'no reason'}):"
        " authorize the app for the OA again and store the new tokens (README)"
    )
