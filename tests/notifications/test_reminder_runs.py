"""Reminder runs against a real SMTP server and webhook receiver on loopback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pendulum
import sqlalchemy as sa
from sqlmodel import Session

from models.deliveries import DeliveryLog
from models.lifecycle import complete_task
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.pipeline import RunReport
from notifications.render import CHAT_MAX_CHARS
from notifications.routing import Unreachable
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.peers import WEBHOOK_TOKEN, SmtpSink, WebhookSink, body_of

D = date


def morning(day: date, hour: int = 7, minute: int = 30) -> datetime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=TZ).in_timezone("UTC")


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def run(engine: sa.Engine, config: NotifyConfig, day: date, *, dry_run: bool = False) -> RunReport:
    return run_once(engine, day, morning(day), config, CAL, TZ, dry_run=dry_run)


# The March task (lead CB1 -> its manager mai; co-owner hung) is due Fri 15 March 2024 and
# never done: 7, 3, 1 days before, the day itself, then every 3 days overdue. A stage that
# falls on a weekend or holiday is delivered on the next working day, never dropped.
MARCH_OWNERS = [
    D(2024, 3, 8),
    D(2024, 3, 12),
    D(2024, 3, 14),
    D(2024, 3, 15),
    D(2024, 3, 18),  # overdue day 1 = Sat 16 March
    D(2024, 3, 19),
    D(2024, 3, 22),
    D(2024, 3, 25),
    D(2024, 3, 28),
    D(2024, 4, 1),  # day 16 = Sun 31 March
    D(2024, 4, 3),
    D(2024, 4, 8),  # day 22 = Sat 6 April
    D(2024, 4, 9),
    D(2024, 4, 12),
    D(2024, 4, 15),
    D(2024, 4, 19),  # day 34 = Thu 18 April, Hung Kings' Commemoration Day
    D(2024, 4, 22),  # day 37 = Sun 21 April
    D(2024, 4, 24),
]
# Escalation of the March task at the tiers of 7 and 30 days overdue (never in between):
# to the committee's manager (the secretary, one level above CB1) and to the tracking
# office's manager (the clerk). Day 30 = Sun 14 April: caught up on Monday.
MARCH_ESCALATIONS = [D(2024, 3, 22), D(2024, 4, 15)]
# The April task (lead: the secretary himself) is due Wed 17 April.
APRIL_OWNER = [
    D(2024, 4, 10),
    D(2024, 4, 15),  # 3 days before = Sun 14 April
    D(2024, 4, 16),
    D(2024, 4, 17),
    D(2024, 4, 19),  # overdue day 1 = the holiday
    D(2024, 4, 22),
    D(2024, 4, 24),
]
APRIL_ESCALATION = [D(2024, 4, 24)]  # the secretary manages his own unit: only the office


def test_a_scripted_month_delivers_exactly_the_expected_digests(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    mail: dict[str, dict[date, str]] = {}
    hooks: dict[date, str] = {}
    for day in days(D(2024, 3, 1), D(2024, 4, 24)):
        smtp.clear()
        webhook.clear()
        report = run(engine, config, day)
        assert report.failed == 0, report.deliveries
        for message in smtp.messages:
            inbox = mail.setdefault(message["To"], {})
            assert day not in inbox, f"two digests for {message['To']} on {day}"
            inbox[day] = body_of(message)
        for post in webhook.posts:
            assert day not in hooks and post["token"] == WEBHOOK_TOKEN
            hooks[day] = post["message"]

    assert sorted(mail["mai@example.org"]) == MARCH_OWNERS
    assert sorted(hooks) == MARCH_OWNERS  # the co-owner hears the same, by webhook
    assert sorted(mail["clerk@example.org"]) == sorted(set(MARCH_ESCALATIONS + APRIL_ESCALATION))
    assert sorted(mail["secretary@example.org"]) == sorted(set(MARCH_ESCALATIONS + APRIL_OWNER))

    first_overdue = mail["mai@example.org"][D(2024, 3, 18)]
    assert "quá hạn 3 ngày" in first_overdue
    assert "Vai trò của đồng chí: chủ trì" in first_overdue
    chat = hooks[D(2024, 3, 18)]  # the webhook is a chat: the short message
    assert "quá hạn 3 ngày" in chat and "Vai trò" not in chat and len(chat) <= CHAT_MAX_CHARS
    both = mail["secretary@example.org"][D(2024, 4, 15)]  # one digest, two items, in English
    assert "2 days left" in both and "Your role: lead" in both
    assert "overdue for 31 days" in both and "follow-up (escalated to you)" in both


def test_html_body_escapes_user_text(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    build_committee(engine)
    run(engine, config, D(2024, 3, 15))
    (message,) = smtp.to("mai@example.org")
    html = body_of(message, "html")
    assert "&lt;quý I&gt; &amp; tổng hợp" in html
    assert "<quý I>" not in html
    assert message["Subject"] == "[Đôn đốc] 1 việc cần chú ý (0 quá hạn)"


def test_people_without_a_working_channel_are_reported(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    build_committee(engine)
    report = run(engine, config, D(2024, 4, 17))
    assert Unreachable("nobody", "no_channel") in report.unreachable


def test_holiday_and_quiet_hours_hold_the_run(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    build_committee(engine)
    assert run(engine, config, D(2024, 3, 16)).held == "holiday"
    late = run_once(engine, D(2024, 3, 15), morning(D(2024, 3, 15), 22), config, CAL, TZ)
    assert late.held == "quiet_hours"
    assert smtp.messages == []
    assert run(engine, config, D(2024, 3, 15)).sent == 2


def test_no_reminder_for_a_closed_task_and_never_an_empty_digest(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    ids = build_committee(engine)
    with Session(engine) as session:
        task = session.get(Task, ids.task_march)
        assert task is not None
        complete_task(session, task, D(2024, 3, 14), actor="t")
        session.commit()
    for day in days(D(2024, 3, 1), D(2024, 3, 31)):
        report = run(engine, config, day)
        assert all(d.items > 0 for d in report.deliveries)
    assert len(smtp.to("mai@example.org")) == 2  # 7 and 3 days before; done on the 14th


def test_dry_run_sends_nothing_and_shows_the_digests(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    build_committee(engine)
    report = run(engine, config, D(2024, 3, 22), dry_run=True)
    assert smtp.messages == []
    assert sorted(d.recipient for d in report.previews) == ["clerk", "hung", "mai", "secretary"]
    with engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(DeliveryLog)).scalar()
    assert count == 0
