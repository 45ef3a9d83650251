"""What the tracker keeps under DONDOC_HOME is made 0600 in 0700 folders, whatever the
umask: the SQLite database (and its WAL and shared-memory files), the demo outbox (it
holds live sign-in links), the Zalo token store and the process logs of ``serve``. The
site's keys: tests/models/test_keys.py."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from models.db import make_engine
from models.reading import open_reader
from notifications.channels.zalo import tokens as zalo_tokens
from notifications.redact import Redactor
from notifications.sender import Message, send_all
from tests.peers import ZALO_APP_ID, ZALO_APP_SECRET, ZALO_REFRESH, ZALO_TOKEN, zalo_server


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual one: files would be 0644, folders 0755
    yield
    os.umask(old)


def test_a_new_sqlite_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "home" / "data" / "dondoc.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()
        assert {_mode(p) for p in (path, wal, shm)} == {0o600}
    engine.dispose()
    assert _mode(path.parent) == _mode(path.parent.parent) == 0o700


def test_an_older_readable_database_is_tightened_on_open(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    path = shared / "old.sqlite3"
    make_engine(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    reader = open_reader(f"sqlite:///{path}")  # the command line's light path
    reader.connection.close()
    assert _mode(path) == 0o600
    assert _mode(shared) == 0o755  # a folder that existed is left as it was


def test_outbox_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "outbox" / "email"
    url = f"outbox://localhost{folder}?to=mai@example.org"
    (outcome,) = send_all(
        [Message(url, "Đăng nhập", "<p>link</p>")], concurrency=1, redactor=Redactor()
    )
    assert outcome.ok
    (written,) = folder.iterdir()
    assert _mode(written) == 0o600 and _mode(folder) == _mode(folder.parent) == 0o700


def test_zalo_token_store_and_its_lock_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = zalo_tokens.store_path(ZALO_APP_ID, tmp_path / "home")
    soon = datetime.now(UTC) + timedelta(minutes=1)
    zalo_tokens.save(path, zalo_tokens.Tokens(ZALO_TOKEN, ZALO_REFRESH, soon))
    with zalo_server() as sink:  # about to expire: refreshed under the lock
        monkeypatch.setenv(zalo_tokens.OAUTH_ENV, sink.api())
        zalo_tokens.current_token(path, ZALO_APP_ID, ZALO_APP_SECRET, datetime.now(UTC))
        assert sink.refreshes == 1
    lock = path.with_suffix(".lock")
    assert _mode(path) == _mode(lock) == 0o600
    assert _mode(path.parent) == _mode(path.parent.parent) == 0o700


def test_serve_logs_are_private(tmp_path: Path) -> None:
    from flows.one_machine import Component

    log = tmp_path / "logs" / "web.log"
    part = Component("echo", ["true"], dict(os.environ), lambda: True, log)
    part.start()
    assert part.process is not None and part.process.wait(timeout=60) == 0
    part.stop()
    assert _mode(log) == 0o600 and _mode(log.parent) == 0o700
