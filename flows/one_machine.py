"""One-machine mode: a local Prefect server *with its scheduler*, and a runner for its runs.

Prefect's temporary server (what a flow starts when no server is configured) runs no
scheduler service, so schedules registered there never produce a run. ``dondoc serve``
therefore supervises real processes: ``prefect server start`` (API, UI and scheduler;
SQLite under ``DONDOC_HOME/prefect`` unless ``PREFECT_API_DATABASE_CONNECTION_URL``
says otherwise) and a runner that registers the deployments of ``prefect.yaml`` on it
and executes their runs. Each is a ``Component`` in a list started in order (each
waiting for the previous to be ready) and stopped in reverse, so one more component
(a web application) is one more entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from flows.deployments import PROJECT_ROOT, read_deployments
from flows.prefect_env import QUIET, api_answers, prefect_home, serve_state_file
from models.private_files import private_file
from models.settings import get_settings

STOP_GRACE_SECONDS = 30


@dataclass
class Component:
    name: str
    argv: list[str]
    env: dict[str, str]
    ready: Callable[[], bool]
    log: Path
    cwd: Path = PROJECT_ROOT
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _out: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        # 0600: the web component's access log is in it (tokens masked, addresses not).
        self._out = private_file(self.log).open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: stopping it stops its flow runs too
        )

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _signal_group(self.process, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _signal_group(self.process, signal.SIGKILL)
                self.process.wait(timeout=STOP_GRACE_SECONDS)
        if self._out is not None:
            self._out.close()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


class Failed(Exception):
    """A component did not become ready, or stopped: (text key, parameters)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


class Supervisor:
    def __init__(self, components: Sequence[Component], startup_seconds: float) -> None:
        self.components = list(components)
        self.startup_seconds = startup_seconds
        self.stopping = False

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def run(self, when_ready: Callable[[], None], when_stopped: Callable[[], None]) -> None:
        """Start every component in order, watch them, stop all on SIGTERM/SIGINT.

        Raises ``Failed`` when one is not ready in time or stops by itself.
        """
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            for component in self.components:
                component.start()
                self._wait_ready(component)
                if self.stopping:
                    return
            when_ready()
            while not self.stopping:
                for component in self.components:
                    code = component.exit_code()
                    if code is not None:
                        raise Failed(
                            "serve.exited", component=component.name, code=code, log=component.log
                        )
                time.sleep(0.5)
        finally:
            for component in reversed(self.components):
                component.stop()
            when_stopped()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _wait_ready(self, component: Component) -> None:
        deadline = time.monotonic() + self.startup_seconds
        while not self.stopping:
            code = component.exit_code()
            if code is not None:
                raise Failed("serve.exited", component=component.name, code=code, log=component.log)
            if component.ready():
                return
            if time.monotonic() > deadline:
                raise Failed(
                    "serve.not_ready",
                    component=component.name,
                    seconds=int(self.startup_seconds),
                    log=component.log,
                )
            time.sleep(0.5)


def port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        # As the server will: connections of a previous run lingering in TIME_WAIT are no
        # obstacle, a process listening there is.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _prefect_command() -> list[str]:
    beside = Path(sys.executable).parent / "prefect"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "prefect"]


def _deployments_registered(api_url: str, names: set[str]) -> bool:
    request = urllib.request.Request(  # noqa: S310 - the local server's http URL
        f"{api_url}/deployments/filter",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:  # noqa: S310 - loopback
            found = {d["name"] for d in json.load(reply)}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return names <= found


def prefect_retention(environ: Mapping[str, str]) -> dict[str, str]:
    """Prefect's own vacuum service, switched on for finished flow runs (with their task
    runs, logs and artifacts) older than ``DONDOC_KEEP_PREFECT_RUNS_DAYS``: a year of
    daily runs otherwise grows the server's database without end (events have their own
    vacuum, on by default, seven days). Settings the operator gave Prefect win."""
    days = get_settings().keep_prefect_runs_days
    wanted = {
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
        "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD": str(days * 86_400),
    }
    return {key: environ.get(key, value) for key, value in wanted.items()}


def components(
    dondoc_home: Path,
    host: str,
    port: int,
    limit: int,
    web_port: int | None = None,
    housekeeping: Sequence[str] = (),
) -> list[Component]:
    """The local Prefect server, the runner of the deployments, the housekeeping process
    (the watcher and the nightly backup: ``flows.housekeeping``, with ``housekeeping``
    as its arguments) and, with ``web_port``, the web application the reminders link to."""
    home = prefect_home(dondoc_home)
    api_url = f"http://{host}:{port}/api"
    base = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    base |= {k: os.environ.get(k, v) for k, v in QUIET.items()}
    if web_port is not None:  # links in reminders lead to the web application served here
        base.setdefault("DONDOC_WEB_URL", f"http://{host}:{web_port}")
    server_env = base | {"PREFECT_HOME": str(home)} | prefect_retention(base)
    runner_env = server_env | {"PREFECT_API_URL": api_url}
    names = {str(d["name"]) for d in read_deployments()}
    web = [
        Component(
            "web",
            [sys.executable, "-m", "cli", "web", "--host", host, "--port", str(web_port)],
            base,
            lambda: _web_answers(f"http://{host}:{web_port}/healthz"),
            home / "web.log",
        )
    ]
    return [
        Component(
            "prefect-server",
            [*_prefect_command(), "server", "start", "--host", host, "--port", str(port)],
            server_env,
            lambda: api_answers(api_url, timeout=2),
            home / "server.log",
        ),
        Component(
            "runner",
            [sys.executable, "-m", "flows.serve_runner", "--limit", str(limit)],
            runner_env,
            lambda: _deployments_registered(api_url, names),
            home / "runner.log",
        ),
        Component(
            "housekeeping",
            [sys.executable, "-m", "flows.housekeeping", *housekeeping],
            # Told where the server is: when it stops answering, that is the finding.
            base | {"PREFECT_API_URL": api_url},
            lambda: True,
            home / "housekeeping.log",
        ),
        *(web if web_port is not None else []),
    ]


def _web_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - our own loopback URL
            return int(answer.status) == 200
    except OSError:
        return False


def write_state(dondoc_home: Path, api_url: str) -> None:
    path = serve_state_file(dondoc_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"api_url": api_url, "pid": os.getpid()}), encoding="utf-8")


def clear_state(dondoc_home: Path) -> None:
    serve_state_file(dondoc_home).unlink(missing_ok=True)
