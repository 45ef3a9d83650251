"""`dondoc health` without a Prefect server: an answer at once, no temporary server,
no Prefect import, no usage-data notice. (With a server: tests/flows/test_serve_one_machine.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_health_without_a_server_does_not_start_one(sqlite_url: str, tmp_path: Path) -> None:
    probe = (
        "import sys; from typer.testing import CliRunner; from cli.app import app;"
        "r = CliRunner().invoke(app, ['--lang', 'en', 'health']);"
        "print(r.output); print('prefect imported:', 'prefect' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env |= {"DONDOC_DATABASE_URL": sqlite_url, "DONDOC_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
    )
    assert "prefect: no Prefect server configured" in out.stdout
    assert "prefect imported: False" in out.stdout
    assert "usage data" not in out.stdout + out.stderr
