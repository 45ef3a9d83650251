"""Reliability under load: 10 consecutive `dondoc remind run` beside CPU-bound neighbours.

Each run is the real command (a fresh process, the demo committee, reminders written to
a local outbox). Two ways are measured:
- no server running: each run starts Prefect's temporary server (start-up limit raised);
- `dondoc serve` running for the same home: runs use its server, none is started.
Prints the exit code and wall time of every run, the failures and the medians.

    .venv/bin/python -m benchmarks.bench_remind_cli [--runs 10] [--neighbours 2] [--no-serve]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.peers import free_port

BIN = Path(sys.executable).parent
AS_OF = "2024-07-15"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    outbox = home / "outbox"
    return env | {
        "DONDOC_HOME": str(home),
        "DONDOC_CHANNEL_EMAIL": f"outbox://localhost{outbox}/email?to={{address}}",
        "DONDOC_CHANNEL_TELEGRAM": f"outbox://localhost{outbox}/telegram?to={{address}}",
        "DONDOC_CHANNEL_SLACK": f"outbox://localhost{outbox}/slack?to={{address}}",
    }


def _runs(env: dict[str, str], count: int, label: str) -> list[float]:
    times: list[float] = []
    failures = 0
    for i in range(count):
        start = time.perf_counter()
        done = subprocess.run(
            [str(BIN / "dondoc"), "remind", "run", "--as-of", AS_OF, "--at", f"{AS_OF}T07:30"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        times.append(seconds)
        failures += done.returncode != 0
        notice = " usage-data notice!" if "usage data" in done.stdout + done.stderr else ""
        tail = "" if done.returncode == 0 else " " + (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {label} run {i + 1:2d}: exit {done.returncode}  {seconds:6.1f} s{notice}{tail}")
    print(
        f"  {label}: {count - failures}/{count} succeeded, median {statistics.median(times):.1f} s"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--neighbours", type=int, default=2, help="CPU-bound processes")
    parser.add_argument("--no-serve", action="store_true")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="dondoc-bench-cli-"))
    env = _env(home)
    subprocess.run([str(BIN / "dondoc"), "demo", "load"], env=env, check=True, capture_output=True)
    spin = "while True: pass"
    neighbours = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(args.neighbours)]
    print(f"{args.runs} x `dondoc remind run` beside {args.neighbours} CPU-bound process(es)")
    try:
        cold = _runs(env, args.runs, "temporary server")
        if not args.no_serve:
            port = free_port()
            serve = subprocess.Popen(
                [str(BIN / "dondoc"), "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            state = home / "prefect" / "serve.json"
            started = time.perf_counter()
            while not state.exists() and serve.poll() is None:
                time.sleep(1)
            print(f"  dondoc serve ready after {time.perf_counter() - started:.1f} s")
            try:
                warm = _runs(env, args.runs, "with dondoc serve")
            finally:
                serve.terminate()
                serve.wait(timeout=120)
            ratio = statistics.median(cold) / statistics.median(warm)
            print(f"median ratio temporary server / dondoc serve: {ratio:.1f}x")
    finally:
        for process in neighbours:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
