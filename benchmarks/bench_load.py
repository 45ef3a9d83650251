"""Benchmark: the web under a busy morning (locust), on the million-task history.

Starts ``dondoc web --workers N --proxied`` on the benchmark database as its own process
group, gives each of ``--users`` simulated people (members with open tasks, one in ten a
unit's manager) a one-time sign-in link, and runs ``benchmarks/locustfile.py`` headless
against it: sign in, home, task list, task page, progress POST. Prints p50/p95/p99 per
request and overall, and the error count. Targets: p95 ≤ 200 ms, 0 errors.

Then checks that a limit counts across the workers: one client address opening refused
sign-in links is answered 429 after exactly the limit's count, whichever worker answers.

    .venv/bin/python -m benchmarks.bench_load [--postgres] [--users 200] [--workers 4]
        [--duration 120] [--tasks 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.bench_web import chosen_database
from benchmarks.synthetic import Shape
from models.sqlread import DbApiReader
from models.tokens import SIGNIN, mint
from tests.peers import free_port
from web.limits import TOKEN_REFUSED

SECRET = "bench-load-secret"
TARGET_P95_MS = 200.0
BIN = Path(sys.executable).parent


@contextmanager
def web_server(url: str, home: Path, out: Path, workers: int) -> Iterator[str]:
    """``dondoc web`` in its own process group; stopped (the whole group) on exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DONDOC_HOME": str(home),
        "DONDOC_DATABASE_URL": url,
        "DONDOC_WEB_SECRET": SECRET,
        "DONDOC_WEB_URL": base,
    }
    command = [str(BIN / "dondoc"), "web", "--port", str(port), "--workers", str(workers)]
    log = (out / "web.log").open("wb")
    server = subprocess.Popen(
        [*command, "--proxied"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180  # a busy machine imports slowly
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the web server did not start: see {out / 'web.log'}")
            time.sleep(0.5)
        time.sleep(2 * workers)  # every worker up, not only the first to answer
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def people(url: str, count: int) -> list[dict[str, object]]:
    """Members leading an open task (and one in ten, managers of a unit with open tasks),
    each with a sign-in link, a task and an address of their own."""
    reader = DbApiReader(url)
    try:
        open_task = "t.completed_on IS NULL AND t.cancelled_on IS NULL"
        members = reader.fetch(
            "SELECT p.id, min(t.id) FROM person p JOIN task t ON t.lead_person_id = p.id"
            f" WHERE {open_task} AND NOT EXISTS (SELECT 1 FROM unit u WHERE u.manager_id = p.id)"
            " GROUP BY p.id ORDER BY p.id LIMIT :n",
            {"n": count - count // 10},
        )
        managers = reader.fetch(
            "SELECT u.manager_id, min(t.id) FROM unit u JOIN task t ON t.lead_unit_id = u.id"
            f" WHERE u.manager_id IS NOT NULL AND {open_task}"
            " GROUP BY u.manager_id ORDER BY u.manager_id LIMIT :n",
            {"n": count // 10},
        )
    finally:
        reader.close()
    chosen = [*members, *managers]
    return [
        {
            "token": mint(SECRET, SIGNIN, int(person)),
            "task": int(task),
            "address": f"10.{1 + n // 65536}.{n // 256 % 256}.{n % 256}",
        }
        for n, (person, task) in enumerate(chosen)
    ]


def run_locust(base: str, people_file: Path, args: argparse.Namespace, out: Path) -> Path:
    users, duration = args.users, args.duration
    prefix = out / "load"
    command = [
        str(BIN / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--only-summary",
        "--host",
        base,
        "-u",
        str(users),
        "-r",
        str(max(1, users // 20)),  # everyone arrives within 20 s
        "-t",
        f"{duration}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
    ]
    env = {**os.environ, "DONDOC_LOAD_PEOPLE": str(people_file), "DONDOC_LOAD_THINK": args.think}
    with (out / "locust.log").open("wb") as log:
        subprocess.run(command, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    return prefix.with_name("load_stats.csv")


def limit_across_workers(base: str) -> int:
    """How many refused sign-in links one address opens before the 429 (an address of
    its own each run: the database keeps the limits of earlier runs for their window)."""
    address = f"10.250.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    for attempt in range(1, TOKEN_REFUSED.limit + 10):
        request = urllib.request.Request(
            f"{base}/login/not-a-token-{attempt}", headers={"X-Forwarded-For": address}
        )
        try:
            with urllib.request.urlopen(request, timeout=120):
                pass
        except urllib.error.HTTPError as refused:
            if refused.code == 429:
                return attempt - 1
    return TOKEN_REFUSED.limit + 10


def report(stats: Path, args: argparse.Namespace, backend: str) -> None:
    rows = list(csv.DictReader(stats.open()))
    think = args.think.replace(",", "-")
    print(
        f"backend: {backend}; {args.users} users, {think} s between clicks;"
        f" {args.workers} workers; {args.duration} s"
    )
    print(f"{'request':28} {'count':>7} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        print(
            f"{name:28} {row['Request Count']:>7} {row['Failure Count']:>6}"
            f" {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = rows[-1]
    print(f"throughput: {float(total['Requests/s']):.1f} requests/s")
    p95, errors = float(total["95%"]), int(total["Failure Count"])
    verdict = "ok" if p95 <= TARGET_P95_MS and errors == 0 else "MISSED"
    print(f"target p95 ≤ {TARGET_P95_MS:.0f} ms and 0 errors: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=200)
    # Two per core: a worker's threads take turns at one interpreter lock, and a page's
    # dozen database round trips each waited for it behind another page's rendering.
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--think", default="5,25", help="seconds between a person's clicks")
    parser.add_argument("--out", help="where locust's figures go (default var/bench/load-…)")
    parser.add_argument("--url", help="an existing database already populated (e.g. PostgreSQL)")
    parser.add_argument("--path", type=Path, help="an existing SQLite file (a copy)")
    args = parser.parse_args()
    shape = Shape(tasks=args.tasks, open_tasks=args.open_tasks, history=True)
    backend = "postgresql" if args.postgres or (args.url or "").startswith("postgres") else "sqlite"
    out = Path(args.out or f"var/bench/load-{backend}-{args.workers}w").resolve()
    out.mkdir(parents=True, exist_ok=True)  # locust's CSV and log, the server's log
    with chosen_database(shape, args) as url, tempfile.TemporaryDirectory() as home:
        people_file = out / "people.json"
        people_file.write_text(json.dumps(people(url, args.users)))
        with web_server(url, Path(home), out, args.workers) as base:
            stats = run_locust(base, people_file, args, out)
            report(stats, args, backend)
            time.sleep(10)  # the last queued requests answered: the probe measures the limit
            refused = limit_across_workers(base)
        print(
            f"refused sign-in links from one address before the 429: {refused}"
            f" (limit {TOKEN_REFUSED.limit}, counted in the database across {args.workers} workers)"
        )


if __name__ == "__main__":
    main()
