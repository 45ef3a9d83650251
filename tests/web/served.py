"""A real ``dondoc web`` for the tests that talk to one over HTTP: a process on a free
loopback port with the demo committee's settings, sign-in mail through a real SMTP
server, and the steps a person takes to sign in by mail."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.peers import SmtpSink, body_of, free_port

BIN = Path(sys.executable).parent
SECRET = "probe-secret-0123456789-abcdefghijklmnop"
START_TIMEOUT = 180  # seconds: a busy two-core machine imports slowly
LINK = re.compile(r'href="(http://127\.0\.0\.1:\d+/login/[^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BAY, TRANG, TUAN = "bay.nv@demo.invalid", "trang.nt@demo.invalid", "tuan.la@demo.invalid"


@dataclass
class Server:
    base: str
    pid: int
    engine: Engine
    smtp: SmtpSink

    def client(self, n: int) -> httpx.Client:
        """A browser at 127.0.0.``n``."""
        return httpx.Client(
            base_url=self.base,
            transport=httpx.HTTPTransport(local_address=f"127.0.0.{n}"),
            follow_redirects=False,
            timeout=120,
        )

    def person_id(self, code: str) -> int:
        with self.engine.connect() as connection:
            found = connection.execute(
                text("SELECT id FROM person WHERE code = :c"), {"c": code}
            ).scalar_one()
        return int(found)

    def rss(self) -> int:
        """The server process's resident memory, in bytes."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")


def environment(home: Path, db_url: str, base: str, smtp: SmtpSink) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env.update(
        DONDOC_HOME=str(home),
        DONDOC_DATABASE_URL=db_url,
        DONDOC_WEB_URL=base,
        DONDOC_WEB_SECRET=SECRET,
        DONDOC_WEB_ADMINS="chuong.pg",
        DONDOC_TRACKING_OFFICE="VP-DU",
        DONDOC_CHANNEL_EMAIL=smtp.url(),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
    )
    return env


def wait_until_serving(process: subprocess.Popen[bytes], base: str, log: Path) -> bool:
    """True once /healthz answers; False if the process ended (e.g. the port was taken)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"dondoc web did not start:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=60)


def start_web(
    home: Path, db_url: str, smtp: SmtpSink, log: Path, *options: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``dondoc web`` on a free port of loopback (another if the port was taken between
    choosing and binding), serving; the process and its base URL."""
    for _attempt in range(5):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(BIN / "dondoc"), "web", "--host", "127.0.0.1", "--port", str(port), *options],
                env=environment(home, db_url, base, smtp),
                cwd=home,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if wait_until_serving(process, base, log):
            return process, base
        stop(process)
    raise AssertionError(log.read_text()[-3000:])


def csrf_of(client: httpx.Client, path: str = "/login") -> str:
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, (path, page.status_code)
    return found[1]


def ask_link(server: Server, client: httpx.Client, identifier: str) -> int:
    answer = client.post("/login", data={"csrf": csrf_of(client), "identifier": identifier})
    return answer.status_code


def mailed_link(server: Server, address: str, seen: int) -> str:
    """The sign-in link of the next mail to ``address`` (sent after the answer)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        mails = server.smtp.to(address)
        if len(mails) > seen:
            found = LINK.search(body_of(mails[seen], "html"))
            assert found is not None
            return found[1].removeprefix(server.base)
        time.sleep(0.1)
    raise AssertionError(f"no sign-in mail to {address}")


def carries_link(message: EmailMessage) -> bool:
    html = message.get_body(("html",))
    return html is not None and LINK.search(str(html.get_content())) is not None


def sign_in_by_mail(server: Server, client: httpx.Client, address: str) -> str:
    seen = len(server.smtp.to(address))
    assert ask_link(server, client, address) == 200
    link = mailed_link(server, address, seen)
    assert client.get(link).status_code == 200
    answer = client.post(link, data={"csrf": csrf_of(client, link)})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert client.get("/me").status_code == 200
    return link
