"""One-machine mode for real: `dondoc serve` on a free loopback port with a fresh home.

The scheduler creates runs for both deployments; a run scheduled a few seconds
ahead executes to COMPLETED and its e-mail reaches an SMTP server on loopback; after
SIGTERM and a restart the schedules are still active and runs still scheduled.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from models.backup import backups
from models.db import make_engine
from tests.flows.prefect_api import api as api_call
from tests.flows.test_server_e2e import DEPLOYMENTS, _wait
from tests.notifications.conftest import build_committee
from tests.peers import SMTP_PASSWORD, SmtpSink, free_port

BIN = Path(sys.executable).parent


def _start(env: dict[str, str], port: int, log: Path, web: int) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                *(str(BIN / "dondoc"), "--lang", "en", "serve"),
                *("--port", str(port), "--web-port", str(web)),
            ],
            env=env,
            cwd=log.parent,  # not the checkout: serve finds its flows by itself
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _ready(serve: subprocess.Popen[bytes], state: Path, log: Path) -> None:
    _wait(lambda: state.exists() or serve.poll() is not None, "dondoc serve", timeout=600)
    assert serve.poll() is None, log.read_text()[-3000:]


def _stop(serve: subprocess.Popen[bytes]) -> int:
    serve.send_signal(signal.SIGTERM)
    return serve.wait(timeout=120)


def _scheduled_by_scheduler(api: str) -> dict[str, int]:
    runs = api_call(
        "POST",
        f"{api}/flow_runs/filter",
        {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}},
    )
    names = {d["id"]: d["name"] for d in api_call("POST", f"{api}/deployments/filter", {})}
    counts: dict[str, int] = {}
    for run in runs:
        if run["auto_scheduled"] and run["deployment_id"] in names:
            name = names[run["deployment_id"]]
            counts[name] = counts.get(name, 0) + 1
    return counts


def test_serve_schedules_runs_and_delivers_then_survives_a_restart(
    tmp_path: Path, sqlite_url: str, smtp: SmtpSink
) -> None:
    engine = make_engine(sqlite_url)
    build_committee(engine)
    engine.dispose()
    home = tmp_path / "home"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env |= {
        "DONDOC_HOME": str(home),
        "DONDOC_DATABASE_URL": sqlite_url,
        "DONDOC_CHANNEL_EMAIL": smtp.url(),
        "DONDOC_TRACKING_OFFICE": "VP",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",  # seconds, not a minute
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "DONDOC_BACKUP_AT": "00:00",  # the nightly backup is due at once, whatever the hour
        "DONDOC_WATCH_EVERY_SECONDS": "0",  # no watcher: the real day must not matter here
    }
    state, log = home / "prefect" / "serve.json", tmp_path / "serve.log"
    web = free_port()
    serve = _start(env, port, log, web)
    try:
        _ready(serve, state, log)
        assert json.loads(state.read_text())["api_url"] == api
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200  # the UI
        # The web application runs beside the schedules.
        assert httpx.get(f"http://127.0.0.1:{web}/healthz", timeout=30).status_code == 200
        _wait(lambda: set(_scheduled_by_scheduler(api)) == DEPLOYMENTS, "scheduled runs", 300)
        _wait(lambda: backups(home / "backups"), "the nightly backup", 300)  # by default

        reminders = next(
            d
            for d in api_call("POST", f"{api}/deployments/filter", {})
            if d["name"] == "deadline-reminders"
        )
        soon = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()
        run: dict[str, Any] = api_call(
            "POST",
            f"{api}/deployments/{reminders['id']}/create_flow_run",
            {
                "parameters": {"as_of": "2024-03-22", "at": "2024-03-22T07:30:00"},
                "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": soon}},
            },
        )

        def finished() -> str | None:
            kind = api_call("GET", f"{api}/flow_runs/{run['id']}")["state"]["type"]
            return kind if kind in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert _wait(finished, "the scheduled reminder run", timeout=300) == "COMPLETED"
        assert sorted(str(m["To"]) for m in smtp.messages) == [
            "clerk@example.org",
            "mai@example.org",
            "secretary@example.org",
        ]
        # The reminders lead to the web application serve runs.
        body = "".join(
            str(part.get_content()) for part in smtp.messages[0].walk() if not part.is_multipart()
        )
        assert f"http://127.0.0.1:{web}/tasks/" in body, body[:2000]
        health = subprocess.run(
            [str(BIN / "dondoc"), "--lang", "en", "health"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        ).stdout
        assert "'deadline-reminders': 'last Completed " in health, health
        assert "'manager-digest': 'last never finished; next " in health, health
        assert "usage data" not in health
        assert _stop(serve) == 0
        assert not state.exists()
        assert not _up(api)  # the server stopped with it

        serve = _start(env, port, log, web)  # a restart: nothing paused, nothing skipped
        _ready(serve, state, log)
        deployments = api_call("POST", f"{api}/deployments/filter", {})
        assert sorted((d["name"], d["paused"]) for d in deployments) == [
            (name, False) for name in sorted(DEPLOYMENTS)
        ]
        assert all(s["active"] for d in deployments for s in d["schedules"])
        assert all(d["global_concurrency_limit"]["limit"] == 1 for d in deployments)
        _wait(lambda: set(_scheduled_by_scheduler(api)) == DEPLOYMENTS, "still scheduled", 300)
    finally:
        if serve.poll() is None:
            _stop(serve)
    assert SMTP_PASSWORD not in log.read_text()


def _up(api: str) -> bool:
    try:
        httpx.get(f"{api}/health", timeout=2)
    except httpx.HTTPError:
        return False
    return True
