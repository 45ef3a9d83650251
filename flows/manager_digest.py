"""The weekly manager digest flow, and a keyed table artifact per unit for the Prefect UI."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.runtime import as_of_or_today, moment_or_now, notify_config, tell_office
from models.db import get_engine
from notifications import pipeline
from notifications.manager_digest import collect, deliver_digests, plan_digests


def artifact_key(unit_code: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    slug = re.sub(r"[^a-z0-9]+", "-", unit_code.lower()).strip("-")
    return f"unit-{slug or 'x'}"


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


@task(name="publish-unit-artifacts", cache_policy=NO_CACHE)
def publish_units(as_of: date) -> int:
    engine = get_engine()
    with engine.connect() as connection:
        units = [r[0] for r in connection.exec_driver_sql("SELECT id FROM unit WHERE active")]
    states = collect(engine, as_of, units)
    for state in states.values():
        rows: list[dict[str, Any]] = [
            {"item": s.value, "count": n} for s, n in state.counts.items()
        ]
        rows.append({"item": "overdue_now", "count": state.overdue_total})
        rows.append({"item": "duties_overdue", "count": len(state.missing)})
        rows += [
            {"item": f"#{r.id} {r.title} ({r.status.days_overdue} days)", "count": 1}
            for r in state.overdue
        ]
        create_table_artifact(
            key=artifact_key(state.code),
            table=rows,
            description=f"{state.code} — {state.name}: follow-up on {as_of.isoformat()}",
        )
    return len(states)


@flow(name="manager-digest", on_failure=[tell_office], on_crashed=[tell_office])
def manager_digest(as_of: date | None = None, at: datetime | None = None) -> dict[str, Any]:
    """Each manager hears, weekly, how the units under them are doing."""
    day, moment = as_of_or_today(as_of), moment_or_now(at)
    token = str(uuid.uuid4())
    summary = plan_and_claim(day, moment, token)
    deliveries = send(day, moment, token)
    units = publish_units(day)
    sent = sum(d["ok"] for d in deliveries)
    get_run_logger().info(
        "%s: %d manager digests sent, %d failed, %d unit artifacts",
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
