"""Import every file of the hostile corpus through the real ``dondoc`` CLI, measuring each.

Run in its own process by tests/cli/test_hostile_input.py, so a regression that hangs
or eats memory is killed by the parent's timeout instead of taking the suite down.
Prints one JSON line per file: exit code, output, Python heap peak (tracemalloc) and
seconds; then the process's peak resident size.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc

from typer.testing import CliRunner

from cli.app import app


def main() -> None:
    manifest = json.loads(sys.argv[1])
    runner = CliRunner()
    # Warm up: import every module an import can touch, so the peaks below are the files'.
    for command, path in manifest[:2]:
        runner.invoke(app, ["import", command, path])
    warm_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    for command, path in manifest:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        result = runner.invoke(app, ["import", command, path])
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] - before
        print(
            json.dumps(
                {
                    "path": path,
                    "exit": result.exit_code,
                    "output": result.output,
                    "exception": repr(result.exception) if result.exit_code not in (0, 2) else "",
                    "peak": peak,
                    "seconds": seconds,
                }
            ),
            flush=True,
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"maxrss_kib": peak_kib, "warm_kib": warm_kib}))


if __name__ == "__main__":
    main()
