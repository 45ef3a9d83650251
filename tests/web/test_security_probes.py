"""The attacker's probes of the security review, over HTTP against a running ``dondoc web``
(a real process on a loopback port, the demo committee loaded, sign-in mail through a
real SMTP server), on SQLite and on PostgreSQL.

Each probe talks from its own loopback address (127.0.0.N): the server sees separate
clients, as it would separate machines, so one probe's refusals do not limit another.
Links come by mail where a person would ask for one; one-click links are minted with
the server's key, as the morning run mints them.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from models.db import make_engine
from models.rate_limits import SUBJECT_LENGTH, RateLimit
from models.requests import TaskRequest
from models.tasks import Task
from models.tokens import ACTION, mint
from tests.conftest import TEMPLATE_DB, _admin_execute
from tests.peers import smtp_server
from tests.web.served import (
    BAY,
    BIN,
    SECRET,
    TRANG,
    TUAN,
    Server,
    ask_link,
    carries_link,
    csrf_of,
    environment,
    sign_in_by_mail,
    start_web,
    stop,
)


def _database(request: pytest.FixtureRequest, home: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{home / 'dondoc.sqlite3'}"
        return
    admin: str = request.getfixturevalue("postgres_admin_url")
    request.getfixturevalue("postgres_template")
    name = f"dondoc_probe_{os.getpid()}"
    _admin_execute(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin_execute(admin, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    try:
        yield make_url(admin).set(database=name).render_as_string(False)
    finally:
        _admin_execute(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("probe-home")
    with smtp_server() as smtp:
        databases = _database(request, home)
        db_url = next(databases)
        log = home / "web.log"
        env = environment(home, db_url, "http://127.0.0.1:0", smtp)
        loaded = subprocess.run(
            [str(BIN / "dondoc"), "demo", "load"], env=env, cwd=home, capture_output=True
        )
        assert loaded.returncode == 0, loaded.stderr.decode()[-3000:]
        process, base = start_web(home, db_url, smtp, log)
        engine = make_engine(db_url)
        try:
            yield Server(base, process.pid, engine, smtp)
        finally:
            stop(process)
            engine.dispose()
            next(databases, None)


def _task(server: Server, task_id: int) -> Task:
    with Session(server.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def test_a_spent_signin_link_with_padding_signs_in_no_one(server: Server) -> None:
    with server.client(11) as browser:
        link = sign_in_by_mail(server, browser, BAY)
    for n, tail in enumerate(("=", "==", "===", "=~", "%3D"), start=12):
        with server.client(n) as attacker:
            assert attacker.get(link + tail).status_code == 400, tail
            answer = attacker.post(link + tail, data={"csrf": csrf_of(attacker)})
            assert answer.status_code == 400, tail
            assert attacker.get("/me").status_code == 303, tail


def test_a_spent_progress_link_with_padding_acts_once(server: Server) -> None:
    link = f"/a/{mint(SECRET, ACTION, server.person_id('bay.nv'), t=7, a='progress')}"
    with server.client(21) as reader:
        assert reader.get(link).status_code == 200
        assert (
            reader.post(link, data={"csrf": csrf_of(reader), "progress": "52"}).status_code == 200
        )
    assert _task(server, 7).progress == 52
    for n, (tail, value) in enumerate((("=", "53"), ("==", "54"), ("=~", "55")), start=22):
        with server.client(n) as attacker:
            answer = attacker.post(link + tail, data={"csrf": csrf_of(attacker), "progress": value})
            assert answer.status_code == 400, tail
    assert _task(server, 7).progress == 52


def test_the_office_does_not_approve_its_own_request(server: Server) -> None:
    due = _task(server, 4).due_on  # CB07's task: led by a sub-branch
    with server.client(31) as office:
        sign_in_by_mail(server, office, TRANG)
        page = "/tasks/4"
        asked = office.post(
            "/tasks/4/extend",
            data={"csrf": csrf_of(office, page), "new_due_on": "2024-09-30", "reason": "Chờ"},
        )
        assert asked.status_code == 200
        with Session(server.engine) as session:
            request = session.exec(select(TaskRequest).where(TaskRequest.task_id == 4)).one()
        answer = office.post(
            f"/requests/{request.id}/decide",
            data={"csrf": csrf_of(office, page), "decision": "approve"},
        )
        assert answer.status_code == 404
    assert _task(server, 4).due_on == due
    with Session(server.engine) as session:
        assert session.get(TaskRequest, request.id).state.value == "pending"  # type: ignore[union-attr]


def test_a_copied_cookie_is_dead_after_sign_out(server: Server) -> None:
    with server.client(41) as victim, server.client(42) as thief:
        sign_in_by_mail(server, victim, "mai.dt@demo.invalid")
        for cookie in victim.cookies.jar:
            thief.cookies.set(cookie.name, cookie.value or "")
        assert thief.get("/me").status_code == 200
        assert victim.post("/logout", data={"csrf": csrf_of(victim, "/me")}).status_code == 303
        assert thief.get("/me").status_code == 303
        before = _task(server, 3).progress  # CB02's, mai.dt's unit
        answer = thief.post(
            "/tasks/3/progress", data={"csrf": csrf_of(thief), "progress": str(before + 1)}
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert _task(server, 3).progress == before


def test_patterns_name_nobody_and_one_person_gets_five_links(server: Server) -> None:
    before = len(server.smtp.messages)
    with server.client(51) as client:
        for typed in ("%", "_", "%uan.la%", "_uan.la@demo.invalid", "%" * 60_000):
            assert ask_link(server, client, typed) == 200, typed[:20]
    spellings = [TUAN, TUAN.upper(), "tuan.la", f" {TUAN} ", "Tuan.La@Demo.Invalid"]
    answers = []
    for n in range(14):  # fourteen machines, five spellings, one person
        with server.client(60 + n) as client:
            answers.append(ask_link(server, client, spellings[n % len(spellings)]))
    assert answers == [200] * 5 + [429] * 9
    deadline = time.monotonic() + 60
    while len(server.smtp.to(TUAN)) < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # a sixth would have been sent by now
    assert len(server.smtp.to(TUAN)) == 5
    # Only sign-in mails count: an earlier test's request notice may still be on its way.
    links = [m for m in server.smtp.messages[before:] if carries_link(m)]
    assert [m["To"] for m in links] == [TUAN] * 5


def test_megabyte_identifiers_do_not_grow_the_server(server: Server) -> None:
    with server.client(100) as warm:
        ask_link(server, warm, "warm@demo.invalid")
    before = server.rss()
    for n in range(100):  # a hundred machines: each under its own per-client limit
        with server.client(101 + n) as client:
            csrf = csrf_of(client)
            identifier = f"{n:03d}" + "x" * 1_000_000
            answer = client.post("/login", data={"csrf": csrf, "identifier": identifier})
            assert answer.status_code == 200
    grown = server.rss() - before
    assert grown < 40_000_000, grown  # the in-memory limiter kept 93 MB of them
    with Session(server.engine) as session:
        subjects = session.exec(select(RateLimit.subject)).all()
    assert max(len(s) for s in subjects) <= SUBJECT_LENGTH


def test_guessing_tokens_shuts_the_token_routes(server: Server) -> None:
    valid = f"/a/{mint(SECRET, ACTION, server.person_id('bay.nv'), t=7, a='done')}"
    with server.client(210) as guesser:
        for n in range(20):
            path = ("/a/", "/u/", "/login/", "/calendar/")[n % 4] + f"guess{n}"
            assert guesser.get(path + (".ics" if "calendar" in path else "")).status_code in (
                400,
                404,
            )
        assert guesser.get(valid).status_code == 429
    with server.client(211) as someone_else:
        assert someone_else.get(valid).status_code == 200


def test_sign_out_everywhere_and_the_signin_log(server: Server) -> None:
    with server.client(220) as laptop, server.client(221) as phone:
        sign_in_by_mail(server, laptop, "ha.vt@demo.invalid")
        sign_in_by_mail(server, phone, "ha.vt@demo.invalid")
        page = laptop.get("/me").text
        assert page.count('class="web-session"') == 2
        assert "127.0.0.220" in page and "127.0.0.221" in page
        assert page.count('class="signin-event"') == 4  # two links asked for, two sign-ins
        ended = laptop.post("/me/sessions/end", data={"csrf": csrf_of(laptop, "/me")})
        assert ended.status_code == 303
        assert laptop.get("/me").status_code == 303 and phone.get("/me").status_code == 303
    with server.client(222) as admin:
        sign_in_by_mail(server, admin, "chuong.pg@demo.invalid")
        log = admin.get("/signins", params={"person": "ha.vt"}).text
        assert log.count('class="signin-event"') == 5 and "127.0.0.221" in log
