"""A whole reminder run in one call: hold, plan, claim, send and record the morning
digest, then the instant notices due again and the office's report of what could not be
delivered, each kind through its own module and its own claims.

The flows run the same steps as separate Prefect tasks (``flows/deadline_reminders.py``);
tests, benchmarks and the command line's dry runs call this. It stands above the kinds
(``pipeline`` for the digest, ``request_notice``, ``task_news``, ``undelivered``), which
stand on the generic steps, so no kind imports another.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.engine import Engine

from models.calendar import WorkCalendar
from notifications.config import NotifyConfig
from notifications.kinds.request_notice import send_notices
from notifications.kinds.task_news import send_news
from notifications.kinds.undelivered import report_undelivered
from notifications.pipeline import (
    KINDS,
    RunReport,
    claim,
    deliver,
    hold_reason,
    plan,
    preview,
)


def run_once(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    calendar: WorkCalendar,
    timezone: str,
    *,
    dry_run: bool = False,
    kinds: tuple[str, ...] = KINDS,
) -> RunReport:
    """A whole run in one call (the flow runs the same steps as separate tasks)."""
    held = hold_reason(as_of, now, timezone, config, calendar)
    if held is not None:
        return RunReport(as_of, held=held)
    planned = plan(engine, as_of, config, kinds)
    if dry_run:
        report = RunReport(
            as_of, planned=len(planned.reminders), previews=preview(engine, planned, as_of, config)
        )
    else:
        token = str(uuid.uuid4())
        claim(engine, planned, token, now, config)
        report = deliver(engine, token, as_of, now, config)
        report.planned = len(planned.reminders)
        report.deliveries += send_notices(engine, as_of, now, config).deliveries  # retries
        report.deliveries += send_news(engine, as_of, now, config).deliveries  # retries
        report.office_reports = report_undelivered(engine, as_of, now, config).deliveries
    report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
    return report
