"""The bound on sends not yet recorded, against a real SMTP server and a real ledger: while
outcomes cannot be written, sending stops after ``concurrency`` more messages, and goes
on once they can; e-mail shares a few kept sessions, whatever the thread count."""

from __future__ import annotations

import sqlite3
import sys
import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from models.db import make_engine
from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.planner import Reminder
from notifications.recorder import LedgerSink, RowRef
from notifications.redact import Redactor
from notifications.sender import Message, Outcome, send_all
from tests.notifications.conftest import build_committee
from tests.notifications.test_smtp_sessions import HTML, TEXT, counting_server
from tests.threads import wait_for

DAY = date(2024, 3, 15)
WINDOW = 6


def _stack(thread: threading.Thread) -> list[str]:
    """The names of the functions the thread is in, innermost first."""
    frame = sys._current_frames().get(thread.ident or 0)
    names = []
    while frame is not None:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    return names


def _all_senders_parked() -> bool:
    """Every sending thread waits: for a slot (in ``reserve``, inside ``Condition.wait``)
    or as the writer blocked on the database (in ``_write``). None is sending, and none
    can get a slot before a write succeeds: no message more can go out meanwhile."""
    senders = [t for t in threading.enumerate() if t.name.startswith("dondoc-send")]

    def parked(thread: threading.Thread) -> bool:
        names = _stack(thread)
        waiting = bool(names) and names[0] == "wait" and any("reserve" in n for n in names)
        return waiting or any("_write" in n for n in names)

    return bool(senders) and all(parked(t) for t in senders)


def test_sending_stops_at_the_window_while_outcomes_cannot_be_written(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    reminders = [
        Reminder(person, "email", f"p{i}@example.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
        for i in range(60)
    ]
    token, now = str(uuid.uuid4()), datetime.now(UTC)
    ledger.claim_new(engine, reminders, token, now)
    rows = ledger.claimed_by(engine, token)
    refs = [RowRef((row.id,), "subject", None, 0) for row in rows]
    sink = LedgerSink.for_run(engine, token, now, timedelta(minutes=15), refs)
    sent_rows = sa.text("SELECT count(*) FROM delivery_log WHERE status = 'sent'")
    with counting_server() as server:
        messages = [Message(server.url(row.address or ""), "subject", HTML, TEXT) for row in rows]
        outcomes: list[Outcome] = []
        sending = threading.Thread(
            target=lambda: outcomes.extend(
                send_all(
                    messages,
                    concurrency=WINDOW,
                    redactor=Redactor([]),
                    sink=sink,
                    email_sessions=2,
                )
            )
        )
        sending.start()
        wait_for(lambda: len(server.messages) >= 10, "ten messages sent")
        # Another writer takes the database: no outcome can be written meanwhile.
        path = engine.url.database
        assert path is not None
        blocker = sqlite3.connect(path, isolation_level=None, timeout=60)
        blocker.execute("BEGIN IMMEDIATE")
        recorded = blocker.execute(str(sent_rows)).fetchone()[0]
        # Sending goes on until the window is full, then every sender waits (a window that
        # failed to hold would let them send on to the end, never all waiting).
        wait_for(_all_senders_parked, "every sender waiting for the blocked write", 120)
        assert len(server.messages) == recorded + WINDOW < len(messages)
        blocker.execute("ROLLBACK")
        blocker.close()
        sending.join(timeout=120)
    assert len(outcomes) == len(messages) and all(o.ok for o in outcomes)
    assert sorted(str(m["To"]) for m in server.messages) == sorted(r.address for r in reminders)
    assert server.sessions <= 2 * 3  # two at a time, 50 messages each at most: never one each
    with engine.connect() as connection:
        assert connection.execute(sent_rows).scalar_one() == len(reminders)
    engine.dispose()
