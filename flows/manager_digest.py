"""The weekly manager digest flow, and one table artifact comparing every unit.

Three task runs whatever the number of managers and units (plan+claim, send, publish);
a dry run is one (preview). IDs and dates cross task boundaries, never sessions.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.runtime import as_of_or_today, moment_or_now, notify_config, tell_office
from models.db import get_engine
from models.i18n import format_date, t
from models.settings import get_settings
from notifications import pipeline
from notifications.kinds.manager_digest import deliver_digests, plan_digests, preview_digests
from notifications.kinds.manager_digest_text import overview_table
from notifications.kinds.unit_figures import overview

OVERVIEW_KEY = "unit-overview"


@task(name="plan-and-claim-digests", cache_policy=NO_CACHE)
def plan_and_claim(as_of: date, at: datetime, token: str) -> dict[str, Any]:
    config = notify_config()
    engine = get_engine()
    planned, _states = plan_digests(engine, as_of, config)
    pipeline.claim(engine, planned, token, at, config)
    return {
        "planned": len(planned.reminders),
        "unreachable": sorted(f"{u.who} ({u.reason})" for u in planned.unreachable),
    }


@task(name="send-manager-digests", cache_policy=NO_CACHE)  # no retries: the ledger retries
def send(as_of: date, at: datetime, token: str) -> list[dict[str, Any]]:
    report = deliver_digests(get_engine(), token, as_of, at, notify_config(), {})
    return [asdict(d) for d in report.deliveries]


@task(name="preview-manager-digests", cache_policy=NO_CACHE)
def preview(as_of: date) -> list[dict[str, Any]]:
    return [d.preview() for d in preview_digests(get_engine(), as_of, notify_config())]


@task(name="publish-unit-overview", cache_policy=NO_CACHE)
def publish_overview(as_of: date) -> int:
    """One table, one row per unit: what 13 per-unit pages used to show, side by side."""
    lang = get_settings().language
    rows = overview_table(overview(get_engine(), as_of), lang)
    create_table_artifact(
        key=OVERVIEW_KEY,
        table=rows or [{t("manager.col.unit", lang): "—"}],
        description=t("manager.overview", lang, day=format_date(as_of)),
    )
    return len(rows)


@flow(name="manager-digest", on_failure=[tell_office], on_crashed=[tell_office])
def manager_digest(
    as_of: date | None = None, at: datetime | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Each manager hears, weekly, how the units under them are doing.

    ``dry_run`` returns the digests that would go out now, sends and records nothing.
    """
    day, moment = as_of_or_today(as_of), moment_or_now(at)
    logger = get_run_logger()
    if dry_run:
        previews = preview(day)
        for p in previews:
            logger.info("dry run: %s via %s: %s", p["recipient"], p["channel"], p["subject"])
        return {"as_of": day.isoformat(), "dry_run": True, "digests": previews}
    token = str(uuid.uuid4())
    summary = plan_and_claim(day, moment, token)
    deliveries = send(day, moment, token)
    units = publish_overview(day)
    sent = sum(d["ok"] for d in deliveries)
    logger.info(
        "%s: %d manager digests sent, %d failed, %d units in the overview",
        day.isoformat(),
        sent,
        len(deliveries) - sent,
        units,
    )
    return {
        "as_of": day.isoformat(),
        **summary,
        "sent": sent,
        "failed": len(deliveries) - sent,
        "units": units,
    }
