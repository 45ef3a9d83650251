"""The daily reporting-duties flow: make sure every period owed exists, then remind.

The same planning, ledger and digests as task reminders: the two flows never send the
same item twice, and each item's stage is sent once per occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.deadline_reminders import remind
from flows.runtime import as_of_or_today, tell_office, work_calendar
from models.db import get_engine, session_scope
from models.duty_lifecycle import generate_all

ARTIFACT_KEY = "reporting-duties"
# Periods are generated from a year back (late reports still remind) to a quarter ahead.
LOOK_BACK, LOOK_AHEAD = timedelta(days=366), timedelta(days=120)


@task(name="generate-periods", cache_policy=NO_CACHE)
def generate_periods(as_of: date) -> dict[str, int]:
    with session_scope(get_engine()) as session:
        return dict(generate_all(session, as_of - LOOK_BACK, as_of + LOOK_AHEAD, work_calendar()))


@flow(name="reporting-duties", on_failure=[tell_office], on_crashed=[tell_office])
def reporting_duties(
    as_of: date | None = None, dry_run: bool = False, at: datetime | None = None
) -> dict[str, Any]:
    """Remind units of reports and meetings they owe; escalate what stays overdue."""
    day = as_of_or_today(as_of)
    created = generate_periods(day)
    get_run_logger().info("periods: %s", created or "none new")
    return {**remind(day, dry_run, at, ("duty",), ARTIFACT_KEY), "periods": created}
