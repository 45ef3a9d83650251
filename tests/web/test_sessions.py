"""Sessions held by the server, on both backends: a copied cookie stops working at sign
out; the cookie carries only a random id and the database only its hash; idle and
absolute time-outs; "sign out everywhere" and the list of one's sessions on /me; the
sign-in log the person and the administrators read."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import keys
from models.settings import Settings, SettingsError
from models.tasks import Task
from models.tokens import SIGNIN, mint
from models.web_sessions import SigninEvent, WebSession
from notifications.config import NotifyConfig
from tests.peers import SmtpSink
from tests.web.conftest import BASE, SECRET, TODAY, Web, csrf_of, load_demo, web_settings
from web.app import SESSION_COOKIE, create_app

MEMBER, ADMIN = "bay.nv", "chuong.pg"


def _cookie(client: TestClient) -> str:
    value = client.cookies.get(SESSION_COOKIE)
    assert value is not None
    return str(value)


def _with_cookie(web: Web, cookie: str) -> TestClient:
    client = web.client()
    client.cookies.set(SESSION_COOKIE, cookie)
    return client


def _post(client: TestClient, path: str, page: str = "/login", **data: str) -> int:
    csrf = csrf_of(client.get(page).text)
    answer = client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
    return int(answer.status_code)


def _progress(engine: Engine, task_id: int) -> int:
    with Session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.progress


def test_a_copied_cookie_stops_working_at_sign_out(web: Web) -> None:
    member = web.sign_in(MEMBER)
    copied = _cookie(member)
    thief = _with_cookie(web, copied)
    assert thief.get("/me").status_code == 200  # a copy works while the session lives
    assert _post(member, "/logout", "/me") == 303
    for client in (member, _with_cookie(web, copied)):
        answer = client.get("/me", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    before = _progress(web.engine, 7)
    thief = _with_cookie(web, copied)
    answer = _post(thief, "/tasks/7/progress", progress=str(before + 1))
    assert answer == 303  # to the sign-in page: nobody is signed in
    assert _progress(web.engine, 7) == before


def test_the_cookie_carries_only_a_random_id_and_the_database_its_hash(web: Web) -> None:
    member = web.sign_in(MEMBER)
    cookie = _cookie(member)
    carried = keys.serializer(SECRET, "session").loads(cookie)
    assert isinstance(carried, str) and len(carried) >= 43  # 32 random bytes
    member_id = web.person_id(MEMBER)
    with Session(web.engine) as session:  # (SQLite: one open session at a time writes)
        (row,) = session.exec(select(WebSession)).all()
        assert row.person_id == member_id
        assert row.token_hash == hashlib.sha256(carried.encode()).hexdigest()
        dumped = session.connection().execute(text("SELECT * FROM web_session")).all()
    assert carried not in repr(dumped)
    # Signing in again (another link) makes a new session with a new id.
    again = web.sign_in(MEMBER)
    assert keys.serializer(SECRET, "session").loads(_cookie(again)) != carried


def test_the_session_id_changes_at_sign_in(web: Web) -> None:
    """An id set before sign-in (a planted cookie) is not the signed-in session's."""
    client = web.client()
    client.get("/login")
    before = _cookie(client)
    token = mint(SECRET, SIGNIN, web.person_id(MEMBER))
    page = client.get(f"/login/{token}")
    client.post(f"/login/{token}", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert _cookie(client) != before
    planted = _with_cookie(web, before)
    assert planted.get("/me", follow_redirects=False).status_code == 303


def _clocked(
    engine: Engine, tmp_path: Path, db_url: str, smtp: SmtpSink
) -> tuple[Web, list[datetime]]:
    load_demo(engine)
    clock = [datetime.now(UTC)]
    settings = Settings(
        **{**web_settings(tmp_path, db_url).__dict__, "web_session_idle_minutes": 30}
    )
    app = create_app(
        settings=settings,
        notify=NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU"),
        engine=engine,
        today=lambda: TODAY,
        now=lambda: clock[0],
    )
    return Web(app, engine, settings), clock


def test_sessions_end_when_idle_and_after_the_absolute_limit(
    engine: Engine, db_url: str, tmp_path: Path, smtp: SmtpSink
) -> None:
    web, clock = _clocked(engine, tmp_path, db_url, smtp)
    member = web.sign_in(MEMBER)
    start = clock[0]
    # Used every 29 minutes, the session lives until 12 hours after sign-in.
    for step in range(1, 25):
        clock[0] = start + timedelta(minutes=29 * step)
        assert member.get("/me", follow_redirects=False).status_code == 200, step
    clock[0] = start + timedelta(hours=12, minutes=1)
    assert member.get("/me", follow_redirects=False).status_code == 303
    # Idle for more than 30 minutes: over.
    clock[0] = datetime.now(UTC)  # links are minted on the real clock
    member = web.sign_in(MEMBER)
    clock[0] += timedelta(minutes=29)
    assert member.get("/me", follow_redirects=False).status_code == 200
    clock[0] += timedelta(minutes=31)
    assert member.get("/me", follow_redirects=False).status_code == 303
    with Session(engine) as session:  # the expired sessions are gone
        assert session.exec(select(WebSession)).all() == []


def test_sign_out_everywhere_ends_every_session(web: Web) -> None:
    here, there, other = web.sign_in(MEMBER), web.sign_in(MEMBER), web.sign_in(ADMIN)
    page = here.get("/me").text
    assert page.count('class="web-session"') == 2
    assert page.count("(phiên này)") == 1
    assert _post(here, "/me/sessions/end", "/me") == 303
    for client in (here, there):
        assert client.get("/me", follow_redirects=False).status_code == 303
    assert other.get("/me").status_code == 200  # someone else's session is theirs
    admin_id = web.person_id(ADMIN)
    with Session(web.engine) as session:
        left = session.exec(select(WebSession.person_id)).all()
    assert left == [admin_id]


def test_the_signin_log_is_read_by_the_person_and_the_administrators(
    web: Web, smtp: SmtpSink
) -> None:
    client = TestClient(
        web.app, base_url=BASE, client=("192.0.2.7", 40000), headers={"user-agent": "Probe/1"}
    )
    assert _post(client, "/login", identifier="bay.nv@demo.invalid") == 200
    assert len(smtp.to("bay.nv@demo.invalid")) == 1
    token = mint(SECRET, SIGNIN, web.person_id(MEMBER))
    page = client.get(f"/login/{token}")
    client.post(f"/login/{token}", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    me = client.get("/me").text
    assert me.count('class="signin-event"') == 2
    assert "Yêu cầu gửi đường dẫn đăng nhập" in me and "192.0.2.7" in me and "Probe/1" in me
    assert 'id="everyones-log"' not in me
    with Session(web.engine) as session:
        kinds = session.exec(select(SigninEvent.kind).order_by(col(SigninEvent.id))).all()
    assert kinds == ["requested", "signed_in"]
    # A member reads only their own log.
    assert client.get("/signins", params={"person": MEMBER}).status_code == 200
    assert client.get("/signins").status_code == 404
    assert client.get("/signins", params={"person": "mai.dt"}).status_code == 404
    # An administrator reads everyone's.
    admin = web.sign_in(ADMIN)
    assert 'id="everyones-log"' in admin.get("/me").text
    everyone = admin.get("/signins").text
    assert "Nguyễn Văn Bảy" in everyone and "192.0.2.7" in everyone
    assert "Probe/1" in admin.get("/signins", params={"person": MEMBER}).text
    assert admin.get("/signins", params={"person": "nobody"}).status_code == 404
    # Signing out is logged too.
    assert _post(client, "/logout", "/me") == 303
    member_id = web.person_id(MEMBER)
    with Session(web.engine) as session:
        kinds = session.exec(
            select(SigninEvent.kind).where(SigninEvent.person_id == member_id)
        ).all()
    assert sorted(kinds) == ["requested", "signed_in", "signed_out"]


def test_session_time_outs_are_settings() -> None:
    env = {"DONDOC_HOME": "/tmp/x"}
    default = Settings.from_environment(env)
    assert (default.web_session_idle_minutes, default.web_session_hours) == (60, 12)
    custom = Settings.from_environment(
        {**env, "DONDOC_WEB_SESSION_IDLE_MINUTES": "15", "DONDOC_WEB_SESSION_HOURS": "8"}
    )
    assert (custom.web_session_idle_minutes, custom.web_session_hours) == (15, 8)
    for name, value in (("IDLE_MINUTES", "0"), ("HOURS", "half"), ("HOURS", "-3")):
        with pytest.raises(SettingsError, match=f"DONDOC_WEB_SESSION_{name}"):
            Settings.from_environment({**env, f"DONDOC_WEB_SESSION_{name}": value})


def test_signing_in_again_ends_the_browsers_previous_session(web: Web) -> None:
    client = web.sign_in(MEMBER)
    first = _cookie(client)
    token = mint(SECRET, SIGNIN, web.person_id(ADMIN))
    page = client.get(f"/login/{token}")
    assert page.status_code == 200
    client.post(f"/login/{token}", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert "Phạm Gia Chương" in client.get("/me").text
    assert _with_cookie(web, first).get("/me", follow_redirects=False).status_code == 303
    with Session(web.engine) as session:
        assert len(session.exec(select(WebSession)).all()) == 1
