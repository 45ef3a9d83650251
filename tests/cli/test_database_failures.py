"""A database that refuses service is named by its cause: locked, read-only, full or
unreachable, on both backends, with the password masked and exit code 3."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session
from typer.testing import CliRunner

from cli.app import app
from documents.minutes import import_minutes
from models import db
from models.calendar import WorkCalendar
from models.settings import get_settings
from tests.cli.hostile_corpus import minutes

EXTEND = ["task", "extend", "1", "--to", "2025-06-30", "--reason", "r", "--approved-by", "long"]
MESSAGES = {
    "locked": ("đang bị khóa", "is locked"),
    "read_only": ("chỉ cho đọc", "is read-only"),
    "full": ("hết chỗ", "out of space"),
    "unreachable": ("Không kết nối được", "Cannot reach"),
}


@pytest.fixture
def one_task(db_url: str, tmp_path: Path) -> str:
    path = tmp_path / "m.yaml"
    path.write_bytes(minutes()())
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        import_minutes(session, path, "test", WorkCalendar())
        session.commit()
    engine.dispose()
    return db_url


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def run(url: str, *args: str, lock_timeout: str = "0.5") -> Any:
        monkeypatch.setenv("DONDOC_DATABASE_URL", url)
        monkeypatch.setenv("DONDOC_LOCK_TIMEOUT_SECONDS", lock_timeout)
        get_settings.cache_clear()
        try:
            return CliRunner().invoke(app, list(args))
        finally:
            db.dispose_engines()

    yield run
    get_settings.cache_clear()


def _says(result: Any, cause: str, secret: str | None = None) -> None:
    output = " ".join(result.output.split())
    assert result.exit_code == 3, result.output
    assert any(text in output for text in MESSAGES[cause]), output
    others = [t for c, texts in MESSAGES.items() if c != cause for t in texts]
    assert not any(text in output for text in others), output
    if secret:
        assert secret not in output


def test_a_locked_database_says_locked(one_task: str, cli: Any) -> None:
    url = make_url(one_task)
    if url.get_backend_name() == "sqlite":
        holder: Any = sqlite3.connect(str(url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the file
    else:
        holder = psycopg.connect(url.set(drivername="postgresql").render_as_string(False))
        holder.execute("SELECT id FROM task WHERE id = 1 FOR UPDATE")  # holds the row
    try:
        _says(cli(one_task, *EXTEND), "locked")
    finally:
        holder.rollback()
        holder.close()
    assert cli(one_task, *EXTEND).exit_code == 0  # the lock gone, the same command works


def test_a_read_only_database_says_read_only(
    one_task: str, cli: Any, postgres_admin_url: str
) -> None:
    url = make_url(one_task)
    if url.get_backend_name() == "sqlite":
        target = f"sqlite:///file:{url.database}?mode=ro&uri=true"
    else:
        admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f"ALTER DATABASE {url.database} SET default_transaction_read_only = on"
            )
        admin.dispose()
        target = one_task
    _says(cli(target, *EXTEND), "read_only")


def test_an_unreachable_database_says_unreachable(db_url: str, cli: Any, tmp_path: Path) -> None:
    secret: str | None = "Unre4chable-Pa55"
    if make_url(db_url).get_backend_name() == "sqlite":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a directory")
        _says(cli(f"sqlite:///{blocker}/dondoc.sqlite3", "report", "overdue"), "unreachable", None)
        return
    from tests.peers import closed_port

    with closed_port() as port:  # nobody listens there
        target = f"postgresql+psycopg://:{secret}@127.0.0.1:{port}/dondoc"
        _says(cli(target, "report", "overdue"), "unreachable", secret)


def test_a_full_sqlite_database_says_full(sqlite_url: str, cli: Any, tmp_path: Path) -> None:
    """SQLite's own limit on the file's pages makes a real SQLITE_FULL."""
    engine = db.make_engine(sqlite_url)

    @sa.event.listens_for(engine, "connect")
    def _no_room(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    big = tmp_path / "big.yaml"
    text = minutes()().decode()
    tasks = "".join(
        f'      - {{ref: "{i}", title: "{"t" * 900}", lead: DU, deadline: 2024-12-31}}\n'
        for i in range(2, 200)
    )
    big.write_text(text + tasks, encoding="utf-8")
    db._engines[sqlite_url] = engine  # the CLI's engine for this URL: the one with no room
    _says(cli(sqlite_url, "import", "minutes", str(big)), "full")


def test_postgresql_causes_are_read_from_sqlstate() -> None:
    """PostgreSQL's disk-full and the others cannot be provoked here; their codes can."""
    assert db.database_failure(psycopg.errors.DiskFull()) == "full"
    assert db.database_failure(psycopg.errors.ReadOnlySqlTransaction()) == "read_only"
    assert db.database_failure(psycopg.errors.LockNotAvailable()) == "locked"
    assert db.database_failure(psycopg.errors.UniqueViolation()) is None
    assert db.database_failure(ValueError("not a database error")) is None
