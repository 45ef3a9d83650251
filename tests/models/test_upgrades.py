"""Upgrades with a year of data, from every released schema revision, on both backends.

The data is the demo committee (tasks with their history, extensions, completions,
reporting duties, submissions and a waiver) and a morning's deliveries, made by this
version's own code in a database at the newest revision. For each earlier revision a
database is built by that revision's own migrations (``alembic upgrade <rev>``), and the
rows are written into it with plain SQL, the columns that revision has, and the
idempotency keys in the form it used (before 0011: the hash without the recipient's
digits). Then it is upgraded to the newest revision, and:

- every row of every table that revision had reads back the same (history included);
- every task's status, deadline in force, progress and dates, as of several days, are
  those this version computes on the data it made itself;
- the delivery keys are those this version would claim, so a run upgraded mid-day sends
  nothing twice.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from cli.demo_commands import DEMO_MINUTES, _demo_submissions
from documents.minutes import import_minutes
from models.calendar import WorkCalendar
from models.db import make_engine
from models.duty_lifecycle import generate_all
from models.migrate import alembic_config, upgrade
from models.queries import TaskFilter, list_tasks
from models.schema import metadata
from models.schema_version import HEAD_REVISION
from models.sqlread import SqlAlchemyReader
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.conftest import _admin_execute

CAL = WorkCalendar()
AS_OF = (date(2024, 3, 31), date(2024, 7, 15), date(2024, 12, 31))
KEYS_BY_RECIPIENT = "0011"  # from this revision on, a key begins with the recipient's id
_names = itertools.count()


def released() -> list[str]:
    """Every revision before the newest, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    found = [r.revision for r in script.walk_revisions()]
    return [r for r in reversed(found) if r != HEAD_REVISION]


