"""``dondoc web --workers 2``: the served factory starts in each worker, with its start-up
heap settled (``web.heap``), and a session started through one connection is honoured
on fresh connections, whichever worker takes them (sessions live in the database)."""

from __future__ import annotations

import asyncio
import gc
import socket
import subprocess
from pathlib import Path

import httpx

from cli.listener import as_tcp, tcp_listeners
from models.db import make_engine
from tests.peers import free_port, smtp_server
from tests.web.served import (
    BIN,
    TUAN,
    Server,
    environment,
    sign_in_by_mail,
    start_web,
    stop,
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
        env = environment(tmp_path, db_url, "http://127.0.0.1:0", smtp)
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
                sign_in_by_mail(server, browser, TUAN)
                cookies = dict(browser.cookies.items())
            for n in range(12):  # each a new connection, taken by either worker
                with httpx.Client(base_url=base, cookies=cookies, timeout=120) as fresh:
                    answer = fresh.get("/me")
                    assert answer.status_code == 200, n
                    assert "Lê Anh Tuấn" in answer.text
        finally:
            stop(process)
            engine.dispose()


def _accepted_nodelay(listener: socket.socket) -> int:
    """TCP_NODELAY on a connection asyncio accepts through ``listener`` (as a worker of
    ``dondoc web --workers N`` serves it: ``create_server(sock=...)``)."""
    seen: list[int] = []

    class Accepted(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted = transport.get_extra_info("socket")
            seen.append(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Accepted, sock=listener)
        host, port = listener.getsockname()[:2]
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 60)
        for _ in range(600):  # until the server side has run (a busy machine: up to 60 s)
            if seen:
                break
            await asyncio.sleep(0.1)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(serve())
    return seen[0]


def test_the_workers_listener_is_tcp_so_answers_are_not_held_back() -> None:
    """uvicorn binds the workers' listener with ``proto`` 0, and asyncio then leaves
    Nagle's algorithm on for every connection (each keep-alive answer waited ~40 ms for
    the client's delayed acknowledgement): bound under ``tcp_listeners`` it says TCP."""
    from uvicorn.config import Config

    config = Config("web.app:served_app", factory=True, host="127.0.0.1", port=free_port())
    with tcp_listeners():
        listener = config.bind_socket()
    assert (listener.family, listener.proto) == (socket.AF_INET, socket.IPPROTO_TCP)
    assert _accepted_nodelay(listener) == 1
    assert Config.bind_socket is not None and "bind_tcp" not in repr(Config.bind_socket)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        assert as_tcp(unix) is unix  # a Unix socket (``--uds`` behind nginx) as it was
    finally:
        unix.close()
