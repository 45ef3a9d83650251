"""Each way found to double or lose a reminder, against a real (misbehaving) SMTP server:
at most two copies of any digest, none lost by the end of the day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from models.deliveries import DeliveryLog, DeliveryStatus
from notifications.config import NotifyConfig
from notifications.pipeline import RunReport
from notifications.policy import ReminderPolicy
from notifications.recorder import RecordingFailed
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.faulty_smtp import FaultySmtp, faulty_smtp
from tests.notifications.test_exactly_once import DAY, EVERYONE, morning
from tests.peers import WebhookSink, closed_port
from tests.threads import started, wait_for

D = DeliveryLog.__table__  # type: ignore[attr-defined]


@pytest.fixture(params=["plain", "login"])
def smtp_mode(request: pytest.FixtureRequest) -> str:
    """The office relay that asks no login, and a mailbox with a login."""
    return str(request.param)


def _config(smtp: FaultySmtp, webhook: WebhookSink, **extra: object) -> NotifyConfig:
    values: dict[str, object] = {
        "channels": {"email": smtp.url(timeout=1), "webhook": webhook.url()},
        "tracking_office": "VP",
        "retry_backoff_seconds": 0.01,
    }
    return NotifyConfig(**(values | extra))  # type: ignore[arg-type]


def _rows(engine: sa.Engine, kind: str = "task") -> list[tuple[str, int, int]]:
    """(status, attempts, uncertain sends) of every e-mail delivery of one item kind
    (reminders of tasks by default; "undelivered": the office's reports)."""
    query = sa.select(D.c.status, D.c.attempts, D.c.uncertain_sends).where(
        D.c.channel == "email", D.c.item_kind == kind
    )
    with engine.connect() as connection:
        return sorted((str(s), int(a), int(u)) for s, a, u in connection.execute(query))


def _at_most_two_none_lost(smtp: FaultySmtp) -> None:
    copies = smtp.copies()
    assert sorted(copies) == EVERYONE, copies  # none lost
    assert max(copies.values()) <= 2, copies


def _run(engine: sa.Engine, config: NotifyConfig, minutes: int) -> RunReport:
    return run_once(engine, DAY, morning(DAY, minutes), config, CAL, TZ)


@pytest.mark.parametrize("fault", ["drop", "slow"])
def test_a_reply_lost_after_the_data_is_ambiguous_and_resent_once(
    smtp_mode: str, engine: sa.Engine, webhook: WebhookSink, fault: str
) -> None:
    build_committee(engine)
    with faulty_smtp(FaultySmtp(smtp_mode=smtp_mode, mode=fault, delay=3)) as smtp:
        config = _config(smtp, webhook)  # send_retries=2: never used on an ambiguous send
        first = _run(engine, config, 0)
        assert sorted(d.address for d in first.deliveries if d.ambiguous) == EVERYONE
        assert smtp.copies() == dict.fromkeys(EVERYONE, 1)  # no retry inside the run
        assert _rows(engine) == [("ambiguous", 1, 1)] * 3
        assert _run(engine, config, 2).deliveries == []  # before the back-off: left alone
        smtp.mode, smtp.delay = "ok", 0  # the server behaves again
        second = _run(engine, config, 10)  # after the back-off: re-sent, once
        assert second.sent == 3
        assert _rows(engine) == [("sent", 2, 1)] * 3
        assert _run(engine, config, 300).deliveries == []
    _at_most_two_none_lost(smtp)
    assert len(webhook.posts) == 1


def test_a_server_that_always_drops_gets_two_copies_then_the_office_is_told(
    smtp_mode: str, engine: sa.Engine, webhook: WebhookSink
) -> None:
    build_committee(engine)
    with faulty_smtp(FaultySmtp(smtp_mode=smtp_mode, mode="drop")) as smtp:
        config = _config(smtp, webhook)
        for minutes in (0, 10, 30, 60, 120, 300):
            _run(engine, config, minutes)
    assert smtp.copies() == dict.fromkeys(EVERYONE, 2)
    assert _rows(engine) == [("ambiguous", 2, 2)] * 3
    # The office's report of them fails the same way and is retried by the report's own
    # run, like any message (no morning run settles it unsent).
    assert _rows(engine, "undelivered") == [("ambiguous", 2, 2)] * 3
    # The tracking office (its manager, the clerk) is told once which three were not
    # delivered; that report goes through the same failing server and ledger.
    ((to, subject),) = smtp.reports()[:1]
    assert (to, subject) == ("clerk@example.org", "[Đôn đốc] 3 tin nhắc việc chưa gửi được")
    with engine.connect() as connection:
        reported = connection.execute(
            sa.select(sa.func.count()).where(D.c.reported_at.is_not(None))
        ).scalar()
    assert reported == 3


def test_recording_that_fails_stops_the_run_and_the_next_run_sends_at_most_once_more(
    smtp_mode: str, sqlite_url: str, webhook: WebhookSink
) -> None:
    from models.db import make_engine

    engine = make_engine(sqlite_url)
    build_committee(engine)
    # The disk "fills up" for outcomes: every write of a send's outcome fails.
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER disk_full BEFORE UPDATE OF attempts ON delivery_log "
            "WHEN NEW.attempts > OLD.attempts BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
        )
    with faulty_smtp(FaultySmtp(smtp_mode=smtp_mode)) as smtp:
        config = _config(smtp, webhook)
        with pytest.raises(RecordingFailed, match="disk is full"):
            _run(engine, config, 0)
        sent_before = sum(smtp.copies().values())
        assert 1 <= sent_before <= 3  # stopped: nothing more after the failed write
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER disk_full")  # space freed
        assert _run(engine, config, 5).deliveries == []  # inside the lease: claims respected
        again = _run(engine, config, 20)  # the lease has run out
        assert again.failed == 0
        assert _run(engine, config, 300).deliveries == []
    _at_most_two_none_lost(smtp)
    assert all(status == "sent" for status, _, _ in _rows(engine))
    engine.dispose()


