"""A reminder run's sequence, written once: hold or plan and claim, send and record the
digests, then the instant notices due again and the office's report of what could not be
delivered, each kind through its own module and its own claims.

``run_steps`` is the sequence over steps given as functions: ``run_once`` gives the plain
functions (tests, benchmarks, the command line), the flows give the same steps as Prefect
tasks (``flows/deadline_reminders.py``), so neither keeps a copy of the order. It stands
above the kinds (``pipeline`` for the digest, ``request_notice``, ``task_news``,
``risk_notices``, ``undelivered``), which
stand on the generic steps, so no kind imports another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy.engine import Engine

from models.calendar import WorkCalendar
from models.item_kinds import ItemKind
from notifications.config import NotifyConfig
from notifications.kinds.request_notice import send_notices
from notifications.kinds.risk_notices import send_risk_notices
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
from notifications.planner import Plan

Claimed = TypeVar("Claimed")
Sent = TypeVar("Sent")
Noticed = TypeVar("Noticed")
Reported = TypeVar("Reported")


@dataclass(frozen=True)
class Steps(Generic[Claimed, Sent, Noticed, Reported]):
    """One run's steps. Each takes what crosses a Prefect task boundary: the run's claim
    token, never a session or a plan object."""

    claim: Callable[[str], Claimed]  # hold, or plan and claim under the run's token
    held: Callable[[Claimed], str | None]  # why nothing is sent now (holiday, quiet hours)
    send: Callable[[str], Sent]  # the digests this run holds a claim on, each recorded
    # The notices: those due again after their back-off, and the new ones about work at
    # risk (stale tasks, explanations asked and owed).
    notices: Callable[[], Noticed]
    report: Callable[[], Reported]  # tell the office what still could not be delivered


@dataclass(frozen=True)
class Outcome(Generic[Claimed, Sent, Noticed, Reported]):
    claimed: Claimed
    sent: Sent | None = None  # None: the run was held and sent nothing
    notices: Noticed | None = None
    reported: Reported | None = None


def run_steps(
    steps: Steps[Claimed, Sent, Noticed, Reported],
) -> Outcome[Claimed, Sent, Noticed, Reported]:
    """The sequence of every sending run. The claim comes first and is the only step
    that decides what this run owns (exactly once: ``notifications/ledger.py``); the
    notices and the office's report follow the digests, so a failure of the morning's
    sends is in the same run's report."""
    token = str(uuid.uuid4())
    claimed = steps.claim(token)
    if steps.held(claimed) is not None:
        return Outcome(claimed)
    sent = steps.send(token)
    notices = steps.notices()
    return Outcome(claimed, sent, notices, steps.report())


def run_once(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    calendar: WorkCalendar,
    timezone: str,
    *,
    dry_run: bool = False,
    kinds: tuple[ItemKind, ...] = KINDS,
) -> RunReport:
    """A whole run in one call (the flow runs the same steps as separate tasks)."""
    if dry_run:
        held = hold_reason(as_of, now, timezone, config, calendar)
        if held is not None:
            return RunReport(as_of, held=held)
        planned = plan(engine, as_of, config, kinds)
        report = RunReport(
            as_of, planned=len(planned.reminders), previews=preview(engine, planned, as_of, config)
        )
        report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
        return report

    def claim_step(token: str) -> tuple[str | None, Plan | None]:
        held = hold_reason(as_of, now, timezone, config, calendar)
        if held is not None:
            return held, None
        planned = plan(engine, as_of, config, kinds)
        claim(engine, planned, token, now, config)
        return None, planned

    outcome = run_steps(
        Steps(
            claim=claim_step,
            held=lambda claimed: claimed[0],
            send=lambda token: deliver(engine, token, as_of, now, config),
            notices=lambda: (
                send_notices(engine, as_of, now, config).deliveries
                + send_news(engine, as_of, now, config).deliveries
                + send_risk_notices(engine, as_of, now, config).deliveries
            ),
            report=lambda: report_undelivered(engine, as_of, now, config).deliveries,
        )
    )
    held, claimed = outcome.claimed
    if held is not None or claimed is None or outcome.sent is None:
        return RunReport(as_of, held=held)
    report = outcome.sent
    report.planned = len(claimed.reminders)
    report.deliveries += outcome.notices or []
    report.office_reports = outcome.reported or []
    report.unreachable = sorted(claimed.unreachable, key=lambda u: (u.reason, u.who))
    return report
