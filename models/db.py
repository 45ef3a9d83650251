"""The engine, sessions, and the schema kept at the newest migration."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session

from models.folding import register as register_fold
from models.i18n import register
from models.private_files import private_database
from models.settings import get_settings
from models.sqlread import PLAN_EACH_TIME

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


# Execution option of a connection whose transactions only read (``reading``).
READING = "dondoc_reading"


def reading(session: Session) -> Session:
    """Mark ``session``'s transaction as one that only reads (call before its first query).

    On SQLite it begins deferred, beside the writer, instead of taking the write lock;
    on both backends the transaction refuses to write (a page that writes by mistake
    fails in the tests rather than queueing or failing under load).
    """
    session.connection(execution_options={READING: True})
    return session


@contextmanager
def read_only(engine: Engine) -> Iterator[Connection]:
    """A connection for a read of one statement: on SQLite in a transaction that only
    reads (see ``reading``), rolled back after; on PostgreSQL in autocommit, where one
    statement is its own snapshot and needs no BEGIN and ROLLBACK (two round trips, on
    every request that reads its session)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            yield connection.execution_options(isolation_level="AUTOCOMMIT")
            return
        connection.execution_options(**{READING: True})
        with connection.begin():
            yield connection


# Connections kept open per process. SQLAlchemy's default (5, and 10 more closed again on
# return) made a web worker under 200 people open and close a PostgreSQL connection for
# most requests: a server process forked and warmed each time (a third of the machine's
# CPU in system time in the load test). A web worker runs up to 40 requests at once
# (Starlette's thread pool), each holding one connection at a time.
POOL_SIZE = 20
POOL_OVERFLOW = 20

# A pooled PostgreSQL connection idle longer than this is pinged before use: the server
# may have restarted or dropped it meanwhile. SQLAlchemy's ``pool_pre_ping`` pinged on
# every check-out, a round trip more for each of a page's two or three transactions; a
# connection returned moments ago by a query that succeeded needs none. Should the server
# go away within this window, the query that finds out fails and SQLAlchemy discards every
# connection of the pool, as it would for one that died mid-request.
PING_IDLE_SECONDS = 10.0
_RETURNED = "dondoc_returned"  # in a connection record's info: when last connected or returned


