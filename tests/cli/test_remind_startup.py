"""A temporary Prefect server that does not start in time: a short localized message
(exit 3), never a traceback, and no usage-data notice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_server_start_up_time_out_is_a_clear_message(sqlite_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env |= {
        "DONDOC_DATABASE_URL": sqlite_url,
        "DONDOC_HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        # No server starts in a second here: the path a loaded machine takes at 300 s.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dondoc"), "remind", "run", "--as-of", "2024-03-22"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 3, output
    assert "Máy chủ Prefect tạm thời không khởi động kịp trong 1 giây" in done.stderr
    assert "Traceback" not in output and "usage data" not in output
