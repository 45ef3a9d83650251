"""What Prefect's server can say about a morning run that did not happen.

Asked by the watcher (``notifications.watch``) only when a working morning has no
check-in, over the REST API with plain HTTP: no Prefect import (seconds of start-up), no
temporary server (which would know nothing), and a server that does not answer is
itself the finding. Each finding names one cause a person can act on: the server, the
deployment (missing, paused, its schedules off, nobody polling for its runs), the day's
runs (none created, waiting, running, cancelled, failed) and the deployment's
concurrency limit held full while nothing runs (a leaked slot: ``CANCEL_NEW`` then
cancels every run).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx
import pendulum

from notifications.watch import Finding

TIMEOUT = 10.0
WAITING = {"SCHEDULED", "PENDING", "PAUSED"}
FAILED = {"FAILED", "CRASHED"}


def diagnose(
    api_url: str | None, deployment: str, day: date, now: datetime, timezone: str
) -> list[Finding]:
    """The findings about ``deployment``'s runs on the committee's ``day`` until ``now``."""
    if api_url is None:
        return [Finding("watch.no_server")]
    api = api_url.rstrip("/")
    try:
        with httpx.Client(timeout=TIMEOUT) as client:
            client.get(f"{api}/health").raise_for_status()
            return _findings(client, api, deployment, day, now, timezone)
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return [Finding("watch.unreachable", {"url": api_url})]


def _post(client: httpx.Client, url: str, body: dict[str, Any]) -> Any:
    reply = client.post(url, json=body)
    reply.raise_for_status()
    return reply.json()


def _findings(
    client: httpx.Client, api: str, name: str, day: date, now: datetime, timezone: str
) -> list[Finding]:
    found = _post(client, f"{api}/deployments/filter", {"deployments": {"name": {"any_": [name]}}})
    if not found:
        return [Finding("watch.no_deployment", {"name": name})]
    deployment = found[0]
    findings = []
    if deployment.get("paused"):
        findings.append(Finding("watch.paused", {"name": name}))
    schedules = deployment.get("schedules") or []
    if schedules and not any(s.get("active") for s in schedules):
        findings.append(Finding("watch.schedules_off", {"name": name}))
    if deployment.get("status") == "NOT_READY":
        findings.append(Finding("watch.not_ready", {"name": name}))
    start = pendulum.datetime(day.year, day.month, day.day, tz=timezone)
    runs = _post(
        client,
        f"{api}/flow_runs/filter",
        {
            "deployments": {"id": {"any_": [deployment["id"]]}},
            "flow_runs": {
                "expected_start_time": {
                    "after_": start.isoformat(),
                    "before_": pendulum.instance(now).isoformat(),
                }
            },
            "sort": "EXPECTED_START_TIME_ASC",
        },
    )
    findings += _run_findings(runs, name, timezone)
    running = _post(  # whenever it started: a run still going holds the slot rightly
        client,
        f"{api}/flow_runs/filter",
        {
            "deployments": {"id": {"any_": [deployment["id"]]}},
            "flow_runs": {"state": {"type": {"any_": ["RUNNING", "CANCELLING"]}}},
            "limit": 1,
        },
    )
    return findings + _leaked_slot(deployment, bool(running))


def _local(value: str, timezone: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return str(pendulum.instance(moment).in_timezone(timezone).format("HH:mm"))


def _run_findings(runs: list[dict[str, Any]], name: str, timezone: str) -> list[Finding]:
    if not runs:
        return [Finding("watch.no_runs", {"name": name})]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_type.setdefault(run["state_type"], []).append(run)
    findings = []
    waiting = [r for kind in WAITING for r in by_type.get(kind, [])]
    if waiting:
        since = min(r["expected_start_time"] for r in waiting)
        findings.append(
            Finding("watch.waiting", {"n": len(waiting), "since": _local(since, timezone)})
        )
    for run in by_type.get("RUNNING", []):
        since = run.get("start_time") or run["expected_start_time"]
        findings.append(Finding("watch.running", {"since": _local(since, timezone)}))
    cancelled = by_type.get("CANCELLED", []) + by_type.get("CANCELLING", [])
    if cancelled:
        message = (cancelled[-1].get("state") or {}).get("message") or cancelled[-1]["state_name"]
        findings.append(Finding("watch.cancelled", {"n": len(cancelled), "message": message}))
    failed = [r for kind in FAILED for r in by_type.get(kind, [])]
    if failed:
        last = max(failed, key=lambda r: r["expected_start_time"])
        message = ((last.get("state") or {}).get("message") or "")[:300]
        findings.append(
            Finding(
                "watch.failed", {"n": len(failed), "state": last["state_name"], "message": message}
            )
        )
    if by_type.get("COMPLETED"):
        findings.append(Finding("watch.completed", {"n": len(by_type["COMPLETED"])}))
    return findings


def _leaked_slot(deployment: dict[str, Any], running: bool) -> list[Finding]:
    """A deployment limit held full while none of the deployment's runs is running."""
    limit = deployment.get("global_concurrency_limit") or {}
    taken, size = int(limit.get("active_slots") or 0), int(limit.get("limit") or 0)
    if not limit.get("active", True) or size == 0 or taken < size or running:
        return []
    return [
        Finding(
            "watch.slot_leaked", {"limit_name": limit.get("name"), "taken": taken, "limit": size}
        )
    ]