def _ping_when_idle(engine: Engine) -> None:
    """Pings a connection on check-out when it idled past ``PING_IDLE_SECONDS``
    (SQLAlchemy's documented custom ping, a "checkout" event that raises)."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED)
        if returned is not None and time.monotonic() - returned < PING_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi)
        except engine.dialect.loaded_dbapi.Error as error:
            # The server probably restarted: the pool reconnects this one and replaces
            # every other connection it holds when next taken, as SQLAlchemy's own does.
            raise exc.InvalidatePoolError(str(error)) from error

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _on_connect_or_checkin(dbapi: Any, record: Any) -> None:
        if dbapi is not None:
            record.info[_RETURNED] = time.monotonic()


def make_engine(url: str, lock_timeout: float | None = None) -> Engine:
    """An engine with the per-connection settings each backend needs.

    ``lock_timeout`` (default: the settings) bounds how long a write waits for a lock:
    past it, the write fails and the user reads "the database is locked".
    """
    wait = get_settings().lock_timeout_seconds if lock_timeout is None else lock_timeout
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        options = f"-c lock_timeout={int(wait * 1000)} {PLAN_EACH_TIME}"
        server = create_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            # The connection returned last is taken first: the few a steady load needs
            # stay in use (no ping); the rest wait, and are pinged when next taken.
            pool_use_lifo=True,
            connect_args={"options": options},
        )

        _ping_when_idle(server)

        @event.listens_for(server, "begin")
        def _on_server_begin(connection: Any) -> None:
            # Readers never wait for writers here; READ ONLY keeps a page from writing by
            # mistake, the same guard as SQLite's ``query_only``. Said through psycopg,
            # which begins with "BEGIN READ ONLY": a round trip fewer than a SET after
            # BEGIN, on every page (the connection is idle here: psycopg begins lazily).
            # A writer leaves it unset (None: plain BEGIN), never False: "BEGIN READ WRITE"
            # would override a database the administrator made read-only.
            wanted = True if connection.get_execution_options().get(READING) else None
            dbapi = connection.connection.dbapi_connection
            if dbapi.read_only is not wanted:
                dbapi.read_only = wanted

        @event.listens_for(server, "checkin")
        def _on_server_checkin(dbapi: Any, _record: Any) -> None:
            # Back in the pool writable (rolled back by now): a raw connection taken next
            # (``engine.raw_connection()``) gets no "begin" event to say otherwise.
            if dbapi is not None and dbapi.read_only is not None:
                dbapi.read_only = None

        return server
    if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
        private_database(Path(parsed.database))
    engine = create_engine(url, connect_args={"timeout": wait})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling delays BEGIN and breaks compare-and-set;
        # take it over (SQLAlchemy's documented recipe) and enforce foreign keys.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        register_fold(dbapi_connection)  # accent-insensitive search (``models.folding``)
        cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
        # 64 MiB of page cache (default 2 MiB): a morning's claims probe and extend an
        # index of random keys far larger than 2 MiB; pages are allocated only as used.
        cursor.execute("PRAGMA cache_size=-65536")
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the lock at BEGIN (compare-and-set needs it). A reader must not:
        # under WAL it reads beside the writer, where IMMEDIATE would queue every page of
        # every web worker behind one lock. ``query_only`` turns a write slipped into a
        # reading transaction into an error instead of a lock upgrade that fails under load.
        if connection.get_execution_options().get(READING):
            connection.exec_driver_sql("PRAGMA query_only=ON")
            connection.connection.info[READING] = True
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("PRAGMA query_only=OFF")
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        # Back in the pool writable: a raw connection taken next
        # (``engine.raw_connection()``) gets no "begin" event to say otherwise.
        if dbapi_connection is not None and record.info.pop(READING, False):
            dbapi_connection.execute("PRAGMA query_only=OFF")

    return engine


def get_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """The process-wide engine for ``url`` (default: the settings), migrated on first use."""
    url = url or get_settings().resolved_database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            if migrate:
                from models.migrate import upgrade_if_behind

                upgrade_if_behind(engine)
            _engines[url] = engine
    return engine


def dispose_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on any error: all or nothing."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# Why a database refused to work, by the driver's own codes: SQLite's result names and
# PostgreSQL's SQLSTATE classes. Each cause has its own message (and its own fix).
_SQLITE_CAUSES = {
    "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked",
    "SQLITE_READONLY": "read_only",
    "SQLITE_READONLY_DIRECTORY": "read_only",
    "SQLITE_READONLY_DBMOVED": "read_only",
    "SQLITE_PERM": "read_only",
    "SQLITE_FULL": "full",
    "SQLITE_CANTOPEN": "unreachable",
    "SQLITE_NOTADB": "unreachable",
    "SQLITE_IOERR": "unreachable",
}
_PG_CAUSES = {
    "55P03": "locked",  # lock_not_available (lock_timeout, NOWAIT)
    "40P01": "locked",  # deadlock_detected
    "57014": "locked",  # query_canceled (statement_timeout while waiting)
    "25006": "read_only",  # read_only_sql_transaction (a standby, or read-only mode)
    "42501": "read_only",  # insufficient_privilege (a user without write rights)
    "53100": "full",  # disk_full
    "53200": "full",  # out_of_memory
    "53300": "unreachable",  # too_many_connections
    "57P03": "unreachable",  # cannot_connect_now (starting up, shutting down)
}
DB_CAUSES = ("locked", "read_only", "full", "unreachable")


def database_failure(error: BaseException) -> str | None:
    """``locked``, ``read_only``, ``full`` or ``unreachable`` when ``error`` (or what it wraps)
    is the database refusing service rather than a bug; otherwise None.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str):
            return _SQLITE_CAUSES.get(name) or _SQLITE_CAUSES.get(name.rsplit("_", 1)[0])
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate in _PG_CAUSES:
            return _PG_CAUSES[sqlstate]
        kind = f"{type(current).__module__}.{type(current).__name__}"
        if kind.startswith("psycopg") and kind.endswith("OperationalError") and not sqlstate:
            return "unreachable"  # no SQLSTATE: the connection itself failed
        current = getattr(current, "orig", None) or current.__cause__
    return None


register(
    {
        "db.locked": {
            "vi": "Cơ sở dữ liệu {url} đang bị khóa bởi một thao tác khác; hãy thử lại sau: "
            "{reason}",
            "en": "The database {url} is locked by another operation; try again later: {reason}",
        },
        "db.read_only": {
            "vi": "Cơ sở dữ liệu {url} chỉ cho đọc (quyền tệp, máy chủ dự phòng hoặc tài khoản "
            "không được ghi): {reason}",
            "en": "The database {url} is read-only (file permissions, a standby server or an "
            "account without write rights): {reason}",
        },
        "db.full": {
            "vi": "Cơ sở dữ liệu {url} đã hết chỗ (ổ đĩa đầy); không ghi gì: {reason}",
            "en": "The database {url} is out of space (disk full); nothing was written: {reason}",
        },
        "db.unreachable": {
            "vi": "Không kết nối được cơ sở dữ liệu {url}: {reason}",
            "en": "Cannot reach the database {url}: {reason}",
        },
    }
)
