"""The weekly manager digest: the units under each manager, once a week, never empty."""

from __future__ import annotations

import uuid
from datetime import date

import pendulum
import sqlalchemy as sa

from notifications import ledger
from notifications.config import NotifyConfig
from notifications.manager_digest import deliver_digests, plan_digests
from tests.notifications.conftest import TZ, build_committee
from tests.peers import SmtpSink, body_of


def run(engine: sa.Engine, config: NotifyConfig, day: date) -> int:
    at = pendulum.datetime(day.year, day.month, day.day, 8, 0, tz=TZ).in_timezone("UTC")
    token = str(uuid.uuid4())
    planned, states = plan_digests(engine, day, config)
    ledger.claim_new(engine, planned.reminders, token, at)
    return deliver_digests(engine, token, day, at, config, states).sent


def test_each_manager_hears_about_the_units_under_them_once_a_week(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    build_committee(engine)
    assert run(engine, config, date(2024, 3, 25)) == 2  # Monday
    by_person = {str(m["To"]): body_of(m) for m in smtp.messages}
    assert sorted(by_person) == [
        "mai@example.org",
        "secretary@example.org",
    ]  # the office has nothing: no mail
    committee = by_person["secretary@example.org"]  # English speaker, manages the committee
    assert "DU — Unit DU" in committee and "1 overdue; longest first:" in committee
    assert "overdue for 10 days" in committee  # the CB1 task, rolled up from the sub-unit
    assert "quá hạn 10 ngày" in by_person["mai@example.org"]
    assert run(engine, config, date(2024, 3, 27)) == 0  # same week: nothing again
    assert run(engine, config, date(2024, 4, 1)) == 2  # next week: again
    assert len(smtp.messages) == 4
