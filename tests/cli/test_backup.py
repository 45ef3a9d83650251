"""A lost disk: ``dondoc backup`` of a home with tasks, deliveries, the web secret, the
Zalo token store and an attachment, then ``dondoc restore`` into an empty home and an
empty database, on each backend. The exports, the delivery log and the history match,
the files come back byte for byte, nothing is readable by others, and a restore never
writes over data nor from a damaged backup."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from cli.app import app
from models.backup import MANIFEST, backups, take_backup
from models.calendar import default_calendar
from models.db import dispose_engines, make_engine
from models.settings import get_settings
from models.tokens import secret_key
from notifications.channels.zalo.tokens import Tokens, save, store_path
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.conftest import _admin_execute
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.peers import SmtpSink

Use = Callable[[str, Path], Callable[..., Any]]


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch) -> Iterator[Use]:
    """Point the command line at a database and a home; returns a runner of commands."""

    def point(url: str, home: Path) -> Callable[..., Any]:
        dispose_engines()
        monkeypatch.setenv("DONDOC_DATABASE_URL", url)
        monkeypatch.setenv("DONDOC_HOME", str(home))
        monkeypatch.delenv("DONDOC_WEB_SECRET", raising=False)
        get_settings.cache_clear()
        default_calendar.cache_clear()

        def run(*args: str, code: int = 0) -> Any:
            result = CliRunner().invoke(app, list(args), catch_exceptions=False)
            assert result.exit_code == code, result.output
            return result

        return run

    yield point
    dispose_engines()
    get_settings.cache_clear()


def _empty_database(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored' / 'dondoc.sqlite3'}"
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"{make_url(db_url).database}_restored"
    _admin_execute(admin, f"CREATE DATABASE {name}")
    request.addfinalizer(
        lambda: _admin_execute(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    )
    return make_url(admin).set(database=name).render_as_string(False)


def _rows(url: str, query: str) -> list[tuple[Any, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.exec_driver_sql(query)]
    finally:
        engine.dispose()


def _private(root: Path) -> None:
    for folder, _subfolders, names in os.walk(root):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
        for name in names:
            assert stat.S_IMODE(os.stat(Path(folder) / name).st_mode) == 0o600, name


def test_backup_then_restore_into_an_empty_home_gives_the_same_tracker(
    db_url: str, smtp: SmtpSink, tmp_path: Path, use: Use, request: pytest.FixtureRequest
) -> None:
    home = tmp_path / "home"
    run = use(db_url, home)
    engine = make_engine(db_url)
    build_committee(engine)
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP")
    sent = run_once(
        engine, date(2024, 3, 22), datetime(2024, 3, 22, 1, 0, tzinfo=UTC), config, CAL, TZ
    )
    assert sent.sent == 3
    engine.dispose()
    web_secret = secret_key(get_settings())  # made once and kept in the home
    secret_file = (home / "web-secret").read_bytes()
    tokens = Tokens("access-token-1", "refresh-token-1", datetime(2030, 1, 1, tzinfo=UTC))
    save(store_path("4321", home), tokens)
    attachment = home / "attachments" / "ab" / "cdef.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.7 minutes of the meeting")
    for made_again in ("prefect/prefect.db", "outbox/1.eml", "web.log"):
        (home / made_again).parent.mkdir(exist_ok=True)
        (home / made_again).write_text("not kept")
    run("export", "tasks", str(tmp_path / "before.csv"))
    run("export", "directory", str(tmp_path / "before.yaml"))

    folder = tmp_path / "backups"
    made = run("backup", str(folder), "--keep", "2")
    (backup,) = backups(folder)
    assert str(backup.name) in made.output.replace("\n", "")
    _private(folder)
    kept = sorted(str(p.relative_to(backup)) for p in backup.rglob("*") if p.is_file())
    assert "home/web-secret" in kept and "home/zalo/oa-4321.json" in kept
    assert "home/attachments/ab/cdef.pdf" in kept
    assert not [
        k for k in kept if k.startswith(("home/prefect", "home/outbox")) or k.endswith(".log")
    ]

    # The disk is lost: a new, empty home and an empty database.
    new_home, new_url = tmp_path / "new-home", _empty_database(db_url, tmp_path, request)
    run = use(new_url, new_home)
    restored = run("restore", str(backup))
    assert "Đã khôi phục 2 nhiệm vụ" in restored.output
    _private(new_home)
    assert (new_home / "web-secret").read_bytes() == secret_file
    assert web_secret in secret_file.decode()
    assert (new_home / "zalo" / "oa-4321.json").read_bytes() == store_path(
        "4321", home
    ).read_bytes()
    assert (new_home / "attachments" / "ab" / "cdef.pdf").read_bytes() == attachment.read_bytes()
    assert not (new_home / "prefect").exists() and not (new_home / "outbox").exists()
    run("export", "tasks", str(tmp_path / "after.csv"))
    run("export", "directory", str(tmp_path / "after.yaml"))
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
    assert (tmp_path / "after.yaml").read_bytes() == (tmp_path / "before.yaml").read_bytes()
    for table in ("delivery_log", "task_event", "task"):
        query = f"SELECT * FROM {table} ORDER BY id"
        assert _rows(new_url, query) == _rows(db_url, query), table

    restored_engine = make_engine(new_url)  # history is still append-only (its triggers came)
    with pytest.raises(sa.exc.DatabaseError), restored_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE task_event SET actor = 'someone else'")
    restored_engine.dispose()

    # Never over data: the home is not empty any more, then the database is not.
    refused = run("restore", str(backup), code=2)
    assert "không trống" in refused.output
    run = use(new_url, tmp_path / "another-empty-home")
    assert "Cơ sở dữ liệu" in run("restore", str(backup), code=2).output
    assert not (tmp_path / "another-empty-home").exists()


def test_a_damaged_backup_restores_nothing_and_backups_rotate(
    sqlite_url: str, tmp_path: Path, use: Use
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "web-secret").write_text("s3cret")
    folder = tmp_path / "backups"
    start = datetime(2024, 3, 22, 19, 0, tzinfo=UTC)
    made = [
        take_backup(sqlite_url, home, folder, keep=3, now=start + timedelta(days=n))
        for n in range(5)
    ]
    assert backups(folder) == made[2:]  # the newest three
    assert [p.name for p in made[:2]] == ["dondoc-20240322T190000Z", "dondoc-20240323T190000Z"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no partial left
    damaged = made[-1]
    (damaged / "home" / "web-secret").write_text("tampered")
    run = use(f"sqlite:///{tmp_path / 'new' / 'db.sqlite3'}", tmp_path / "new-home")
    refused = run("restore", str(damaged), code=2)
    assert "Bản sao lưu bị hỏng" in refused.output
    assert not (tmp_path / "new").exists() and not (tmp_path / "new-home").exists()
    (damaged / MANIFEST).write_text("{}")
    assert "không phải bản sao lưu" in run("restore", str(damaged), code=2).output
    other = use("postgresql+psycopg://u@127.0.0.1:1/x", tmp_path / "pg-home")
    assert "Bản sao lưu là sqlite" in other("restore", str(made[-2]), code=2).output


def test_the_database_url_password_never_reaches_a_command_line() -> None:
    from models.pg_tools import libpq

    dsn, env = libpq("postgresql+psycopg://dondoc:Pa55-w0rd@db.example:5433/dondoc?sslmode=require")
    assert dsn == "postgresql://dondoc@db.example:5433/dondoc?sslmode=require"
    assert env["PGPASSWORD"] == "Pa55-w0rd"