def test_a_run_that_outlives_its_lease_keeps_its_claims(
    smtp_mode: str, engine: sa.Engine, webhook: WebhookSink
) -> None:
    """Run A's first send is held by the server; once A's heartbeat has renewed its claims,
    run B starts after A's original lease has run out (on the runs' injected clock) and
    finds every claim still A's. No sleeps: the test waits for the held send and for the
    renewal, and B's moment is fixed."""
    build_committee(engine)
    lease = timedelta(seconds=9)  # a beat every 3 s; A may send while renewed < 7.2 s ago
    start = morning(DAY)
    with faulty_smtp(FaultySmtp(smtp_mode=smtp_mode, mode="hold")) as smtp:
        config = _config(smtp, webhook, concurrency=1, policy=ReminderPolicy(claim_lease=lease))
        config.channels["email"] = smtp.url(timeout=120)  # A waits for its held reply
        run_a = started(lambda: run_once(engine, DAY, start, config, CAL, TZ), "run A")
        held = smtp.holds[0]
        assert held.arrived.wait(120), "run A never sent"
        # A's heartbeat renews every claim it still holds, past the moment it made them.
        wait_for(lambda: _oldest_claim(engine) > start, "A's heartbeat renewed its claims")
        second = run_once(engine, DAY, start + lease + timedelta(seconds=1), config, CAL, TZ)
        held.release.set()
        report = run_a.outcome()
    assert second.deliveries == []
    assert report.sent == 4
    assert smtp.copies() == dict.fromkeys(EVERYONE, 1)


def _oldest_claim(engine: sa.Engine) -> datetime:
    """When the least recently renewed claim still held was made or renewed."""
    query = sa.select(sa.func.min(D.c.claimed_at)).where(D.c.status == DeliveryStatus.CLAIMED)
    with engine.connect() as connection:
        stamp = connection.execute(query).scalar_one()
    assert isinstance(stamp, datetime), "no claim held"
    return stamp


def test_a_server_down_for_three_runs_is_caught_up_the_same_day(
    smtp_mode: str, engine: sa.Engine, webhook: WebhookSink
) -> None:
    build_committee(engine)
    with closed_port() as port:  # the server is down: nobody listens on its port
        config = _config(FaultySmtp(port, smtp_mode=smtp_mode), webhook, send_retries=0)
        for minutes in (0, 10, 20):  # three runs 10 minutes apart, the server down
            down = _run(engine, config, minutes)
            assert not any(d.ok for d in down.deliveries if d.channel == "email")
    statuses = {status for status, _, _ in _rows(engine)}
    assert statuses == {DeliveryStatus.FAILED.value}  # waiting, not abandoned
    with faulty_smtp(FaultySmtp(port, smtp_mode=smtp_mode)) as smtp:
        back = [_run(engine, config, minutes) for minutes in (30, 60, 120)]
    assert sum(r.sent for r in back) == 3
    assert smtp.copies() == dict.fromkeys(EVERYONE, 1)


def test_sending_processes_record_their_own_outcomes(
    smtp_mode: str, engine: sa.Engine, webhook: WebhookSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    import notifications.sender

    monkeypatch.setattr(notifications.sender, "PROCESS_THRESHOLD", 1)  # even for 4 digests
    build_committee(engine)
    with faulty_smtp(FaultySmtp(smtp_mode=smtp_mode)) as smtp:
        config = _config(smtp, webhook, send_processes=2)
        report = _run(engine, config, 0)
        assert (report.sent, report.failed) == (4, 0)
        assert _run(engine, config, 300).deliveries == []
    assert smtp.copies() == dict.fromkeys(EVERYONE, 1)
    assert _rows(engine) == [("sent", 1, 0)] * 3
