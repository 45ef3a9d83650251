"""Zalo Official Account messages as an Apprise channel.

The channel URL is ``zalo://{address}?token=<OA access token>`` (``&rate=`` messages per
second, ``&rto=`` reply timeout). The address is the follower's numeric Zalo user id,
checked again here; the token is a secret like an SMTP password and lives only in the
channel configuration. Messages go to the OA API v3 customer-service endpoint
(``POST /v3.0/oa/message/cs``, header ``access_token``) as plain text: the digest's HTML
becomes text that keeps each link's address, cut into parts of at most 2,000 characters.

The API base is fixed; only the operator's environment (``DONDOC_ZALO_API_URL``, for
tests and self-hosted proxies) can change it, never a URL or a stored contact, so the
token cannot be sent to another host.

Apprise only hears True or False from a plugin; why a send failed matters to the
delivery ledger, so the plugin leaves a ``Verdict`` for the sending thread
(``take_verdict``): *permanent* (bad token, person not reachable: sending again cannot
help), *later* (rate or quota exceeded: the ledger backs off to a later run) or
*ambiguous* (the request left and no answer came: Zalo may have the message).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar, Literal

import requests
from apprise.common import NotifyFormat, NotifyType
from apprise.manager_plugins import NotificationManager
from apprise.plugins.base import NotifyBase
from apprise.url import PrivacyMode
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from models.contacts import ZALO_USER_ID
from notifications.channels.zalo import tokens as zalo_tokens

API_ENV = "DONDOC_ZALO_API_URL"
DEFAULT_API = "https://openapi.zalo.me"
SEND_PATH = "/v3.0/oa/message/cs"
MAX_TEXT = 2000  # the OA API's limit for one text message
DEFAULT_RATE = 5.0  # messages per second per OA and sending process (``&rate=``)

# retry: not reached, or a 5xx; the sender tries again within the run as for any channel
Kind = Literal["permanent", "later", "ambiguous", "retry"]


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    reason: str
    token_refused: bool = False  # the access token is invalid or expired


_TOKEN_CODES = {-124, -216, -220}
_TOKEN_TROUBLE: dict[type[Exception], Kind] = {
    zalo_tokens.TokenError: "permanent",
    zalo_tokens.TokenUnavailable: "later",
}


# The OA API answers HTTP 200 with ``{"error": <code>, "message": ...}``. Codes not named
# here are retried on later runs and reported to the office after the last attempt.
_PERMANENT: dict[int, str] = {
    -124: "the OA access token is invalid or expired: renew it (README, Zalo Official Account)",
    -216: "the OA access token is invalid or expired: renew it (README, Zalo Official Account)",
    -220: "the OA access token has expired: renew it (README, Zalo Official Account)",
    -201: "Zalo refused the request's parameters",
    -204: "the Official Account has been deleted",
    -205: "the Official Account does not exist",
    -209: "the Zalo app is not linked to the Official Account",
    -212: "the Official Account has not registered this API",
    -213: "this person does not follow the Official Account",
    -217: "this person has blocked messages from the Official Account",
    -227: "this person's Zalo account is locked or inactive",
    -230: "this person has not interacted with the Official Account recently enough",
    -232: "this person has not interacted with the Official Account recently enough",
    -244: "this person has refused messages from the Official Account",
}
_LATER: dict[int, str] = {
    -32: "Zalo's request rate limit was exceeded",
    -211: "the Official Account's message quota is used up",
    -218: "the Official Account reached its message limit for this person",
    -223: "the Official Account reached its message quota",
}


def classify(code: int, message: str) -> Verdict:
    """What an OA API error code means for the delivery: stop, or try on a later run."""
    detail = f"(Zalo error {code}: {message[:200]})"
    if code in _PERMANENT:
        return Verdict("permanent", f"{_PERMANENT[code]} {detail}", code in _TOKEN_CODES)
    if code in _LATER:
        return Verdict("later", f"{_LATER[code]} {detail}")
    return Verdict("later", f"Zalo refused the message {detail}")


_state = threading.local()


def reset() -> None:
    _state.verdict = None


def take_verdict() -> Verdict | None:
    """Why this thread's last Zalo send failed (None: it did not, or not for a known
    reason); cleared by reading."""
    verdict: Verdict | None = getattr(_state, "verdict", None)
    _state.verdict = None
    return verdict


class Throttle:
    """Spaces sends to one OA (keyed by its token) at least ``1/rate`` seconds apart,
    across the threads of this process: each caller reserves the next free slot, then
    waits for it outside the lock."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, rate: float) -> None:
        if rate <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(key, now))
            self._next[key] = slot + 1.0 / rate
        if slot > now:
            self._sleep(slot - now)


THROTTLE = Throttle()

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "ul", "ol", "table", "hr"}


