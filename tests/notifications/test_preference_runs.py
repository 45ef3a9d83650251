"""People's preferences through the real pipeline: scripted days, a real SMTP server and
webhook receiver on loopback, dates injected (no wall clock).

The committee of ``conftest``: the March task (due Fri 15 Mar 2024) is led by CB1, whose
manager mai hears it by e-mail; hung co-owns it (webhook); after 7 days overdue it
escalates weekly to the secretary and the tracking office's clerk.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget, Person, Unit
from models.preferences import (
    channel_choices,
    save_channels,
    save_preferences,
    set_non_essential,
    snooze_task,
)
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.builders import add_document
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.test_reminder_runs import morning
from tests.peers import SmtpSink, WebhookSink

D = date
NOW = datetime(2024, 3, 1, tzinfo=UTC)
MAI, SECRETARY = "mai@example.org", "secretary@example.org"


def _person(session: Session, code: str) -> Person:
    return session.exec(select(Person).where(Person.code == code)).one()


def _heard(
    engine: sa.Engine,
    config: NotifyConfig,
    smtp: SmtpSink,
    webhook: WebhookSink,
    start: date,
    end: date,
    before: dict[date, object] | None = None,
) -> dict[str, list[date]]:
    """Run every day from ``start`` to ``end``; who heard what on which day.

    ``before[day]`` is called before that day's run (a person acting on the web)."""
    heard: dict[str, list[date]] = {}
    day = start
    while day <= end:
        if before and day in before:
            action = before[day]
            assert callable(action)
            action()
        smtp.clear()
        webhook.clear()
        report = run_once(engine, day, morning(day), config, CAL, TZ)
        assert report.failed == 0, report.deliveries
        for message in smtp.messages:
            heard.setdefault(str(message["To"]), []).append(day)
        for post in webhook.posts:
            heard.setdefault(str(post["path"]), []).append(day)
        day += timedelta(days=1)
    return heard


def test_snooze_mutes_the_snoozer_until_the_date_but_never_the_escalation(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    committee = build_committee(engine)

    def mai_snoozes() -> None:
        with Session(engine) as session:
            task = session.get(Task, committee.task_march)
            assert task is not None
            mai = _person(session, "mai")
            assert mai.id is not None
            snooze_task(session, mai.id, task, D(2024, 3, 27), D(2024, 3, 12))
            session.commit()

    heard = _heard(
        engine, config, smtp, webhook, D(2024, 3, 1), D(2024, 3, 28), {D(2024, 3, 12): mai_snoozes}
    )
    # Before-7 on 8 March, then silence until the 27th, which brings the stage current then
    # (the overdue repeat of the 25th, never sent), and the next repeat on the 28th.
    assert heard[MAI] == [D(2024, 3, 8), D(2024, 3, 27), D(2024, 3, 28)]
    # The managers still hear: the escalation arrives during mai's snooze.
    assert heard[SECRETARY] == [D(2024, 3, 22)]
    # The co-owner's own reminders are not touched by mai's snooze.
    assert heard["/hook/hung"] == [
        D(2024, 3, 8),
        D(2024, 3, 12),
        D(2024, 3, 14),
        D(2024, 3, 15),
        D(2024, 3, 18),
        D(2024, 3, 19),
        D(2024, 3, 22),
        D(2024, 3, 25),
        D(2024, 3, 28),
    ]


def test_an_extended_deadline_ends_the_snooze(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    committee = build_committee(engine)
    with Session(engine) as session:
        task = session.get(Task, committee.task_march)
        assert task is not None
        mai = _person(session, "mai")
        assert mai.id is not None
        snooze_task(session, mai.id, task, D(2024, 4, 20), D(2024, 3, 1))
        task.due_on = D(2024, 3, 22)  # as an approved extension leaves it
        session.add(task)
        session.commit()
    heard = _heard(engine, config, smtp, webhook, D(2024, 3, 14), D(2024, 3, 15))
    assert heard[MAI] == [D(2024, 3, 15)]  # before-7 of the new deadline: news again


def test_weekly_co_owned_items_arrive_once_a_week_on_the_first_run(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    with Session(engine) as session:
        hung = _person(session, "hung")
        save_preferences(
            session,
            hung,
            language="vi",
            co_owned_every="weekly",
            non_essential=True,
            channels=[(c.contact_target_id, True) for c in channel_choices(session, hung.id or 0)],
            now=NOW,
        )
        # A September task: Monday 2 and Tuesday 3 September 2024 are National Day holidays.
        create_task(
            session,
            document=add_document(session, number="02-NQ/ĐU"),
            ref="1",
            title="Sơ kết quý III",
            lead=session.exec(select(Unit).where(Unit.code == "CB1")).one(),
            co_owners=[hung],
            due_on=D(2024, 9, 6),
            actor="t",
        )
        session.commit()
    heard = _heard(engine, config, smtp, webhook, D(2024, 3, 1), D(2024, 3, 29))
    # Mondays only, each with the stage current that Monday (before-7, overdue, overdue);
    # the lead (mai) still hears daily stages.
    assert heard["/hook/hung"] == [D(2024, 3, 11), D(2024, 3, 18), D(2024, 3, 25)]
    assert heard[MAI][:4] == [D(2024, 3, 8), D(2024, 3, 12), D(2024, 3, 14), D(2024, 3, 15)]
    later = _heard(engine, config, smtp, webhook, D(2024, 8, 26), D(2024, 9, 13))
    # Week of 2 September: Monday and Tuesday are holidays (National Day), so the first run
    # of the week, Wednesday, brings the week's items (the September task's before-7 too).
    assert later["/hook/hung"] == [D(2024, 8, 26), D(2024, 9, 4), D(2024, 9, 9)]


def test_non_essential_off_keeps_deadline_day_overdue_and_escalations(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    with Session(engine) as session:
        for code in ("mai", "secretary"):
            person = _person(session, code)
            set_non_essential(session, person.id or 0, False, NOW)
        session.commit()
    heard = _heard(engine, config, smtp, webhook, D(2024, 3, 1), D(2024, 3, 22))
    assert heard[MAI] == [D(2024, 3, 15), D(2024, 3, 18), D(2024, 3, 19), D(2024, 3, 22)]
    assert heard[SECRETARY] == [D(2024, 3, 22)]


def test_non_essential_messages_go_to_the_primary_channel_only(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    build_committee(engine)
    with Session(engine) as session:
        mai = _person(session, "mai")
        assert mai.id is not None
        session.add(ContactTarget(person_id=mai.id, channel=ContactChannel.WEBHOOK, address="mai"))
        session.add(ContactTarget(person_id=mai.id, channel=ContactChannel.TELEGRAM, address="7"))
        session.flush()
        by_channel = {c.channel: c.contact_target_id for c in channel_choices(session, mai.id)}
        # Telegram first, but no Telegram is configured: the primary is the next, the webhook.
        save_channels(
            session,
            mai.id,
            [
                (by_channel["telegram"], True),
                (by_channel["webhook"], True),
                (by_channel["email"], True),
            ],
            NOW,
        )
        session.commit()
    heard = _heard(engine, config, smtp, webhook, D(2024, 3, 7), D(2024, 3, 18))
    before = [D(2024, 3, 8), D(2024, 3, 12), D(2024, 3, 14)]
    essential = [D(2024, 3, 15), D(2024, 3, 18)]
    assert heard["/hook/mai"] == before + essential
    assert heard[MAI] == essential
