"""Pages read beside a writer: on SQLite a page's transaction begins deferred, so a
writer holding the lock (a morning run recording, another worker's form) does not queue
every page behind it; and a page cannot write by mistake inside such a transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import text
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
