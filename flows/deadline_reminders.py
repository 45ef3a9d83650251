"""The daily deadline-reminder flow: thin orchestration over ``notifications.pipeline``.

Four task runs whatever the number of reminders (plan+claim, send, report what could
not be delivered, publish): Prefect costs the same for ten reminders as for ten
thousand. IDs and dates cross task boundaries, never sessions or Apprise objects.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.runtime import as_of_or_today, moment_or_now, notify_config, tell_office, work_calendar
from models.db import get_engine
from models.settings import get_settings
from notifications import pipeline

ARTIFACT_KEY = "deadline-reminders"


@task(name="plan-and-claim", cache_policy=NO_CACHE)
def plan_and_claim(as_of: date, at: datetime, token: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    config = notify_config()
    held = pipeline.hold_reason(as_of, at, get_settings().timezone, config, work_calendar())
    if held is not None:
        return {"held": held, "planned": 0, "unreachable": []}
    engine = get_engine()
    planned = pipeline.plan(engine, as_of, config, kinds)
    pipeline.claim(engine, planned, token, at, config)
    unreachable = sorted(f"{u.who} ({u.reason})" for u in planned.unreachable)
    return {"held": None, "planned": len(planned.reminders), "unreachable": unreachable}


# No task retries: a retry would re-send what the ledger has not re-claimed. Failures
# wait in the ledger (back-off) for a later run.
@task(name="send-digests", cache_policy=NO_CACHE)
def send_digests(as_of: date, at: datetime, token: str) -> list[dict[str, Any]]:
    # A retry sends only what this run still holds unsent: recorded outcomes are final.
    report = pipeline.deliver(get_engine(), token, as_of, at, notify_config())
    return [asdict(d) for d in report.deliveries]


@task(name="report-undelivered", cache_policy=NO_CACHE)
def report_undelivered(as_of: date, at: datetime) -> int:
    """Tell the tracking office what still could not be delivered (once per delivery)."""
    from notifications.undelivered import report_undelivered as report

    return report(get_engine(), as_of, at, notify_config()).sent


@task(name="preview-digests", cache_policy=NO_CACHE)
def preview_digests(as_of: date, at: datetime, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    config = notify_config()
    report = pipeline.run_once(
        get_engine(),
        as_of,
        at,
        config,
        work_calendar(),
        get_settings().timezone,
        dry_run=True,
        kinds=kinds,
    )
    return [
        {
            "recipient": d.recipient,
            "channel": d.channel,
            "address": d.address,
            "subject": d.rendered.subject,
            "body": d.rendered.text,
        }
        for d in report.previews
    ]


def _artifact_rows(
    summary: dict[str, Any], deliveries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = [
        {
            "recipient": d["recipient"],
            "channel": d["channel"],
            "items": d["items"],
            "result": "sent" if d["ok"] else ("ambiguous" if d["ambiguous"] else "failed"),
            "error": d["error"] or "",
        }
        for d in deliveries
    ]
    rows += [
        {"recipient": who, "channel": "-", "items": 0, "result": "unreachable", "error": ""}
        for who in summary["unreachable"]
    ]
    return rows or [
        {"recipient": "-", "channel": "-", "items": 0, "result": "nothing due", "error": ""}
    ]


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report(
    as_of: date, summary: dict[str, Any], deliveries: list[dict[str, Any]], key: str = ARTIFACT_KEY
) -> None:
    logger = get_run_logger()
    for d in deliveries:
        if not d["ok"]:
            logger.warning("not delivered: %s via %s: %s", d["recipient"], d["channel"], d["error"])
    for who in summary["unreachable"]:
        logger.warning("cannot be reached: %s", who)
    create_table_artifact(
        key=key,
        table=_artifact_rows(summary, deliveries),
        description=(
            f"{key} for {as_of.isoformat()}: {summary['sent']} sent, "
            f"{summary['failed']} failed, {len(summary['unreachable'])} unreachable"
        ),
    )


def remind(
    as_of: date | None, dry_run: bool, at: datetime | None, kinds: tuple[str, ...], key: str
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
    token = str(uuid.uuid4())
    summary = plan_and_claim(day, moment, token, kinds)
    if summary["held"]:
        logger.info("held (%s): nothing sent now; the next run catches up", summary["held"])
        return {"as_of": day.isoformat(), "held": summary["held"], "sent": 0, "failed": 0}
    deliveries = send_digests(day, moment, token)
    summary |= {
        "sent": sum(d["ok"] for d in deliveries),
        "failed": sum(not d["ok"] for d in deliveries),
    }
    summary["office_reports"] = report_undelivered(day, moment)
    publish_report(day, summary, deliveries, key)
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
    """Remind owners of what falls due and what is overdue; escalate what stays overdue.

    ``as_of`` is the committee's date (default: today there); ``at`` the moment the run
    counts as, for quiet hours (default: now). ``dry_run`` prints the digests, sends nothing.
    """
    return remind(as_of, dry_run, at, ("task",), ARTIFACT_KEY)
