"""``dondoc web --workers 2``: the served factory starts in each worker, with its start-up
heap settled (``web.heap``), and a session started through one connection is honoured
on fresh connections, whichever worker takes them (sessions live in the database)."""

from __future__ import annotations

import gc
import subprocess
from pathlib import Path

import httpx

from models.db import make_engine
from tests.peers import smtp_server
from tests.web.test_security_probes import (
    BIN,
    TUAN,
    Server,
    _environment,
    _sign_in_by_mail,
    _stop,
    start_web,
)
from web.deps import _env as fresh_environment
from web.heap import settle


def test_settle_compiles_every_template_and_freezes_the_heap() -> None:
    env = fresh_environment()
    before = gc.get_freeze_count()
    try:
        settle(env)
        assert gc.get_freeze_count() > before
        compiled = {template.name for template in env.cache.values()}  # type: ignore[union-attr]
        assert set(env.list_templates()) <= compiled
    finally:
        gc.unfreeze()  # this test process keeps collecting what its tests leave behind


def _workers_of(pid: int) -> list[int]:
    """The worker processes (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"multiprocessing-fork" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def test_two_workers_honour_one_session(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'dondoc.sqlite3'}"
    with smtp_server() as smtp:
        env = _environment(tmp_path, db_url, "http://127.0.0.1:0", smtp)
        loaded = subprocess.run(
            [str(BIN / "dondoc"), "demo", "load"], env=env, cwd=tmp_path, capture_output=True
        )
        assert loaded.returncode == 0, loaded.stderr.decode()[-3000:]
        log = tmp_path / "web.log"
        process, base = start_web(tmp_path, db_url, smtp, log, "--workers", "2")
        engine = make_engine(db_url)
        try:
            assert len(_workers_of(process.pid)) == 2
            server = Server(base, process.pid, engine, smtp)
            with server.client(1) as browser:
                _sign_in_by_mail(server, browser, TUAN)
                cookies = dict(browser.cookies.items())
            for n in range(12):  # each a new connection, taken by either worker
                with httpx.Client(base_url=base, cookies=cookies, timeout=120) as fresh:
                    answer = fresh.get("/me")
                    assert answer.status_code == 200, n
                    assert "Lê Anh Tuấn" in answer.text
        finally:
            _stop(process)
            engine.dispose()
