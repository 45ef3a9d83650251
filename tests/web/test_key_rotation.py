"""A key rotation seen from the web application, on both backends: links signed with
the previous key still work while it is kept, new sessions are signed with the new
key, and once the old key is retired its links and sessions are refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from models.tokens import SIGNIN, mint
from notifications.config import NotifyConfig
from tests.web.conftest import BASE, SECRET, TODAY, Web, csrf_of, web_settings
from web.app import create_app

NEW = "new-web-secret-" + "n" * 32


def _app_with(engine: Engine, db_url: str, tmp_path: Path, secret: str) -> TestClient:
    settings = replace(web_settings(tmp_path, db_url), web_secret=secret)
    app = create_app(settings=settings, notify=NotifyConfig(), engine=engine, today=lambda: TODAY)
    return TestClient(app, base_url=BASE)


def test_a_rotation_keeps_old_links_until_their_key_is_retired(
    web: Web, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    bay = web.person_id("bay.nv")
    before = web.sign_in("bay.nv")  # a session signed with the old key
    old_link = f"/login/{mint(SECRET, SIGNIN, bay)}"
    unused_old_link = f"/login/{mint(SECRET, SIGNIN, bay)}"

    rotated = _app_with(engine, db_url, tmp_path, f"{NEW},{SECRET}")
    rotated.cookies = before.cookies
    assert rotated.get("/me").status_code == 200  # the old session still verifies
    fresh = _app_with(engine, db_url, tmp_path, f"{NEW},{SECRET}")
    page = fresh.get(old_link)
    assert page.status_code == 200  # and so does a link sent before the rotation
    answer = fresh.post(old_link, data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert answer.status_code == 303

    retired = _app_with(engine, db_url, tmp_path, NEW)
    retired.cookies = fresh.cookies  # signed after the rotation: with the new key
    assert retired.get("/me", follow_redirects=False).status_code == 200
    retired.cookies = before.cookies  # signed with the retired key
    assert retired.get("/me", follow_redirects=False).status_code == 303
    assert retired.get(unused_old_link).status_code == 400
