"""A throwaway PostgreSQL cluster on loopback, from the server binaries on the machine.

PostgreSQL refuses to run as root (and CI runs as root), so as root the cluster is
created and started as the unprivileged ``postgres`` user.

The cluster never outlives the process that started it, however that process ends:
- normally, or on an exception or Ctrl-C (``KeyboardInterrupt``): the context manager
  stops it;
- killed outright (a crash, ``kill -9``, a CI job cancelled): a watchdog process, started
  in its own session so a Ctrl-C to the terminal's process group does not stop it first,
  waits on a pipe only the owner holds; when the owner dies the kernel closes the pipe and
  the watchdog stops the cluster and removes its folder;
- and should both be gone (the machine's power, ``kill -9`` of both): each cluster's
  folder (``dondoc-pg-*`` in the temp directory) names its owner process, and the next
  start stops and removes every cluster whose owner is dead.

Run as a script (``python tests/pg_cluster.py watch FOLDER``), this file is the watchdog.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PREFIX = "dondoc-pg-"
OWNER = "owner"  # in the cluster's folder: "<pid> <start time>" of the process it serves


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: run `make test`, which "
        "installs Debian's postgresql package, or set DONDOC_TEST_POSTGRES_URL"
    )


def _as_server_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), or None if there is none: a
    pid alone may have been reused by another process since."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:  # no /proc here: the pid alone must do
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "?"
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the name may hold spaces


def _owner_alive(workdir: Path) -> bool:
    try:
        pid, started = (workdir / OWNER).read_text().split()
    except (OSError, ValueError):
        return True  # not ours to judge (an older layout, or a folder being made)
    now = _started(int(pid))
    return now is not None and (now == started or "?" in (now, started))


def stop_cluster(workdir: Path) -> None:
    """Stop the cluster in ``workdir`` at once (if it runs) and remove the folder."""
    data = workdir / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            [*_as_server_user(), str(_bin_dir() / "pg_ctl"), "-D", str(data), "-m", "immediate",
             "stop"],
            capture_output=True, check=False, timeout=300,
        )  # fmt: skip
    shutil.rmtree(workdir, ignore_errors=True)


def sweep_leftovers(tmp: str | None = None) -> list[Path]:
    """Stop and remove the clusters whose owner process is dead. Returns their folders."""
    swept = []
    for folder in sorted(Path(tmp or tempfile.gettempdir()).glob(f"{PREFIX}*")):
        if folder.is_dir() and not _owner_alive(folder):
            stop_cluster(folder)
            swept.append(folder)
    return swept


def _watchdog(workdir: Path) -> subprocess.Popen[bytes]:
    """A process that stops the cluster when the pipe to it closes: when this process
    ends, whichever way. Its own session: a Ctrl-C to the terminal does not reach it."""
    return subprocess.Popen(
        [sys.executable, "-S", __file__, "watch", str(workdir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _watch(workdir: Path) -> None:
    with suppress(OSError):
        while sys.stdin.buffer.read(1 << 16):
            pass  # the owner never writes: this returns when it closes the pipe or dies
    stop_cluster(workdir)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a fresh cluster; yield a SQLAlchemy URL of its ``postgres`` database."""
    sweep_leftovers()
    bin_dir = _bin_dir()
    prefix = _as_server_user()
    workdir = Path(tempfile.mkdtemp(prefix=PREFIX))
    (workdir / OWNER).write_text(f"{os.getpid()} {_started(os.getpid())}\n")
    watchdog = _watchdog(workdir)
    try:
        if prefix:
            shutil.chown(workdir, "postgres", "postgres")
        data, log = workdir / "data", workdir / "server.log"
        port = _free_port()

        def run(*args: str) -> None:
            subprocess.run([*prefix, *args], check=True, capture_output=True, cwd=workdir)

        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop_cluster(workdir)
        assert watchdog.stdin is not None
        watchdog.stdin.close()  # its work is done: it finds nothing left and exits
        with suppress(subprocess.TimeoutExpired):
            watchdog.wait(timeout=60)


if __name__ == "__main__" and sys.argv[1:2] == ["watch"]:
    _watch(Path(sys.argv[2]))