@pytest.fixture
def year(db_url: str, tmp_path: Path) -> str:
    """The demo committee and a morning's deliveries, made by this version."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        import_minutes(session, DEMO_MINUTES, "demo", CAL)
        generate_all(session, date(2024, 1, 1), date(2024, 12, 31), CAL)
        _demo_submissions(session)
        session.commit()
        _a_year_goes_by(session)
    outbox = f"outbox://localhost{tmp_path / 'outbox'}"
    channels = {c: f"{outbox}/{c}?to={{address}}" for c in ("email", "telegram", "slack")}
    config = NotifyConfig(channels=channels, tracking_office="VP-DU")
    at = datetime(2024, 7, 15, 0, 30, tzinfo=UTC)
    assert run_once(engine, date(2024, 7, 15), at, config, CAL, "Asia/Ho_Chi_Minh").sent > 0
    engine.dispose()
    return db_url


def _a_year_goes_by(session: Session) -> None:
    """Progress, an extension approved in May, a late completion, a cancellation."""
    from sqlmodel import col, select

    from models.lifecycle import cancel_task, complete_task, extend_deadline, update_progress
    from models.org import Person
    from models.tasks import Task

    approver = session.exec(select(Person).where(Person.code == "long.lh")).one()
    open_tasks = session.exec(
        select(Task)
        .where(col(Task.completed_on).is_(None), col(Task.due_on).is_not(None))
        .order_by(col(Task.due_on), col(Task.id))
    ).all()
    assert len(open_tasks) >= 3
    late, extended, cancelled = open_tasks[:3]
    update_progress(session, extended, 30, "trang.nt", "đã xong phần 1")
    assert extended.due_on is not None
    extend_deadline(
        session, extended, date(2024, 11, 29), "chờ ý kiến", approver, date(2024, 5, 10), "long.lh"
    )
    assert late.due_on is not None and late.due_on < date(2024, 12, 1)
    complete_task(
        session, late, date(2024, 12, 2), "trang.nt", "xong muộn", today=date(2024, 12, 2)
    )
    cancel_task(session, cancelled, date(2024, 6, 3), "không còn phù hợp", "long.lh")
    session.commit()


@pytest.fixture
def empty_database(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A maker of empty databases on the backend under test."""
    made: list[str] = []
    admin = None if db_url.startswith("sqlite") else request.getfixturevalue("postgres_admin_url")

    def make() -> str:
        name = f"upgrade_{os.getpid()}_{next(_names)}"
        if admin is None:
            return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        _admin_execute(admin, f"CREATE DATABASE {name}")
        made.append(name)
        return make_url(admin).set(database=name).render_as_string(False)

    yield make
    for name in made:
        _admin_execute(admin or "", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _columns(connection: sa.Connection) -> dict[str, list[str]]:
    inspector = sa.inspect(connection)
    return {
        t: [c["name"] for c in inspector.get_columns(t)]
        for t in inspector.get_table_names()
        if t != "alembic_version"
    }


def _raw(connection: sa.Connection, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    names = ", ".join(columns)
    order = " ORDER BY id" if "id" in columns else f" ORDER BY {names}"
    return [tuple(r) for r in connection.exec_driver_sql(f"SELECT {names} FROM {table}{order}")]


def _old_key(key: str) -> str:
    """A key as revisions before 0011 wrote it: a 64-digit hash whose first 54 digits are
    those the rewrite keeps (the last ten were never kept, so any will do)."""
    return key[10:] + "0" * 10


def _copy(source: Engine, target: Engine, revision: str) -> dict[str, list[str]]:
    """Write the source's rows into the target at ``revision``, with plain SQL."""
    with target.connect() as connection:
        columns = _columns(connection)
    marker = "?" if target.dialect.name == "sqlite" else "%s"
    # A plain engine: SQLite then checks no foreign key (the unit and its manager refer
    # to each other); PostgreSQL is told below.
    plain = sa.create_engine(target.url)
    with source.connect() as reading, plain.begin() as writing:
        if target.dialect.name == "postgresql":
            from psycopg.types.json import Json

            writing.exec_driver_sql("SET session_replication_role = replica")  # FKs later
        for table in metadata.sorted_tables:
            names = columns.get(table.name)
            if not names:
                continue
            rows = _raw(reading, table.name, names)
            if table.name == "delivery_log" and revision < KEYS_BY_RECIPIENT:
                at = names.index("idempotency_key")
                rows = [(*r[:at], _old_key(r[at]), *r[at + 1 :]) for r in rows]
            if target.dialect.name == "postgresql":
                rows = [
                    tuple(Json(v) if isinstance(v, dict | list) else v for v in r) for r in rows
                ]
            if rows:
                statement = (
                    f"INSERT INTO {table.name} ({', '.join(names)}) "
                    f"VALUES ({', '.join([marker] * len(names))})"
                )
                writing.exec_driver_sql(statement, rows)
            if target.dialect.name == "postgresql" and "id" in names and rows:
                writing.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
    plain.dispose()
    return columns


def _statuses(engine: Engine) -> list[list[dict[str, Any]]]:
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        return [
            [row.as_dict(day) for row in list_tasks(reader, TaskFilter(), day)] for day in AS_OF
        ]


def _rows(engine: Engine, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {t: _raw(connection, t, names) for t, names in columns.items()}


def test_every_revision_upgrades_with_its_data_unchanged(year: str, empty_database: Any) -> None:
    source = make_engine(year)
    expected_statuses = _statuses(source)
    assert sum(len(day) for day in expected_statuses) >= 36  # 12 tasks, 3 days
    revisions = released()
    assert revisions[0] == "0001" and len(revisions) >= 11
    for revision in revisions:
        target = make_engine(empty_database())
        upgrade(target, revision)
        columns = _copy(source, target, revision)
        before = _rows(target, columns)
        upgrade(target)  # to the newest revision
        after = _rows(target, columns)
        if revision < KEYS_BY_RECIPIENT:  # rewritten: now the keys this version claims
            at = columns["delivery_log"].index("idempotency_key")
            rows = before["delivery_log"]
            before["delivery_log"] = [
                (*r[:at], k, *r[at + 1 :]) for r, k in zip(rows, _keys(source), strict=True)
            ]
        for table in columns:
            assert after[table] == before[table], (revision, table)
        assert "task_event" in columns and before["task_event"], revision
        assert _statuses(target) == expected_statuses, revision
        target.dispose()
    source.dispose()


def _keys(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [
            k
            for (k,) in connection.exec_driver_sql(
                "SELECT idempotency_key FROM delivery_log ORDER BY id"
            )
        ]
