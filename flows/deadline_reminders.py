"""The morning reminder flow: thin orchestration over ``notifications.pipeline``.

One run covers tasks, reporting duties and requests waiting for a decision, so each
person gets one message per channel.
Five task runs whatever the number of reminders (periods, plan+claim, send, report what
could not be delivered, publish): Prefect costs the same for ten reminders as for ten
thousand. IDs and dates cross task boundaries, never sessions or Apprise objects.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.runtime import as_of_or_today, moment_or_now, notify_config, tell_office, work_calendar
from models.checkins import check_in
from models.db import get_engine, session_scope
from models.duty_lifecycle import generate_all
from models.item_kinds import ItemKind
from models.settings import get_settings
from notifications import pipeline, run, run_summary

ARTIFACT_KEY = "deadline-reminders"
KINDS = pipeline.KINDS  # tasks, reporting duties, requests waiting for a decision
# Periods are generated from a year back (late reports still remind) to a quarter ahead.
LOOK_BACK, LOOK_AHEAD = timedelta(days=366), timedelta(days=120)


@task(name="generate-periods", cache_policy=NO_CACHE)
def generate_periods(as_of: date) -> dict[str, int]:
    """Make sure every reporting period owed by ``as_of`` exists (idempotent)."""
    with session_scope(get_engine()) as session:
        return dict(generate_all(session, as_of - LOOK_BACK, as_of + LOOK_AHEAD, work_calendar()))


@task(name="plan-and-claim", cache_policy=NO_CACHE)
def plan_and_claim(
    as_of: date, at: datetime, token: str, kinds: tuple[ItemKind, ...]
) -> dict[str, Any]:
    config = notify_config()
    held = pipeline.hold_reason(as_of, at, get_settings().timezone, config, work_calendar())
    if held is not None:
        return {"held": held, "planned": 0, "unreachable": []}
    engine = get_engine()
    planned = pipeline.plan(engine, as_of, config, kinds)
    pipeline.claim(engine, planned, token, at, config)
    unreachable = sorted(f"{u.who} ({u.reason})" for u in planned.unreachable)
    return {
        "held": None,
        "planned": len(planned.reminders),
        "plan": run_summary.plan_counts(planned),
        "unreachable": unreachable,
    }


# No task retries: a retry would re-send what the ledger has not re-claimed. Failures
# wait in the ledger (back-off) for a later run.
@task(name="send-digests", cache_policy=NO_CACHE)
def send_digests(as_of: date, at: datetime, token: str) -> list[dict[str, Any]]:
    # A retry sends only what this run still holds unsent: recorded outcomes are final.
    report = pipeline.deliver(get_engine(), token, as_of, at, notify_config())
    return [asdict(d) for d in report.deliveries]


@task(name="retry-notices", cache_policy=NO_CACHE)
def retry_notices(as_of: date, at: datetime) -> list[dict[str, Any]]:
    """Send again the instant notices (requests, comments, delegated parts) that failed
    earlier (after back-off)."""
    from notifications.kinds.request_notice import send_notices
    from notifications.kinds.task_news import send_news

    report = send_notices(get_engine(), as_of, at, notify_config())
    news = send_news(get_engine(), as_of, at, notify_config())
    return [asdict(d) for d in report.deliveries + news.deliveries]


@task(name="risk-notices", cache_policy=NO_CACHE)
def risk_notices(as_of: date, at: datetime) -> list[dict[str, Any]]:
    """Stale-work reminders and explanation reminders and escalations (``risk_notices``)."""
    from notifications.kinds.risk_notices import send_risk_notices

    report = send_risk_notices(get_engine(), as_of, at, notify_config())
    return [asdict(d) for d in report.deliveries]


@task(name="report-undelivered", cache_policy=NO_CACHE)
def report_undelivered(as_of: date, at: datetime) -> int:
    """Tell the tracking office what still could not be delivered (once per delivery)."""
    from notifications.kinds.undelivered import report_undelivered as report

    return report(get_engine(), as_of, at, notify_config()).sent


@task(name="preview-digests", cache_policy=NO_CACHE)
def preview_digests(as_of: date, at: datetime, kinds: tuple[ItemKind, ...]) -> list[dict[str, Any]]:
    config = notify_config()
    report = run.run_once(
        get_engine(),
        as_of,
        at,
        config,
        work_calendar(),
        get_settings().timezone,
        dry_run=True,
        kinds=kinds,
    )
    return [d.preview() for d in report.previews]


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report(
    as_of: date,
    at: datetime,
    summary: dict[str, Any],
    deliveries: list[dict[str, Any]],
    key: str = ARTIFACT_KEY,
) -> None:
    """The day's plan, what this run sent, and what was sent today across all runs."""
    logger = get_run_logger()
    for d in deliveries:
        if not d["ok"]:
            logger.warning("not delivered: %s via %s: %s", d["recipient"], d["channel"], d["error"])
    for who in summary["unreachable"]:
        logger.warning("cannot be reached: %s", who)
    settings = get_settings()
    today = run_summary.delivered_on(get_engine(), as_of, settings.timezone)
    lang = settings.language
    create_table_artifact(
        key=key,
        table=run_summary.report_rows(summary, deliveries, today, lang),
        description=run_summary.report_title(key, as_of, summary, today, lang),
    )


