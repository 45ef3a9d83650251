"""The systemd units of ``deploy/systemd`` pass ``systemd-analyze verify``, pointed at
this checkout instead of ``/opt/dondoc`` (so the commands they start exist), and every
unit starts only commands the tracker has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli.app import app

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_units_verify(tmp_path: Path) -> None:
    names = sorted(p.name for p in UNITS.iterdir() if p.suffix in (".service", ".timer"))
    assert {"dondoc.service", "dondoc-watch.timer", "dondoc-backup.timer"} <= set(names)
    for name in names:
        text = (UNITS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("/opt/dondoc", str(CHECKOUT)), encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_units_start_commands_the_tracker_has() -> None:
    import typer

    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    for unit in UNITS.glob("*.service"):
        for line in unit.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart=/opt/dondoc/.venv/bin/dondoc "):
                assert line.split()[1] in commands, (unit.name, line)
