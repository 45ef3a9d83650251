"""The throwaway PostgreSQL cluster stops whatever happens to the test run.

A Ctrl-C during the PostgreSQL tests (to the whole foreground process group, as a
terminal sends it), a test process killed outright, and a process killed together with
its watchdog (the next start sweeps the cluster away) each leave no server process, no
open port and no data folder behind. Each starts a real cluster in a child process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster.reports import (
    Cluster,
    alive,
    left_running,
    processes_naming,
    read_report,
    wait_until_gone,
)
from tests.pg_cluster import stop_cluster, sweep_leftovers

ROOT = Path(__file__).resolve().parents[2]
INNER = Path(__file__).with_name("interrupted_run.py")


class Child:
    """A child process in its own process group, with its cluster once reported."""

    def __init__(self, command: list[str], workdir: Path) -> None:
        self.report = workdir / "cluster.json"
        env = {k: v for k, v in os.environ.items() if k != "DONDOC_TEST_POSTGRES_URL"}
        env |= {"DONDOC_CLUSTER_REPORT": str(self.report), "PYTHONPATH": str(ROOT)}
        self.output = (workdir / "child.log").open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.cluster: Cluster | None = None

    def cluster_started(self) -> Cluster:
        self.cluster = read_report(self.report, lambda: self.process.poll() is None)
        assert alive(self.cluster.postmaster)
        return self.cluster

    def end(self) -> None:
        """Whatever the test did: the child and its cluster gone."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.output.close()
        if self.cluster is not None and left_running(self.cluster):
            stop_cluster(self.cluster.folder)


@pytest.fixture
def child_of(tmp_path: Path) -> Iterator[list[Child]]:
    children: list[Child] = []
    yield children
    for child in children:
        child.end()


def _owner(children: list[Child], tmp_path: Path) -> Child:
    child = Child(
        [sys.executable, "-m", "tests.cluster.owner_process", str(tmp_path / "cluster.json")],
        tmp_path,
    )
    children.append(child)
    return child


def test_ctrl_c_during_the_postgres_tests_leaves_no_server_running(
    child_of: list[Child], tmp_path: Path
) -> None:
    child = Child(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(INNER)], tmp_path
    )
    child_of.append(child)
    cluster = child.cluster_started()
    os.killpg(child.process.pid, signal.SIGINT)  # the terminal's Ctrl-C
    assert child.process.wait(timeout=300) == pytest.ExitCode.INTERRUPTED
    assert wait_until_gone(cluster) == []


def test_a_test_process_killed_outright_leaves_no_server_running(
    child_of: list[Child], tmp_path: Path
) -> None:
    child = _owner(child_of, tmp_path)
    cluster = child.cluster_started()
    child.process.kill()  # no clean-up code of its own runs
    child.process.wait()
    assert wait_until_gone(cluster) == []  # the watchdog's work


def test_a_cluster_whose_owner_and_watchdog_were_killed_is_swept_at_the_next_start(
    child_of: list[Child], tmp_path: Path
) -> None:
    child = _owner(child_of, tmp_path)
    cluster = child.cluster_started()
    (watchdog,) = processes_naming(f"watch {cluster.folder}")
    os.kill(watchdog, signal.SIGKILL)
    child.process.kill()
    child.process.wait()
    assert alive(cluster.postmaster)  # left over, as after a power cut of the test machine
    assert cluster.folder in sweep_leftovers()  # what every start does first
    assert wait_until_gone(cluster) == []
