"""Probes over HTTP against a running ``dondoc web`` (a real subprocess, real uvicorn), as
an attacker on loopback would send them: hosts, forwarded headers, bad numbers, the
headers of every kind of answer, and what the access log keeps.

The server runs behind a pretend proxy (``--proxied``) with the public address
``https://dondoc.test``: requests come from 127.0.0.1, the default trusted proxy, and
say ``X-Forwarded-Proto: https`` as nginx would. A second server trusts only another
proxy address, and must then ignore what a client forwards.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from models.db import make_engine
from models.tokens import ACTION, SIGNIN, UNSUBSCRIBE, mint
from tests.peers import free_port
from tests.web.conftest import SECRET, csrf_of, load_demo
from web.headers import CSP, HSTS

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "dondoc.test"
HUGE = "99999999999999999999999"
STARTUP_SECONDS = 180  # generous: a loaded 2-core machine imports slowly
_COOKIE = re.compile(r"dondoc_session=([^;]+)")


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    host: str
    forwarded: dict[str, str] = field(default_factory=dict)
    cookie: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Answer:
        sent = {"Host": self.host, **self.forwarded, **(headers or {})}
        if self.cookie:
            sent["Cookie"] = f"dondoc_session={self.cookie}"
        body = urlencode(form) if form is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        kept = _COOKIE.search(answer.header("set-cookie") or "")
        if kept:
            self.cookie = kept[1]
        return answer

    def sign_in(self, person_id: int) -> list[str]:
        """Through a real one-time link: the paths that carried the token."""
        path = f"/login/{mint(SECRET, SIGNIN, person_id)}"
        page = self.request("GET", path)
        assert page.status == 200, page.text
        done = self.request("POST", path, form={"csrf": csrf_of(page.text)})
        assert done.status == 303, done.text
        return [path]

    def stop(self) -> str:
        """Stop it (SIGTERM, as systemd would) and read everything it logged."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def _servers(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Starts ``dondoc web`` on the demo committee; stops every server at the end."""
    engine = make_engine(db_url)
    load_demo(engine)
    engine.dispose()
    started: list[Server] = []

    def run(*options: str, web_url: str | None = None) -> Server:
        port = free_port()
        log = tmp_path / f"web-{port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
        env |= {
            "DONDOC_HOME": str(tmp_path / "home"),
            "DONDOC_DATABASE_URL": db_url,
            "DONDOC_WEB_URL": web_url or f"http://127.0.0.1:{port}",
            "DONDOC_WEB_SECRET": SECRET,
            "DONDOC_TRACKING_OFFICE": "VP-DU",
            "PYTHONUNBUFFERED": "1",  # the access log reaches the file as it happens
        }
        argv = [sys.executable, "-m", "cli", "web", "--host", "127.0.0.1", "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*argv, *options], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        host = (web_url or "").removeprefix("https://").removeprefix("http://") or "127.0.0.1"
        server = Server(port, process, log, host)
        started.append(server)
        _wait_until_up(server)
        return server

    try:
        yield run
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def start(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Servers on each backend."""
    with _servers(db_url, tmp_path) as run:
        yield run


@pytest.fixture
def start_on_sqlite(sqlite_url: str, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Servers where the database is not the question."""
    with _servers(sqlite_url, tmp_path) as run:
        yield run


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"dondoc web exited:\n{server.log.read_text()}")
        try:
            if server.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)  # polling for readiness, not synchronising on time
    raise AssertionError(f"dondoc web did not answer in {STARTUP_SECONDS} s")


