"""What a child process tells the cluster clean-up tests about its throwaway cluster, and
how they tell that no process of it is left."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa


@dataclass(frozen=True)
class Cluster:
    port: int
    postmaster: int  # the server's main process
    data: Path  # its data folder, inside the folder the cluster was made in

    @property
    def folder(self) -> Path:
        return self.data.parent


def report_cluster(url: str, path: str) -> None:
    """Write where the cluster at ``url`` runs to ``path`` (atomically: the reader polls)."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        pid_file = connection.exec_driver_sql("SELECT pg_read_file('postmaster.pid')").scalar_one()
        port = connection.exec_driver_sql("SHOW port").scalar_one()
    engine.dispose()
    postmaster, data = pid_file.splitlines()[:2]
    temporary = Path(f"{path}.tmp")
    temporary.write_text(
        json.dumps({"port": int(port), "postmaster": int(postmaster), "data": data})
    )
    temporary.rename(path)


def read_report(path: Path, child_alive: Callable[[], bool], timeout: float = 180) -> Cluster:
    """The child's report, once written (a fresh cluster starts in seconds; the limit is
    for a machine under load)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert child_alive(), "the child ended before reporting"
        assert time.monotonic() < deadline, "no cluster reported"
        time.sleep(0.05)
    found = json.loads(path.read_text())
    return Cluster(found["port"], found["postmaster"], Path(found["data"]))


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie, dead but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def processes_naming(text: str) -> list[int]:
    """Running processes whose command line holds ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in command and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def accepts_connections(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def left_running(cluster: Cluster) -> list[str]:
    """What of the cluster still runs or remains: empty when it is wholly gone."""
    left = []
    if alive(cluster.postmaster):
        left.append(f"postmaster {cluster.postmaster}")
    left += [
        f"process {pid} naming {cluster.folder}" for pid in processes_naming(str(cluster.folder))
    ]
    if accepts_connections(cluster.port):
        left.append(f"port {cluster.port} open")
    if cluster.folder.exists():
        left.append(f"folder {cluster.folder}")
    return left


def wait_until_gone(cluster: Cluster, timeout: float = 180) -> list[str]:
    """What is left of the cluster once it is gone or ``timeout`` has passed (the watchdog
    stops it moments after its owner dies; the limit is for a machine under load)."""
    deadline = time.monotonic() + timeout
    while (left := left_running(cluster)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
