"""End to end on a real Prefect server, following the README's scale-out steps:
a server backed by PostgreSQL, `prefect deploy --all` from prefect.yaml, the scheduler
creating runs for every deployment (this is what SQLAlchemy 2.1 silently breaks), a
process worker started outside the checkout, and a reminder run that delivers e-mail to
an SMTP server on loopback; `dondoc serve` pointed at this shared server refuses.
The channel URL comes from a Prefect Secret block.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from models.db import make_engine
from tests.flows.prefect_api import api as api_call
from tests.notifications.conftest import build_committee
from tests.peers import SMTP_PASSWORD, SmtpSink, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEPLOYMENTS = {"deadline-reminders", "manager-digest"}


def _wait(predicate: Any, what: str, timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(postgres_admin_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS prefect_e2e WITH (FORCE)")
        connection.exec_driver_sql("CREATE DATABASE prefect_e2e")
    admin.dispose()
    database = make_url(postgres_admin_url).set(
        drivername="postgresql+asyncpg", database="prefect_e2e"
    )
    port = free_port()
    home = tempfile.mkdtemp(prefix="dondoc-prefect-")
    env = {
        **os.environ,
        "PREFECT_HOME": home,
        "PREFECT_API_DATABASE_CONNECTION_URL": database.render_as_string(False),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",  # the test waits seconds, not a minute
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }
    log = Path(home) / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(BIN / "prefect"),
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-ui",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(lambda: _healthy(port) or server.poll() is not None, "the Prefect server")
        assert server.poll() is None, log.read_text()[-3000:]
        yield env["PREFECT_API_URL"], env
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def test_deploy_schedule_work_and_deliver(
    prefect_server: tuple[str, dict[str, str]], postgres_url: str, smtp: SmtpSink
) -> None:
    api, env = prefect_server
    engine = make_engine(postgres_url)
    build_committee(engine)
    engine.dispose()

    # 1. The work pool, the channel secret, the deployments.
    _run(env, str(BIN / "prefect"), "work-pool", "create", "dondoc-process", "--type", "process")
    _run(
        env,
        sys.executable,
        "-c",
        "import sys; from prefect.blocks.system import Secret;"
        "Secret(value=sys.argv[1]).save('dondoc-smtp-url', overwrite=True)",
        smtp.url(),
    )
    deploy_out = _run(
        {**env, "PWD": str(ROOT)}, str(BIN / "prefect"), "--no-prompt", "deploy", "--all"
    )
    assert SMTP_PASSWORD not in deploy_out
    deployments = api_call("POST", f"{api}/deployments/filter", {})
    by_name = {d["name"]: d for d in deployments}
    assert set(by_name) == DEPLOYMENTS
    for deployment in deployments:
        assert len(deployment["schedules"]) == 2  # the daily run and its catch-ups
        for schedule in deployment["schedules"]:
            assert schedule["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
            assert schedule["slug"] and schedule["active"]

    # 2. The scheduler creates upcoming runs for every deployment.
    def scheduled() -> bool:
        runs = api_call(
            "POST",
            f"{api}/flow_runs/filter",
            {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}},
        )
        return {r["deployment_id"] for r in runs} >= {d["id"] for d in deployments}

    _wait(scheduled, "scheduled runs for every deployment", timeout=120)
    for deployment in deployments:
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"

    # 3. `dondoc serve` on a machine where PREFECT_API_URL points at this shared server
    # refuses clearly and leaves what `prefect deploy` registered untouched.
    worker_env = {
        **env,
        "DONDOC_DATABASE_URL": postgres_url,
        "DONDOC_CHANNEL_EMAIL": "prefect-secret:dondoc-smtp-url",
        "DONDOC_TRACKING_OFFICE": "VP",
    }
    refused = subprocess.run(
        [str(BIN / "dondoc"), "--lang", "en", "serve"],
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "PREFECT_API_URL is set" in refused.stderr and "Traceback" not in refused.stderr
    after = api_call("POST", f"{api}/deployments/filter", {})
    assert sorted((d["name"], d["pull_steps"], d["paused"]) for d in after) == sorted(
        (d["name"], d["pull_steps"], False) for d in deployments
    )
    assert all(d["pull_steps"] for d in after)

    # 4. Trigger the reminder deployment now; a process worker started outside the
    # checkout runs it (the pull step takes it there).
    reminders = by_name["deadline-reminders"]
    run = api_call(
        "POST",
        f"{api}/deployments/{reminders['id']}/create_flow_run",
        {"parameters": {"as_of": "2024-03-22", "at": "2024-03-22T07:30:00"}},
    )
    worker = subprocess.Popen(
        [str(BIN / "prefect"), "worker", "start", "--pool", "dondoc-process"],
        env=worker_env,
        cwd=tempfile.mkdtemp(prefix="dondoc-worker-"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def finished() -> str | None:
            state = api_call("GET", f"{api}/flow_runs/{run['id']}")["state"]["type"]
            return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert _wait(finished, "the reminder run", timeout=240) == "COMPLETED"
    finally:
        worker.terminate()
        try:
            output = worker.communicate(timeout=180)[0]
        except subprocess.TimeoutExpired:  # how fast a loaded machine stops it is not the point
            worker.kill()
            output = worker.communicate()[0]
    assert sorted(str(m["To"]) for m in smtp.messages) == [
        "clerk@example.org",
        "mai@example.org",
        "secretary@example.org",
    ]
    assert SMTP_PASSWORD not in output
    logs = api_call("POST", f"{api}/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}})
    assert logs and SMTP_PASSWORD not in repr(logs)