def _person_id(db_url: str, code: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            found = connection.exec_driver_sql(f"SELECT id FROM person WHERE code = '{code}'")
            return int(found.scalar_one())
    finally:
        engine.dispose()


def _is_site_page(answer: Answer, lang: str = "vi") -> bool:
    return (
        (answer.header("content-type") or "").startswith("text/html")
        and f'<html lang="{lang}">' in answer.text
        and answer.header("content-security-policy") == CSP
        and answer.header("cache-control") == "no-store"
    )


def test_probes_against_a_running_server(start: Callable[..., Server], db_url: str) -> None:
    server = start("--proxied", web_url=f"https://{PUBLIC}")
    server.forwarded = {"X-Forwarded-Proto": "https"}  # as the proxy says it
    bay = _person_id(db_url, "bay.nv")
    carried = server.sign_in(bay)

    # Hosts: another host is refused, never redirected to (a trailing slash redirected).
    for path in ("/", "/tasks/", "/login"):
        refused = server.request("GET", path, headers={"Host": "evil.example"})
        assert refused.status == 400 and refused.header("location") is None, path
        assert _is_site_page(refused) and "evil.example" not in refused.text
    slash = server.request("GET", "/tasks/")
    assert slash.status in (307, 308) and slash.header("location") == f"https://{PUBLIC}/tasks"

    # Bad numbers: pages, never a failure or a dropped connection.
    for path, status in [
        (f"/tasks/{HUGE}", 404),
        (f"/documents/{HUGE}", 404),
        (f"/tasks?page={'9' * 20}", 400),
        ("/duties?year=99999", 400),
        ("/duties?year=-1", 400),
        ("/no/such/page", 404),
    ]:
        answer = server.request("GET", path)
        assert answer.status == status and _is_site_page(answer), (path, answer.status)
    wrong = server.request("DELETE", "/login")
    assert wrong.status == 405 and _is_site_page(wrong)

    # Headers on every kind of answer: no Server, HSTS (public address is https),
    # nothing cached but static files.
    page = server.request("GET", "/me")
    assert page.status == 200
    calendar = re.search(
        rf'value="https://{PUBLIC}(/calendar/[^"]+\.ics)"',
        server.request("POST", "/me/calendar/new", form={"csrf": csrf_of(page.text)}).text,
    )
    assert calendar is not None
    carried.append(calendar[1])
    links = [
        f"/a/{mint(SECRET, ACTION, bay, t=7, a='progress')}",
        f"/u/{mint(SECRET, UNSUBSCRIBE, bay)}",
    ]
    carried += links
    signed_in = ["/", "/tasks", "/tasks/7", "/me", "/tasks?format=csv", "/me/notifications"]
    for path in [*signed_in, *links, calendar[1], "/healthz", "/static/app.css"]:
        answer = server.request("GET", path)
        assert answer.status == 200, (path, answer.status)
        assert answer.header("server") is None, path
        assert answer.header("strict-transport-security") == HSTS, path
        assert answer.header("content-security-policy") == CSP, path
        cached = path.startswith("/static/")
        assert (answer.header("cache-control") == "no-store") is not cached, path

    # The proxy's forwarded client address is believed (it is the trusted one).
    server.request("GET", "/healthz", headers={"X-Forwarded-For": "203.0.113.7"})

    log = server.stop()
    for path in carried:
        token = path.split("/")[2].removesuffix(".ics")
        assert token not in log, path
    for shown in ('"GET /login/… HTTP/1.1" 200', '"POST /login/… HTTP/1.1" 303',
                  '"GET /a/… HTTP/1.1" 200', '"GET /u/… HTTP/1.1" 200',
                  '"GET /calendar/….ics HTTP/1.1" 200'):  # fmt: skip
        assert shown in log, shown
    assert re.search(r'203\.0\.113\.7:\d+ - "GET /healthz HTTP/1.1" 200', log)


def test_forwarded_headers_from_an_untrusted_address_are_ignored(
    start_on_sqlite: Callable[..., Server],
) -> None:
    server = start_on_sqlite("--proxied", "--trusted-proxy", "192.0.2.10")
    spoof = {"X-Forwarded-For": "203.0.113.8", "X-Forwarded-Proto": "https"}
    login = server.request("GET", "/login", headers=spoof)
    assert login.status == 200
    # Not taken for HTTPS: the cookie is not marked Secure, and no HSTS on plain HTTP.
    assert "secure" not in (login.header("set-cookie") or "").lower()
    assert login.header("strict-transport-security") is None
    # A loopback public address answers each loopback name, and no other host.
    assert (
        server.request("GET", "/login", headers={"Host": f"localhost:{server.port}"}).status == 200
    )
    assert server.request("GET", "/login", headers={"Host": "evil.example"}).status == 400
    log = server.stop()
    assert "203.0.113.8" not in log
    assert re.search(r'127\.0\.0\.1:\d+ - "GET /login HTTP/1.1" 200', log)
