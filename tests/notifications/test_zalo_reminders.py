"""Reminders through the real pipeline to a Zalo follower, via the local OA API receiver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pendulum
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models.deliveries import DeliveryLog, DeliveryStatus
from models.org import ContactChannel, ContactTarget, Person
from notifications.channels.zalo import plugin as zalo
from notifications.config import NotifyConfig
from notifications.pipeline import RunReport
from notifications.policy import ReminderPolicy
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.peers import ZALO_TOKEN, SmtpSink, ZaloSink, body_of, zalo_server

DAY = date(2024, 3, 8)  # a week before the March task is due: mai (e-mail) and hung hear
HUNG = "2468458835296117922"
D = DeliveryLog.__table__  # type: ignore[attr-defined]


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZaloSink]:
    with zalo_server() as sink:
        monkeypatch.setenv(zalo.API_ENV, sink.api())
        yield sink


def _committee_with_hung_on_zalo(engine: sa.Engine) -> None:
    build_committee(engine)
    with Session(engine) as session:
        hung = session.exec(select(Person).where(Person.code == "hung")).one()
        assert hung.id is not None
        session.add(ContactTarget(person_id=hung.id, channel=ContactChannel.ZALO, address=HUNG))
        session.commit()


def _config(smtp: SmtpSink, receiver: ZaloSink, **extra: object) -> NotifyConfig:
    values: dict[str, object] = {
        "channels": {"email": smtp.url(), "zalo": receiver.url(rate=50)},
        "tracking_office": "VP",
        "retry_backoff_seconds": 0.01,
    }
    return NotifyConfig(**(values | extra))  # type: ignore[arg-type]


def _at(minutes: int, day: date = DAY) -> datetime:
    start = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ).in_timezone("UTC")
    return start + timedelta(minutes=minutes)


def _run(engine: sa.Engine, config: NotifyConfig, minutes: int) -> RunReport:
    return run_once(engine, DAY, _at(minutes), config, CAL, TZ)


def _zalo_rows(engine: sa.Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(D).where(D.c.channel == "zalo")).mappings()
        return [dict(row) for row in rows]


def _no_token_anywhere(engine: sa.Engine, *reports: RunReport) -> None:
    with engine.connect() as connection:
        everything = [dict(r) for r in connection.execute(sa.select(D)).mappings()]
    assert ZALO_TOKEN not in repr(everything)
    assert all(ZALO_TOKEN not in repr(report) for report in reports)


def test_the_reminder_arrives_once_as_zalo_text(
    engine: sa.Engine, smtp: SmtpSink, receiver: ZaloSink
) -> None:
    _committee_with_hung_on_zalo(engine)
    config = _config(smtp, receiver)
    first = _run(engine, config, 0)
    again = _run(engine, config, 90)
    [message] = receiver.to(HUNG)
    assert "Báo cáo <quý I> & tổng hợp" in message  # the task, as text, not HTML
    assert "<" + "p>" not in message and len(message) <= zalo.MAX_TEXT
    [delivery] = [d for d in first.deliveries if d.channel == "zalo"]
    assert (delivery.ok, delivery.address) == (True, HUNG)
    assert [d for d in again.deliveries if d.channel == "zalo"] == []
    assert [row["status"] for row in _zalo_rows(engine)] == [DeliveryStatus.SENT.value]
    _no_token_anywhere(engine, first, again)


def test_a_rate_limit_waits_for_a_later_run_then_arrives_once(
    engine: sa.Engine, smtp: SmtpSink, receiver: ZaloSink
) -> None:
    _committee_with_hung_on_zalo(engine)
    config = _config(smtp, receiver)
    receiver.fail_next("rate_limit")
    first = _run(engine, config, 0)
    [failed] = [d for d in first.deliveries if d.channel == "zalo"]
    assert not failed.ok and not failed.ambiguous and "rate limit" in (failed.error or "")
    [row] = _zalo_rows(engine)
    assert (row["status"], row["attempts"]) == (DeliveryStatus.FAILED.value, 1)
    assert receiver.requests == 1  # not hammered again within the run
    too_soon = _run(engine, config, 1)  # the ledger backs off (5 minutes after one failure)
    assert [d for d in too_soon.deliveries if d.channel == "zalo"] == []
    later = _run(engine, config, 60)
    assert [d.ok for d in later.deliveries if d.channel == "zalo"] == [True]
    assert len(receiver.to(HUNG)) == 1
    _no_token_anywhere(engine, first, too_soon, later)


def test_a_person_who_does_not_follow_the_oa_is_reported_and_not_retried(
    engine: sa.Engine, smtp: SmtpSink, receiver: ZaloSink
) -> None:
    _committee_with_hung_on_zalo(engine)
    receiver.followers = set()
    config = _config(smtp, receiver)
    first = _run(engine, config, 0)
    [refused] = [d for d in first.deliveries if d.channel == "zalo"]
    assert not refused.ok and "does not follow the Official Account" in (refused.error or "")
    [row] = _zalo_rows(engine)
    assert row["status"] == DeliveryStatus.ABANDONED.value
    assert "-213" in str(row["last_error"])
    _run(engine, config, 180)
    assert receiver.requests == 1
    _no_token_anywhere(engine, first)


def test_an_expired_token_is_reported_to_the_office_after_the_last_attempt(
    engine: sa.Engine, smtp: SmtpSink, receiver: ZaloSink
) -> None:
    """Errors Zalo does not name as final (here an unknown code) are tried on later runs;
    after ``max_attempts`` the tracking office hears of it, by e-mail, without the token."""
    _committee_with_hung_on_zalo(engine)
    config = _config(smtp, receiver, policy=ReminderPolicy(max_attempts=2))
    receiver.fail_next("unknown", "unknown")
    reports = [_run(engine, config, 0), _run(engine, config, 60)]
    assert receiver.to(HUNG) == []
    assert [r["status"] for r in _zalo_rows(engine)] == [DeliveryStatus.FAILED.value]
    office = [m for m in smtp.to("clerk@example.org") if "-999" in body_of(m)]
    assert len(office) == 1
    assert ZALO_TOKEN not in body_of(office[0]) and HUNG in body_of(office[0])
    _no_token_anywhere(engine, *reports)
