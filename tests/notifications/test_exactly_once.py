"""No lost reminder, no duplicate: crashes, a mail server that is down, overlapping runs."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pendulum
import pytest
import sqlalchemy as sa

from models.deliveries import DeliveryLog, DeliveryStatus
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.pipeline import claim, deliver, plan
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.peers import (
    SMTP_PASSWORD,
    WEBHOOK_TOKEN,
    SmtpSink,
    WebhookSink,
    closed_port,
    smtp_server,
)
from tests.threads import started

DAY = date(2024, 3, 22)  # overdue reminders for mai and hung, escalations for secretary and clerk
EVERYONE = ["clerk@example.org", "mai@example.org", "secretary@example.org"]


def morning(day: date, minutes_later: int = 0) -> datetime:
    start = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ).in_timezone("UTC")
    return start + timedelta(minutes=minutes_later)


def statuses(engine: sa.Engine) -> dict[str, int]:
    d = DeliveryLog.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.execute(sa.select(d.c.status, sa.func.count()).group_by(d.c.status))
        return {status: count for status, count in rows}


def inboxes(smtp: SmtpSink) -> list[str]:
    return sorted(str(m["To"]) for m in smtp.messages)


@pytest.mark.parametrize("mode", ["plain", "login"])
def test_smtp_down_then_back_delivers_each_digest_once(
    mode: str, engine: sa.Engine, webhook: WebhookSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    build_committee(engine)
    with closed_port() as port:  # the mail server is down: nobody listens on its port
        config = NotifyConfig(
            channels={"email": SmtpSink(port, mode=mode).url(), "webhook": webhook.url()},
            tracking_office="VP",
            send_retries=0,
        )
        # E-mail fails, the webhook still works.
        down = run_once(engine, DAY, morning(DAY), config, CAL, TZ)
    assert (down.sent, down.failed) == (1, 3)
    assert statuses(engine) == {DeliveryStatus.SENT: 1, DeliveryStatus.FAILED: 3}
    assert all(d.error for d in down.deliveries if not d.ok)
    with smtp_server(port, mode) as back:
        again = run_once(engine, DAY, morning(DAY, 60), config, CAL, TZ)
        assert (again.sent, again.failed) == (3, 0)
        assert inboxes(back) == EVERYONE
        quiet = run_once(engine, DAY, morning(DAY, 120), config, CAL, TZ)
        assert quiet.deliveries == []
        assert inboxes(back) == EVERYONE
    assert len(webhook.posts) == 1
    # No secret in what was logged, reported or stored.
    with engine.connect() as connection:
        stored = repr(connection.execute(sa.text("SELECT * FROM delivery_log")).all())
    text = caplog.text + repr([down, again]) + stored + repr(config.describe())
    for secret in (SMTP_PASSWORD, WEBHOOK_TOKEN):
        assert secret not in text
    assert "****" in repr(config.describe())


@pytest.mark.parametrize("smtp", ["plain", "login"], indirect=True)
def test_a_run_killed_between_claim_and_send_is_finished_by_the_next(
    engine: sa.Engine, db_url: str, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.notifications.crash_child",
            db_url,
            config.channels["email"],
            config.channels["webhook"],
            DAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr  # killed by SIGKILL, as planned
    assert "claimed 4" in child.stdout
    assert statuses(engine) == {DeliveryStatus.CLAIMED: 4}
    # A run inside the dead run's lease leaves its claims alone: no duplicate risk.
    early = run_once(engine, DAY, morning(DAY, 5), config, CAL, TZ)
    assert early.deliveries == [] and smtp.messages == []
    # Once the lease has run out, the next run delivers everything, once.
    late = run_once(engine, DAY, morning(DAY, 20), config, CAL, TZ)
    assert late.sent == 4
    assert inboxes(smtp) == EVERYONE and len(webhook.posts) == 1
    assert run_once(engine, DAY, morning(DAY, 40), config, CAL, TZ).deliveries == []
    assert statuses(engine) == {DeliveryStatus.SENT: 4}


@pytest.mark.parametrize("smtp", ["plain", "login"], indirect=True)
def test_two_runs_interleaved_step_by_step_deliver_once(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    now = morning(DAY)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    plan_a, plan_b = plan(engine, DAY, config), plan(engine, DAY, config)  # both see everything due
    claim(engine, plan_a, a, now, config)
    claim(engine, plan_b, b, now, config)  # finds every row claimed already
    report_b = deliver(engine, b, DAY, now, config)
    report_a = deliver(engine, a, DAY, now, config)
    assert (report_a.sent, report_b.sent) == (4, 0)
    assert inboxes(smtp) == EVERYONE and len(webhook.posts) == 1


@pytest.mark.parametrize("smtp", ["plain", "login"], indirect=True)
def test_two_concurrent_runs_deliver_once(
    engine: sa.Engine,
    config: NotifyConfig,
    smtp: SmtpSink,
    webhook: WebhookSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both runs find every reminder unclaimed and both insert their claims: the unique
    key alone decides (each run waits after its probe until the other has probed too).
    A run that raises fails the test."""
    build_committee(engine)
    both_probed = threading.Barrier(2, timeout=120)
    probe = ledger.unheld

    def probe_then_wait(engine: sa.Engine, keys: Sequence[str]) -> list[int]:
        found = probe(engine, keys)
        both_probed.wait()
        return found

    monkeypatch.setattr(ledger, "unheld", probe_then_wait)
    runs = [
        started(lambda: run_once(engine, DAY, morning(DAY), config, CAL, TZ), f"run {i}")
        for i in range(2)
    ]
    reports = [run.outcome() for run in runs]
    assert sorted(len(r.deliveries) for r in reports) == [0, 4]  # one run won every claim
    assert sum(r.sent for r in reports) == 4
    assert inboxes(smtp) == EVERYONE and len(webhook.posts) == 1
