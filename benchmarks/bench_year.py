"""Benchmark: a year unattended, compressed in time (issue #29, retention).

10,000 open tasks (synthetic committee, 1,000 people), then every day of a year: the
tasks that fell due three weeks ago are mostly completed, as many new ones are created
(so about 10,000 stay open), the morning run plans, claims, sends to an SMTP server on
loopback in its own process and records; once a month the delivery log is compacted
(``notifications.compaction``, ``--keep-days``). Printed each month: the database size,
the delivery log's rows, the month's median run time and the rows compaction removed;
at the end the ratio of the last month's median run to the first month's (a run must
not slow down as the log grows) and the size with and without compaction.

    .venv/bin/python -m benchmarks.bench_year [--postgres] [--days 365] [--open-tasks 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from benchmarks.synthetic import Shape, populate
from models.base import table_of
from models.calendar import default_calendar
from models.db import make_engine
from models.migrate import upgrade
from models.tasks import Task
from notifications.compaction import compact
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.peers import SmtpSink, free_port

TZ = "Asia/Ho_Chi_Minh"


def size_bytes(engine: Engine, path: Path | None) -> int:
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with engine.connect() as c:
        return int(c.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())


def log_rows(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.exec_driver_sql("SELECT count(*) FROM delivery_log").scalar_one())


def turn_over(engine: Engine, day: date, rng: random.Random, next_id: int) -> int:
    """Tasks due three weeks ago are done (nine in ten); as many new ones are created,
    due one to four months ahead. Returns the next free task id."""
    t = table_of(Task)
    with engine.begin() as c:
        ids = list(
            c.execute(
                sa.select(t.c.id).where(
                    t.c.due_on == day - timedelta(days=21),
                    t.c.completed_on.is_(None),
                    t.c.cancelled_on.is_(None),
                )
            ).scalars()
        )
        done = [i for i in ids if rng.random() < 0.9]
        if done:
            c.execute(t.update().where(t.c.id.in_(done)).values(completed_on=day))
        template = c.execute(sa.select(t).where(t.c.id == 1)).mappings().one()
        fresh = []
        for n in range(len(done)):
            due = day + timedelta(days=rng.randint(30, 120))
            row = dict(template) | {
                "id": next_id + n, "ref": f"y{next_id + n}", "title": f"Task {next_id + n}",
                "due_on": due, "original_due_on": due, "completed_on": None,
                "cancelled_on": None, "progress": 0,
            }  # fmt: skip
            fresh.append(row)
        if fresh:
            c.execute(t.insert(), fresh)
    return next_id + len(done)


def year(url: str, path: Path | None, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    shape = Shape(tasks=args.open_tasks * 3, open_tasks=args.open_tasks, people=1_000, units=60)
    populate(engine, shape)
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-m", "benchmarks.smtp_sink_process", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    config = NotifyConfig(channels={"email": SmtpSink(port).url()}, tracking_office="U0001")
    calendar = default_calendar()
    rng = random.Random(365)
    next_id = shape.tasks + 1
    month: list[float] = []
    medians: list[float] = []
    removed = sent = 0
    print(f"backend: {engine.dialect.name}; {args.open_tasks} open tasks; {args.days} days")
    print("day  | size MB | log rows | median run (working days) | removed by compaction")
    try:
        for n in range(args.days):
            day = shape.as_of + timedelta(days=n)
            next_id = turn_over(engine, day, rng, next_id)
            at = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 07:30 there
            start = time.perf_counter()
            report = run_once(engine, day, at, config, calendar, TZ)
            if report.held is None:  # weekends and holidays are held: no run to time
                month.append(time.perf_counter() - start)
            sent += report.sent
            if ((n + 1) % 30 == 0 or n + 1 == args.days) and month:
                gone = compact(engine, at, args.keep_days)
                removed += gone
                medians.append(statistics.median(month))
                print(
                    f"{n + 1:4d} | {size_bytes(engine, path) / 1e6:7.1f} | {log_rows(engine):8d}"
                    f" | {medians[-1] * 1000:8.0f} ms | {gone}"
                )
                month = []
    finally:
        sink.terminate()
        sink.wait(timeout=60)
        engine.dispose()
    print(
        f"sent {sent} messages; compaction removed {removed} rows;"
        f" last month's median run / first month's: {medians[-1] / medians[0]:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--open-tasks", type=int, default=10_000)
    parser.add_argument("--keep-days", type=int, default=30)
    args = parser.parse_args()
    if args.postgres:
        from tests.pg_cluster import throwaway_cluster

        with throwaway_cluster() as admin:
            year(admin, None, args)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "year.sqlite3"
        year(f"sqlite:///{path}", path, args)


if __name__ == "__main__":
    main()
