"""Databases for tests: every schema is built by the real migrations, once per backend,
then cloned per test (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on
PostgreSQL), so each test starts from an empty, fully migrated database.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from models.db import make_engine
from models.migrate import upgrade
from tests.peers import SmtpSink, WebhookSink, smtp_server, webhook_server
from tests.pg_cluster import throwaway_cluster

TEMPLATE_DB = "dondoc_template"
_counter = itertools.count()


_NEEDS_POSTGRES = {"postgres_url", "postgres_admin_url", "postgres_template"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``postgres`` every test that needs PostgreSQL (the postgresql half of
    ``db_url``, or a PostgreSQL fixture): ``-m "not postgres"`` runs the rest without
    starting a cluster."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("db_url") if callspec is not None else None
        if backend == "postgresql" or _NEEDS_POSTGRES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    external = os.environ.get("DONDOC_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    with throwaway_cluster() as url:
        yield url


def _admin_execute(admin_url: str, statement: str) -> None:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> str:
    _admin_execute(postgres_admin_url, f"DROP DATABASE IF EXISTS {TEMPLATE_DB}")
    _admin_execute(postgres_admin_url, f"CREATE DATABASE {TEMPLATE_DB}")
    url = make_url(postgres_admin_url).set(database=TEMPLATE_DB).render_as_string(False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()  # a template must have no open connections to be cloned
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # closing the last connection folds the WAL back into the file
    return path


def _sqlite_url(template: Path, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each backend."""
    if request.param == "sqlite":
        yield _sqlite_url(request.getfixturevalue("sqlite_template"), tmp_path, "db")
        return
    yield request.getfixturevalue("postgres_url")


@pytest.fixture
def postgres_url(postgres_template: str, postgres_admin_url: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database."""
    name = f"dondoc_test_{os.getpid()}_{next(_counter)}"
    _admin_execute(postgres_admin_url, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    yield make_url(postgres_admin_url).set(database=name).render_as_string(False)
    _admin_execute(postgres_admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database, for tests whose subject is not the backend."""
    return _sqlite_url(sqlite_template, tmp_path, "extra")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def smtp(request: pytest.FixtureRequest) -> Iterator[SmtpSink]:
    """A real SMTP server on loopback: with a login, unless a test asks for another of
    ``SMTP_MODES`` (``@pytest.mark.parametrize("smtp", SMTP_MODES, indirect=True)``)."""
    with smtp_server(mode=getattr(request, "param", "login")) as sink:
        yield sink


@pytest.fixture
def webhook() -> Iterator[WebhookSink]:
    """A real HTTP webhook receiver on loopback."""
    with webhook_server() as sink:
        yield sink
