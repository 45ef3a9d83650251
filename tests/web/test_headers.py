"""Headers every answer carries, through the real app on both backends: nothing but the
static files may be cached (signed-in pages, token pages, exports, the calendar feed),
HSTS when the public address is HTTPS, a content policy with ``base-uri 'none'``; and
the sign-in confirmation names whom it signs in."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from models.tokens import ACTION, SIGNIN, UNSUBSCRIBE, mint
from notifications.config import NotifyConfig
from tests.web.conftest import SECRET, TODAY, Web, csrf_of, web_settings
from web.app import create_app
from web.headers import CSP, HSTS


def _secured(answer: object, *, cached: bool = False) -> None:
    headers = answer.headers  # type: ignore[attr-defined]
    assert headers["content-security-policy"] == CSP and "base-uri 'none'" in CSP
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert ("cache-control" not in headers) if cached else headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in headers  # the public address is http://


def test_nothing_signed_in_or_secret_is_cached(web: Web) -> None:
    member = web.sign_in("bay.nv")
    bay = web.person_id("bay.nv")
    for path in ("/", "/tasks", "/tasks/7", "/me", "/me/notifications", "/duties", "/login"):
        answer = member.get(path)
        assert answer.status_code == 200, path
        _secured(answer)
    export = member.get("/tasks?format=csv")
    assert export.headers["content-disposition"].startswith("attachment")
    _secured(export)
    page = member.get("/me").text
    shown = member.post("/me/calendar/new", data={"csrf": csrf_of(page)}).text
    _secured(member.post("/me/calendar/new", data={"csrf": csrf_of(page)}))
    feed_url = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', shown)
    assert feed_url is not None
    stranger = web.client()
    for path in (
        f"/login/{mint(SECRET, SIGNIN, bay)}",
        f"/a/{mint(SECRET, ACTION, bay, t=7, a='progress')}",
        f"/u/{mint(SECRET, UNSUBSCRIBE, bay)}",
    ):
        answer = stranger.get(path)
        assert answer.status_code == 200, path
        _secured(answer)
    _secured(stranger.get(feed_url[1]))
    # Static files keep the browser's cache; they are the same for everyone.
    _secured(stranger.get("/static/app.css"), cached=True)


def test_hsts_only_when_the_public_address_is_https(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    settings = replace(web_settings(tmp_path, db_url), web_url="https://dondoc.test")
    app = create_app(settings=settings, notify=NotifyConfig(), engine=engine, today=lambda: TODAY)
    client = TestClient(app, base_url="https://dondoc.test")
    for path in ("/login", "/static/app.css", "/no/such/page"):
        assert client.get(path).headers["strict-transport-security"] == HSTS, path


def test_the_signin_confirmation_names_the_account(web: Web) -> None:
    """A forwarded link would sign its reader in as its owner: the page says whom."""
    token = mint(SECRET, SIGNIN, web.person_id("bay.nv"))
    page = web.client().get(f"/login/{token}")
    assert page.status_code == 200
    assert "đăng nhập vào tài khoản của đồng chí Nguyễn Văn Bảy (bay.nv)" in page.text
    assert 'id="signin-as"' in page.text
