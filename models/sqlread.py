"""Running read-only SQL text through a plain DB-API connection or an SQLAlchemy one.

The managers' commands answer from a bare ``sqlite3``/``psycopg`` connection: importing
SQLAlchemy and the models costs more than a second here, the query a few milliseconds.
The same query functions also run on an SQLAlchemy connection (inside flows, tests),
so there is one implementation of each question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

_NAMED = re.compile(r"(?<![:\w]):([a-zA-Z_]\w*)")
# PostgreSQL, every connection: each statement planned with the values it is sent.
# psycopg prepares a statement run five times on a connection, and PostgreSQL then
# switches to a generic plan made without the values: an id array (``id_match``) of
# twenty thousand is planned as ten rows, its default guess, and the joins after it
# chosen for ten. A plan costs well under a millisecond; a join chosen for the wrong
# size, seconds.
# And no JIT compilation: a question filtered row by row (a manager's reach) is costed
# high enough for PostgreSQL to compile it, and a manager's home page spent 1.5 s of its
# 1.7 s compiling 275 functions to read 20 rows (PostgreSQL 15, a million tasks).
PLAN_EACH_TIME = "-c plan_cache_mode=force_custom_plan -c jit=off"


class Reader(Protocol):
    dialect: str

    def fetch(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...


def _bind(dialect: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Dates as ISO text for SQLite (how it stores them); as ``date`` for PostgreSQL."""
    if dialect != "sqlite":
        return dict(params)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


class SqlAlchemyReader:
    """Over an open SQLAlchemy ``Connection`` (shares its transaction)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.dialect = str(connection.dialect.name)

    def fetch(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        # Straight to the driver: ``text()`` would parse and cache-key the SQL on every
        # call (seconds for a run's thousands-long id lists), and rows come in one fetch.
        if self.dialect == "postgresql" and params:  # without parameters, "%" stays as is
            sql = _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
        # The DB-API cursor of the same connection (same transaction): SQLAlchemy's
        # result rows, turned back into tuples, cost as much as the query here. Begun
        # first, as ``execute`` would: a reader's queries share one transaction (SQLite's
        # engine begins its own, which the raw cursor would otherwise skip).
        if not self.connection.in_transaction():
            self.connection.begin()
        cursor = self.connection.connection.cursor()
        try:
            if params:
                cursor.execute(sql, _bind(self.dialect, params))
            else:  # no parameters: "%" is not a placeholder
                cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()


class RepeatReader:
    """A reader that answers a question asked again from its first answer: for one page
    read in one read-only transaction, where several rules ask the same thing (the task
    page checks the viewer's reach four times). Never for a transaction that writes."""

    def __init__(self, inner: Reader) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self._answers: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[Any, ...]]] = {}

    def fetch(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        key = (sql, tuple(sorted((name, repr(value)) for name, value in params.items())))
        if key not in self._answers:
            self._answers[key] = self.inner.fetch(sql, params)
        return list(self._answers[key])


class DbApiReader:
    """Over a bare DB-API connection made from a SQLAlchemy-style URL."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0]
        if scheme == "sqlite":
            import sqlite3

            path = url.split(":///", 1)[1] if ":///" in url else ":memory:"
            from models.folding import register

            self.connection: Any = sqlite3.connect(path, timeout=30)
            register(self.connection)
            self.dialect = "sqlite"
        elif scheme in ("postgresql", "postgres"):
            import psycopg

            self.connection = psycopg.connect(
                host=parts.hostname or None,
                port=parts.port or None,
                user=unquote(parts.username) if parts.username else None,
                password=unquote(parts.password) if parts.password else None,
                dbname=parts.path.lstrip("/") or None,
                autocommit=True,
                options=PLAN_EACH_TIME,
            )
            self.dialect = "postgresql"
        else:
            raise ValueError(f"unsupported database URL scheme {parts.scheme!r}")

    def fetch(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        if self.dialect == "postgresql":
            sql = _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, _bind(self.dialect, params))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()


def as_date(value: Any) -> date | None:
    """SQLite hands dates back as text; PostgreSQL as ``date``."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def in_list(name: str, values: Iterable[Any], params: dict[str, Any]) -> str:
    """``(:name0, :name1, ...)`` with the values added to ``params``."""
    items: Sequence[Any] = list(values)
    if not items:
        return "(NULL)"
    for i, value in enumerate(items):
        params[f"{name}{i}"] = value
    return "(" + ", ".join(f":{name}{i}" for i in range(len(items))) + ")"


def id_match(
    column: str, name: str, ids: Sequence[int], params: dict[str, Any], dialect: str
) -> str:
    """``column`` is one of ``ids``: one array parameter on PostgreSQL (a hundred separate
    parameters cost more to bind and plan than to read the rows), an IN list on SQLite."""
    if dialect == "postgresql":
        params[name] = [int(i) for i in ids]
        return f"{column} = ANY(:{name})"
    return f"{column} IN {in_list(name, ids, params)}"


def id_set_match(
    column: str, name: str, ids: Sequence[int], params: dict[str, Any], dialect: str
) -> str:
    """``column`` is one of ``ids``, however many, as ONE parameter: an array on
    PostgreSQL (as ``id_match``), a JSON list read by ``json_each`` on SQLite. A run's
    seventy thousand ids in one query cost a third of the same in IN lists."""
    if dialect == "postgresql":
        return id_match(column, name, ids, params, dialect)
    params[name] = json.dumps([int(i) for i in ids])
    return f"{column} IN (SELECT value FROM json_each(:{name}))"
