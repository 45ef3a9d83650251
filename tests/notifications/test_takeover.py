"""Fencing: a run whose claims were taken over while it was still sending writes nothing
and stops. A real SMTP server holds run A's first send until the test releases it; run B
starts after A's lease has run out (on the runs' own clock), takes the claims over and
sends, its copy of that same message held too. A's send then completes while B still
holds the row: A's outcome finds the row under B's claim token and is not written.

These tests fail if ``ledger.record`` ignores the claim token: A would then write its
late "sent" over B's claim, carry on sending what B now holds, and B's outcome for the
row would be lost.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.planner import Reminder
from notifications.run import run_once
from notifications.sender import NOT_SENT
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.faulty_smtp import FaultySmtp, faulty_smtp
from tests.notifications.test_delivery_faults import _config
from tests.notifications.test_exactly_once import DAY, EVERYONE, morning
from tests.peers import WebhookSink
from tests.snapshot import snapshot
from tests.threads import started

D = ledger.D
LEASE = timedelta(minutes=15)  # the policy's default claim lease


def _email_rows(engine: sa.Engine) -> list[tuple[str, str, int, datetime | None]]:
    """(address, status, attempts, sent at) of every e-mail delivery."""
    query = sa.select(D.c.address, D.c.status, D.c.attempts, D.c.sent_at).where(
        D.c.channel == "email"
    )
    with engine.connect() as connection:
        return sorted((str(a), str(s), int(n), at) for a, s, n, at in connection.execute(query))


def test_a_run_taken_over_mid_send_records_nothing_and_stops(
    engine: sa.Engine, webhook: WebhookSink
) -> None:
    build_committee(engine)
    b_now = morning(DAY, 20)  # A's lease (15 minutes) has run out by then
    with faulty_smtp(FaultySmtp(mode="hold")) as smtp:
        a_held, b_held = smtp.holds
        slow = _config(smtp, webhook, concurrency=1)
        slow.channels["email"] = smtp.url(timeout=120)  # both wait for their held replies
        run_a = started(lambda: run_once(engine, DAY, morning(DAY), slow, CAL, TZ), "run A")
        assert a_held.arrived.wait(120), "run A never sent"
        run_b = started(lambda: run_once(engine, DAY, b_now, slow, CAL, TZ), "run B")
        assert b_held.arrived.wait(120), "run B never sent the held message again"
        a_held.release.set()  # A's send completes while B holds the row
        report_a = run_a.outcome()
        b_held.release.set()
        report_b = run_b.outcome()
    sent_by_a = [d for d in report_a.deliveries if d.ok]
    assert [d.address for d in sent_by_a if d.channel == "email"] == [a_held.address]
    not_sent = [d for d in report_a.deliveries if not d.ok]
    assert not_sent and all(d.error == NOT_SENT for d in not_sent)  # A stopped
    assert report_b.failed == 0 and report_b.sent >= 3
    # The held message went out twice in all, every other once: never a third copy.
    copies = smtp.copies()
    assert copies == {to: 2 if to == a_held.address else 1 for to in EVERYONE}
    assert len(webhook.posts) == 1
    # The ledger keeps B's outcomes: A's late "sent" (stamped on A's clock, 20 minutes
    # earlier) was not written over B's claim, nor counted as another attempt.
    rows = _email_rows(engine)
    assert [(to, status, tries) for to, status, tries, _ in rows] == [
        (to, "sent", 1) for to in EVERYONE
    ]
    assert all(sent_at is not None and sent_at >= b_now for *_, sent_at in rows), rows


def test_a_late_record_by_the_old_holder_writes_nothing(engine: sa.Engine) -> None:
    """The same rule at the ledger's level: after a reclaim, the old token writes no row."""
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    reminders = [
        Reminder(person, "email", f"p{i}@example.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
        for i in range(3)
    ]
    start = morning(DAY)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    assert ledger.claim_new(engine, reminders, a, start) == 3
    later = start + LEASE + timedelta(minutes=1)
    assert ledger.reclaim(engine, b, later, later - LEASE, (ItemKind.TASK,)) == 3
    rows = tuple(r.id for r in ledger.claimed_by(engine, b))
    assert ledger.claimed_by(engine, a) == []
    before = snapshot(engine)
    sent = ledger.Result(rows, True, "subject", "digest-a")
    assert ledger.record(engine, a, [sent], later) == 0
    assert ledger.heartbeat(engine, a, later) == 0
    assert snapshot(engine) == before
    assert ledger.record(engine, b, [sent], later) == 3
