"""Pages read beside a writer: on SQLite a page's transaction begins deferred, so a
writer holding the lock (a morning run recording, another worker's form) does not queue
every page behind it; and a page cannot write by mistake inside such a transaction."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import InternalError, OperationalError
from sqlmodel import Session, select

from models.db import make_engine, reading
from models.tasks import Task
from tests.web.conftest import TODAY, Web
from web.app import create_app


def test_pages_answer_while_another_writer_holds_the_lock(web: Web, db_url: str) -> None:
    with Session(web.engine) as session:
        task_id = session.exec(select(Task.id)).first()
    # A second engine whose writes give up after 0.2 s: a page that took the write lock
    # at BEGIN would fail with "the database is locked" instead of answering.
    impatient = make_engine(db_url, lock_timeout=0.2)
    app = create_app(
        settings=web.settings,
        notify=web.app.state.web.notify,
        engine=impatient,
        today=lambda: TODAY,
    )
    client = Web(app, impatient, web.settings).sign_in("trang.nt")
    writer = web.engine.connect()
    try:
        writer.begin()
        writer.execute(text("UPDATE task SET title = title WHERE id = :id"), {"id": task_id})
        for path in ("/", "/tasks", f"/tasks/{task_id}", "/tasks?q=kiem+tra"):
            assert client.get(path).status_code == 200, path
    finally:
        writer.rollback()
        writer.close()
        impatient.dispose()


def test_a_reading_transaction_refuses_to_write(web: Web) -> None:
    with Session(web.engine) as session:
        reading(session)
        with pytest.raises((OperationalError, InternalError), match=r"read-?only"):
            session.execute(text("UPDATE task SET title = title"))
    with Session(web.engine) as session:  # the next transaction on the pooled connection
        session.execute(text("UPDATE task SET title = title"))
        session.commit()


def test_a_page_reads_through_one_connection_and_asks_nothing_twice(web: Web) -> None:
    """Beside the session's own look-up, a page checks out one connection (the at-risk
    badges are read through it while the page renders, not through another), and asks
    no question twice: on PostgreSQL each is a round trip, slow on a busy machine."""
    with Session(web.engine) as session:
        task_id = session.exec(select(Task.id)).first()
    client = web.sign_in("trang.nt")
    checkouts: list[int] = []
    asked: list[tuple[str, str]] = []

    def checkout(*_: object) -> None:
        checkouts.append(1)

    def before(_c: object, _cur: object, statement: str, params: object, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            asked.append((statement, repr(params)))

    event.listen(web.engine, "checkout", checkout)
    event.listen(web.engine, "before_cursor_execute", before)
    try:
        for path in ("/", "/tasks", f"/tasks/{task_id}"):
            checkouts.clear()
            asked.clear()
            page = client.get(path)
            assert page.status_code == 200, path
            assert len(checkouts) == 2, (path, len(checkouts))
            twice = [sql[:80] for sql, n in Counter(asked).items() if n > 1]
            assert twice == [], (path, twice)
    finally:
        event.remove(web.engine, "checkout", checkout)
        event.remove(web.engine, "before_cursor_execute", before)


def test_a_connection_goes_back_to_the_pool_writable(web: Web) -> None:
    """A reading transaction's connection, taken next as a raw connection (no "begin"
    event), writes: on PostgreSQL the read-only flag lives on the connection itself."""
    engine = make_engine(web.engine.url.render_as_string(hide_password=False))
    try:
        with Session(engine) as session:  # the pool's only connection so far
            reading(session)
            session.execute(text("SELECT 1"))
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("UPDATE task SET title = title")
            raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
