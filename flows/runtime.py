"""What every flow needs from its environment: today, now, the calendar, the channels."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import pendulum

from models.calendar import WorkCalendar, default_calendar
from models.settings import get_settings
from notifications.config import NotifyConfig, load_config


def as_of_or_today(as_of: date | None) -> date:
    if as_of is not None:
        return as_of
    now = pendulum.now(get_settings().timezone)
    return date(now.year, now.month, now.day)


def moment_or_now(at: datetime | None) -> datetime:
    """``at`` as an aware instant; a naive value is the committee's local time."""
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None:
        return pendulum.instance(at, tz=get_settings().timezone).in_timezone("UTC")
    return at


def notify_config() -> NotifyConfig:
    return load_config()


def work_calendar() -> WorkCalendar:
    return default_calendar()


def tell_office(flow: Any, flow_run: Any, state: Any) -> None:
    """Prefect ``on_failure``/``on_crashed`` hook: the tracking office hears of it."""
    from notifications.kinds.run_alerts import alert_office

    try:
        alert_office(flow.name, flow_run.name, state.name, state.message or "")
    except Exception:  # a hook must not hide the run's own failure
        logging.getLogger("dondoc").exception("could not alert the tracking office")