def remind(
    as_of: date | None, dry_run: bool, at: datetime | None, kinds: tuple[ItemKind, ...], key: str
) -> dict[str, Any]:
    """The steps every reminder flow runs, for the given item kinds."""
    logger = get_run_logger()
    day, moment = as_of_or_today(as_of), moment_or_now(at)
    if dry_run:
        previews = preview_digests(day, moment, kinds)
        for p in previews:
            logger.info(
                "dry run: %s via %s (%s): %s",
                p["recipient"],
                p["channel"],
                p["address"],
                p["subject"],
            )
        return {"as_of": day.isoformat(), "dry_run": True, "digests": previews}
    outcome = run.run_steps(
        run.Steps(
            claim=lambda token: plan_and_claim(day, moment, token, kinds),
            held=lambda claimed: claimed["held"],
            send=lambda token: send_digests(day, moment, token),
            notices=lambda: retry_notices(day, moment) + risk_notices(day, moment),
            report=lambda: report_undelivered(day, moment),
        )
    )
    summary = outcome.claimed
    if summary["held"]:
        logger.info("held (%s): nothing sent now; the next run catches up", summary["held"])
        return {"as_of": day.isoformat(), "held": summary["held"], "sent": 0, "failed": 0}
    deliveries = (outcome.sent or []) + (outcome.notices or [])
    summary |= {
        "sent": sum(d["ok"] for d in deliveries),
        "failed": sum(not d["ok"] for d in deliveries),
    }
    summary["office_reports"] = outcome.reported
    publish_report(day, moment, summary, deliveries, key)
    # The run did its work: the watcher outside Prefect (`dondoc watch`) looks for this.
    check_in(get_engine(), str(flow_run.flow_name), day, moment, summary["sent"], summary["failed"])
    logger.info(
        "%s: %d reminders planned, %d digests sent, %d failed, %d unreachable",
        day.isoformat(),
        summary["planned"],
        summary["sent"],
        summary["failed"],
        len(summary["unreachable"]),
    )
    return {"as_of": day.isoformat(), **summary}


@flow(name="deadline-reminders", on_failure=[tell_office], on_crashed=[tell_office])
def deadline_reminders(
    as_of: date | None = None, dry_run: bool = False, at: datetime | None = None
) -> dict[str, Any]:
    """The morning run: the periods owed, then one message per person and channel with
    the tasks and reporting duties that fall due, are overdue or escalate, and the
    requests waiting for the person's decision.

    ``as_of`` is the committee's date (default: today there); ``at`` the moment the run
    counts as, for quiet hours (default: now). ``dry_run`` prints the digests, sends nothing.
    """
    day = as_of_or_today(as_of)
    created = generate_periods(day)
    get_run_logger().info("periods: %s", created or "none new")
    return {**remind(day, dry_run, at, KINDS, ARTIFACT_KEY), "periods": created}
