"""A stopped ``dondoc remind run`` leaves nothing behind, for real: two commands on
Prefect's temporary server, each in its own process group, one sent SIGTERM while it
is sending (as cron's time-out or ``systemctl stop`` would), one whose whole group is
sent SIGKILL once its server runs. No process of either is left; the stopped run
recorded the send under way, sent nothing more, and left the rest claimed for the lease.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from models.db import make_engine
from tests.notifications.conftest import build_committee
from tests.notifications.faulty_smtp import FaultySmtp
from tests.peers import free_port, serving_smtp

BIN = Path(sys.executable).parent
REMIND = ("remind", "run", "--as-of", "2024-03-22", "--at", "2024-03-22T07:30")
PATIENCE = 900  # a temporary server on a busy 2-core machine has taken 115 s to answer


def _group(pgid: int) -> list[str]:
    """The live processes of a process group (zombies waiting for a parent are dead)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(f"{entry.name} {cmdline}")
    return found


def _wait(check: Callable[[], object], what: str, log: Path) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, f"{what}: {log.read_text()[-3000:]}"
        time.sleep(0.2)


def _remind(
    template: Path, tmp_path: Path, name: str, smtp_url: str
) -> tuple[subprocess.Popen[bytes], Path, str]:
    """A ``dondoc remind run`` on a committee of its own, in a new process group."""
    folder = tmp_path / name
    folder.mkdir()
    shutil.copyfile(template, folder / "db.sqlite3")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    engine = make_engine(url)
    build_committee(engine)
    engine.dispose()
    (folder / "notify.yaml").write_text("concurrency: 1\n")  # one send at a time
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env |= {
        "DONDOC_DATABASE_URL": url,
        "DONDOC_HOME": str(folder / "home"),
        "PREFECT_HOME": str(folder / "prefect"),
        "DONDOC_CHANNEL_EMAIL": smtp_url,
        "DONDOC_TRACKING_OFFICE": "VP",
        "DONDOC_NOTIFY_FILE": str(folder / "notify.yaml"),
    }
    log = folder / "remind.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "dondoc"), *REMIND],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as under cron or systemd
        )
    return process, log, url


def test_a_stopped_run_leaves_no_process_and_its_unsent_claims_to_the_lease(
    tmp_path: Path, sqlite_template: Path
) -> None:
    peer = FaultySmtp(free_port(), delay=3, smtp_mode="plain")  # each reply takes 3 s
    with serving_smtp(peer, peer.port, "plain"):
        stopped, stopped_log, url = _remind(
            sqlite_template, tmp_path, "sigterm", peer.url(timeout=120)
        )
        nowhere = FaultySmtp(free_port()).url()  # killed before it would send anything
        killed, killed_log, _ = _remind(sqlite_template, tmp_path, "sigkill", nowhere)
        try:
            # SIGKILL to the whole group once its temporary server runs.
            _wait(lambda: any("uvicorn" in p for p in _group(killed.pid)), "server", killed_log)
            os.killpg(killed.pid, signal.SIGKILL)
            killed.wait(timeout=PATIENCE)
            # SIGTERM to the command alone while its first message is being sent.
            _wait(lambda: peer.received or stopped.poll() is not None, "sending", stopped_log)
            assert _group(stopped.pid), stopped_log.read_text()[-3000:]  # server included
            stopped.send_signal(signal.SIGTERM)
            assert stopped.wait(timeout=PATIENCE) == 128 + signal.SIGTERM
        finally:
            for process in (stopped, killed):
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
        _wait(lambda: not _group(killed.pid), "the killed group gone", killed_log)
        output = stopped_log.read_text()
        assert _group(stopped.pid) == [], output[-3000:]  # the temporary server stopped too
        assert "Đã dừng theo tín hiệu SIGTERM" in output and "Traceback" not in output
        # The send under way finished and was recorded; no other was started (the
        # office hears that the run crashed).
        reminders = [r for r in peer.received if "deadline-reminders" not in r[1]]
        assert len(reminders) == 1, peer.received
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT status, claim_token IS NOT NULL, attempts FROM delivery_log")
        ).all()
    engine.dispose()
    assert sorted(map(tuple, rows)) == [
        ("claimed", True, 0),
        ("claimed", True, 0),
        ("sent", True, 1),
    ]