class _Text(HTMLParser):
    """HTML to chat text that keeps each link's address (Zalo links bare URLs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._href: list[str | None] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.out.append("\n")
            if tag == "li":
                self.out.append("• ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
            self.out.append("\x00")  # where the link text starts

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS and tag != "li":  # list items: one line each, no gap
            self.out.append("\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            start = len(self.out) - 1 - self.out[::-1].index("\x00")
            label = "".join(self.out[start + 1 :]).strip()
            self.out[start:] = [label]
            if href and href.startswith(("http://", "https://")) and href != label:
                self.out.append(f" {href}" if label else href)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(re.sub(r"\s+", " ", data))  # HTML: line breaks in source are spaces

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.out).split("\n")]
        collapsed: list[str] = []
        for line in lines:
            if line or (collapsed and collapsed[-1]):
                collapsed.append(line)
        return "\n".join(collapsed).strip()


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()  # entities already decoded (convert_charrefs)


def _units(text: str) -> int:
    """Length as the API counts it (UTF-16 code units: an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> tuple[str, str]:
    """The longest head of ``text`` within ``limit``, ended at a space when there is one."""
    size, end = 0, 0
    for end, char in enumerate(text):  # noqa: B007 - end is used after the loop
        size += _units(char)
        if size > limit:
            break
    else:
        return text, ""
    space = text.rfind(" ", 0, end)
    if space > limit // 2:
        end = space
    return text[:end].rstrip(), text[end:].lstrip()


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in parts of at most ``limit`` units, cut between lines where possible;
    numbered "(1/3) " when there is more than one."""
    if _units(text) <= limit:
        return [text]
    room = limit - len("(99/99) ")
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) <= room:
            current = candidate
            continue
        if _units(line) <= room:
            parts.append(current)
            current = line
            continue
        current = candidate  # a line longer than a part: cut it where it stands
        while _units(current) > room:
            head, current = _cut(current, room)
            parts.append(head)
    if current:
        parts.append(current)
    return [f"({i}/{len(parts)}) {part}" for i, part in enumerate(parts, 1)]


_APP_ID = re.compile(r"[0-9]{1,25}")


def _usable(secret: str) -> bool:
    return bool(secret) and not any(c.isspace() or not c.isprintable() for c in secret)


def _nothing_sent(error: requests.RequestException) -> bool:
    """True when the request never reached the server (connect refused or timed out)."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


# Apprise's base class is only partly typed (its class attributes are typed as None):
# seen as Any, so this plugin is checked on its own terms.
_NotifyBase: Any = NotifyBase


class NotifyZalo(_NotifyBase):  # type: ignore[misc]
    """One text message to one follower of a Zalo Official Account."""

    service_name = "Zalo Official Account"
    service_url = "https://oa.zalo.me/"
    secure_protocol = "zalo"
    notify_format = NotifyFormat.HTML  # converted here, keeping link addresses
    body_maxlen = 1_000_000  # split here into 2,000-character messages, not truncated
    request_rate_per_sec = 0  # throttled per OA across instances (THROTTLE), not per object
    templates = ("{schema}://{user_id}?token={token}",)
    template_tokens: ClassVar[dict[str, Any]] = dict(
        NotifyBase.template_tokens,
        user_id={"name": "Zalo user id", "type": "string", "required": True},
    )
    template_args: ClassVar[dict[str, Any]] = dict(
        NotifyBase.template_args,
        token={"name": "OA access token", "type": "string", "private": True, "required": True},
        rate={"name": "Messages per second", "type": "float", "default": DEFAULT_RATE},
    )

    def __init__(
        self,
        user_id: str,
        token: str | None = None,
        app: str | None = None,
        secret: str | None = None,
        rate: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not ZALO_USER_ID.fullmatch(user_id or ""):
            raise TypeError("Zalo: the target is not a numeric Zalo user id")
        self.user_id, self.token, self.app, self.secret = user_id, token or None, app, secret
        self.token_file: Path | None = None
        if self.token is None and app and secret:
            if not _APP_ID.fullmatch(app) or not _usable(secret):
                raise TypeError("Zalo: app= must be the numeric app id, secret= its secret key")
            self.token_file = zalo_tokens.store_path(app)
        elif self.token is None or not _usable(self.token):
            raise TypeError(
                "Zalo: give token= (an OA access token) or app= and secret= (tokens kept by "
                "`dondoc zalo tokens`, refreshed automatically)"
            )
        self.rate = DEFAULT_RATE if rate is None else float(rate)

    @property
    def url_identifier(self) -> tuple[str, str]:
        return (self.secure_protocol, self._oa)  # one OA; the follower is the target

    @property
    def _oa(self) -> str:
        return str(self.app) if self.token_file is not None else str(self.token)

    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        params = self.url_parameters(privacy=privacy, *args, **kwargs)  # noqa: B026
        if self.token_file is not None:
            params["app"] = self.app
            params["secret"] = self.pprint(self.secret, privacy, mode=PrivacyMode.Secret, safe="")
        else:
            params["token"] = self.pprint(self.token, privacy, mode=PrivacyMode.Secret, safe="")
        params["rate"] = str(self.rate)
        return f"zalo://{self.user_id}?{self.urlencode(params)}"

    def __len__(self) -> int:
        return 1

    @staticmethod
    def parse_url(url: str) -> dict[str, Any] | None:
        results: dict[str, Any] | None = _NotifyBase.parse_url(url, verify_host=False)
        if not results:
            return results
        results["user_id"] = NotifyZalo.unquote(results.get("host") or "")
        for key in ("token", "app", "secret"):
            results[key] = results["qsd"].get(key) or None
        if "rate" in results["qsd"]:
            try:
                results["rate"] = float(results["qsd"]["rate"])
            except ValueError:
                return None
        return results

    def send(
        self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any
    ) -> bool:
        reset()
        text = html_to_text(body)
        heading = html_to_text(title) if title else ""
        if heading and not text.startswith(heading):
            text = f"{heading}\n\n{text}" if text else heading
        parts = split_text(text)
        api = os.environ.get(API_ENV, DEFAULT_API).rstrip("/") + SEND_PATH
        try:
            token = self._token()
        except (zalo_tokens.TokenError, zalo_tokens.TokenUnavailable) as error:
            return self._failed(Verdict(_TOKEN_TROUBLE[type(error)], str(error)))
        for number, part in enumerate(parts):
            verdict = self._post(api, token, part)
            if verdict is not None and verdict.token_refused and self.token_file is not None:
                try:  # refused, so not delivered: safe to send again with a fresh token
                    token = self._token(stale=token)
                except (zalo_tokens.TokenError, zalo_tokens.TokenUnavailable) as error:
                    verdict = Verdict(_TOKEN_TROUBLE[type(error)], str(error))
                else:
                    verdict = self._post(api, token, part)
            if verdict is None:
                continue
            if number > 0 and verdict.kind != "permanent":
                # Part 1 arrived: sending the whole again would repeat it.
                verdict = Verdict(
                    "ambiguous", f"{number} of {len(parts)} parts sent; {verdict.reason}"
                )
            return self._failed(verdict)
        return True

    def _failed(self, verdict: Verdict) -> bool:
        _state.verdict = None if verdict.kind == "retry" else verdict
        self.logger.warning("Zalo message not sent: %s", verdict.reason)
        return False

    def _token(self, stale: str | None = None) -> str:
        if self.token_file is None:
            return str(self.token)
        now = datetime.now(UTC)
        if stale is None:
            return zalo_tokens.current_token(self.token_file, str(self.app), str(self.secret), now)
        return zalo_tokens.refresh(
            self.token_file, str(self.app), str(self.secret), now, stale=stale
        )

    def _post(self, api: str, token: str, text: str) -> Verdict | None:
        """None when Zalo took the message; else why not."""
        THROTTLE.wait(self._oa, self.rate)
        payload = {"recipient": {"user_id": self.user_id}, "message": {"text": text}}
        headers = {
            "access_token": token,
            "Content-Type": "application/json",
            "User-Agent": self.app_id,
        }
        try:
            reply = requests.post(
                api,
                data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                headers=headers,
                timeout=self.request_timeout,
                verify=self.verify_certificate,
                allow_redirects=False,  # the token header must not follow to another host
            )
        except requests.RequestException as error:
            if _nothing_sent(error):
                return Verdict("retry", f"Zalo not reached ({type(error).__name__})")
            return Verdict("ambiguous", f"no answer from Zalo ({type(error).__name__})")
        if reply.status_code == 429:
            return Verdict("later", "Zalo's request rate limit was exceeded (HTTP 429)")
        if reply.status_code >= 500:
            return Verdict("retry", f"Zalo answered HTTP {reply.status_code}")
        try:
            answer = reply.json()
            code = int(answer.get("error", -1))
        except (ValueError, TypeError, AttributeError):
            return Verdict("ambiguous", f"unreadable answer from Zalo (HTTP {reply.status_code})")
        if reply.status_code == 200 and code == 0:
            return None
        return classify(code, str(answer.get("message", "")))


def register() -> None:
    """Make ``zalo://`` known to Apprise in this process (idempotent)."""
    manager = NotificationManager()  # type: ignore[no-untyped-call]  # a shared singleton
    if "zalo" not in manager:
        manager.add(NotifyZalo, schemas="zalo")  # type: ignore[no-untyped-call]


register()
