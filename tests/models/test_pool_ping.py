"""PostgreSQL connections are pinged before use only after idling (``models.db``): one the
server dropped meanwhile is replaced unseen, one returned moments ago costs no round trip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

import models.db
from models.db import make_engine


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each ping the pool sends, as it is sent."""
    sent: list[object] = []
    ping = pg_engine.dialect.do_ping

    def counted(dbapi: Any) -> bool:
        sent.append(dbapi)
        return ping(dbapi)

    monkeypatch.setattr(pg_engine.dialect, "do_ping", counted)
    return sent


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))


def test_a_connection_returned_moments_ago_is_used_without_a_ping(
    pg_engine: Engine, pings: list[object]
) -> None:
    first = _backend(pg_engine)  # a new connection: just connected, no ping
    again = [_backend(pg_engine) for _ in range(5)]
    assert again == [first] * 5  # the one returned last is taken again
    assert pings == []


def test_a_connection_the_server_dropped_while_idle_is_replaced_unseen(
    postgres_url: str, pg_engine: Engine, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = _backend(pg_engine)
    _terminate(postgres_url, dropped)
    monkeypatch.setattr(models.db, "PING_IDLE_SECONDS", 0.0)  # it idled long enough
    replaced = _backend(pg_engine)  # no error: the ping found it gone
    assert replaced != dropped
    gone = pings[0]  # then the new connection's own ping, with no idle time allowed
    assert isinstance(gone, psycopg.Connection) and gone.closed
