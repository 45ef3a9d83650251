"""The session cookie: a signed random id, and nothing else.

Who is signed in is the server's to say (``models.web_sessions``): the id is looked up
on every request, so signing out, signing out everywhere and the time-outs take effect
on every copy of the cookie at once. A visitor who has not signed in gets an id too,
never stored: their forms' CSRF token is derived from it (an HMAC under the site key),
and signing in replaces it with a new id, so no id chosen before sign-in survives it.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import Engine

from models.web_sessions import Client, Policy, new_id, resolve

COOKIE = "dondoc_session"
# Requests that never need to know who asks: no database read for them.
ANONYMOUS_PATHS = ("/static/", "/healthz")
_ID_LENGTHS = range(32, 65)  # token_urlsafe(32) is 43 characters


def client_of(request: Request) -> Client:
    """The request's address and browser, as the log and the session list show them."""
    address = request.client.host if request.client else "?"
    return Client.of(address, request.headers.get("user-agent", ""))


def load(
    request: Request,
    serializer: URLSafeTimedSerializer,
    engine: Engine,
    policy: Policy,
    now: datetime,
) -> None:
    """Read the cookie's id and ask the database whose live session it is."""
    session_id: str | None = None
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            loaded = serializer.loads(raw, max_age=int(policy.absolute.total_seconds()))
        except BadSignature:
            loaded = None
        if isinstance(loaded, str) and len(loaded) in _ID_LENGTHS:
            session_id = loaded
    person_id: int | None = None
    if session_id is not None and not request.url.path.startswith(ANONYMOUS_PATHS):
        person_id = resolve(engine, session_id, now, policy)
    request.state.session_id = session_id or new_id()
    request.state.person_id = person_id
    request.state.session_changed = session_id is None


def replace(request: Request, session_id: str, person_id: int | None) -> None:
    """This request's answer carries a new id: a session just begun, or (signed out) a
    fresh anonymous one."""
    request.state.session_id = session_id
    request.state.person_id = person_id
    request.state.session_changed = True


def store(
    request: Request, response: Response, serializer: URLSafeTimedSerializer, policy: Policy
) -> None:
    if not request.state.session_changed:
        return
    response.set_cookie(
        COOKIE,
        serializer.dumps(request.state.session_id),
        max_age=int(policy.absolute.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def session_id(request: Request) -> str:
    found: str = request.state.session_id
    return found


def person_id(request: Request) -> int | None:
    found: int | None = request.state.person_id
    return found


def csrf_for(secret: str, session_id: str) -> str:
    """The forms' token for this session id: fixed for the session, useless without it."""
    mac = hmac.new(secret.encode(), b"dondoc-csrf\x00" + session_id.encode(), hashlib.sha256)
    return mac.hexdigest()[:48]
