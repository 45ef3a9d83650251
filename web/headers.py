"""What every answer carries, and which hosts are answered at all.

- **Hosts**: a request naming a host other than the public address's
  (``DONDOC_WEB_URL``) is refused with 400 before anything else runs. The application
  builds absolute addresses from the request in a few places (a redirect adding a
  trailing slash), and a forged ``Host`` would otherwise send the reader to another
  site. ``/healthz`` answers any host: monitors call it by the machine's address, and it
  holds no link. A loopback public address (``127.0.0.1``, ``localhost``, ``::1``)
  accepts each of those names: only this machine can reach it anyway.
- **Headers**: no caching of anything but the static files (signed-in pages, token
  pages, exports and the calendar feed hold what only their reader may see, and a shared
  or back-button cache would keep it); tokens in paths are never handed on in a
  ``Referer``; no framing, no sniffing, a strict content policy; HSTS when the public
  address is HTTPS.

One function, ``secure``, sets the headers: the middleware calls it for every answer,
and the last-resort error page (which Starlette sends from outside every middleware)
calls it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = "/static/"
UNCHECKED_HOST_PATHS = ("/healthz",)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HSTS = "max-age=31536000"  # a year; subdomains are the committee's to decide


def secure(headers: MutableHeaders | MutableMapping[str, str], path: str, https: bool) -> None:
    """Put the security headers on one answer for ``path``; ``https``: the public
    address is HTTPS (then browsers are told never to use plain HTTP for it)."""
    # Tokens travel in paths: never hand them on to another site in a Referer.
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Security-Policy"] = CSP
    if not path.startswith(STATIC):
        headers["Cache-Control"] = "no-store"
    if https:
        headers["Strict-Transport-Security"] = HSTS


def public_hosts(base_url: str) -> frozenset[str]:
    """The host names (no port, lower case) requests may name: the public address's,
    or every loopback name when it is a loopback one."""
    host = (urlsplit(base_url).hostname or "").lower()
    return LOOPBACK if host in LOOPBACK else frozenset({host})


def host_of(header: str) -> str:
    """The host name a ``Host`` header names: without its port, lower case, brackets
    of an IPv6 address kept off as ``urlsplit`` does."""
    return (urlsplit(f"//{header.strip()}").hostname or "").lower()


Refusal = Callable[[Scope], Awaitable[tuple[int, bytes]]]


class SecureAnswers:
    """ASGI middleware: refuse other hosts (the page ``refuse`` renders), then put the
    security headers on whatever the application answers."""

    def __init__(self, app: ASGIApp, *, base_url: str, refuse: Refusal) -> None:
        self.app = app
        self.hosts = public_hosts(base_url)
        self.https = base_url.lower().startswith("https://")
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                secure(MutableHeaders(scope=message), path, self.https)
            await send(message)

        host = host_of(Headers(scope=scope).get("host", ""))
        if host not in self.hosts and path not in UNCHECKED_HOST_PATHS:
            status, body = await self.refuse(scope)
            await send_secured(_start(status, body))
            await send_secured({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_secured)


def _start(status: int, body: bytes) -> dict[str, Any]:
    return {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
