"""Benchmark: a whole morning's reminder run for 100,000 open tasks and 5,000 people.

Prints medians and ratios against the same work done the plain way:
- planning vs the plain SQL it cannot avoid (reading the open tasks and co-owners);
- the full run (plan, claim, render, send to an SMTP server on loopback in its own
  process, record) in a fresh process, step by step, with its peak memory; the claim
  against the floor (the same rows ``executemany``'d into a bare table with one unique
  key), delivery against one Apprise message at a time, the whole run against the plain
  way's sum (plain read + claim floor + one message at a time);
- a re-run the same day (everything claimed already: nothing to send);
- on PostgreSQL, the same day again (a dry run, a re-run) with statistics saying the full
  ledger is empty, as autovacuum may leave them after a reset, then with fresh ones.

    .venv/bin/python -m benchmarks.bench_reminders [--postgres] [--open-tasks 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from benchmarks.synthetic import Shape, populate
from models.db import make_engine
from models.migrate import upgrade
from notifications.config import NotifyConfig
from notifications.pipeline import plan, preview
from notifications.planner import Plan, idempotency_keys
from notifications.sender import Message
from tests.notifications.ledger_plans import statistics_say_empty
from tests.peers import SmtpSink, free_port


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


PLAIN_SENDER = """
import json, sys, time
import apprise
messages = json.load(sys.stdin)
start = time.perf_counter()
for url, title, body in messages:
    client = apprise.Apprise()
    client.add(url)
    assert client.notify(body=body, title=title, body_format=apprise.NotifyFormat.HTML)
print(len(messages) / (time.perf_counter() - start))
"""


def plain_apprise_rate(messages: list[Message]) -> float:
    """The plain way: stock Apprise in a fresh interpreter, one message at a time."""
    payload = json.dumps([[m.url, m.title, m.body] for m in messages])
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PLAIN_SENDER],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--sequential-sample", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="planning timings")
    parser.add_argument("--runs", type=int, default=3, help="full runs (each then re-run)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL cluster")
    args = parser.parse_args()
    if args.postgres:
        from tests.pg_cluster import throwaway_cluster

        with throwaway_cluster() as admin:
            bench(admin, args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-"))
    bench(args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}", args)


def claim_floor(engine: Engine, planned: Plan, now: datetime) -> float:
    """The plain way to claim: the same rows into a bare table with one unique text key,
    one ``executemany ... ON CONFLICT DO NOTHING`` in one transaction."""
    mark = "%s" if engine.dialect.name == "postgresql" else "?"
    rows = [
        (key, r.recipient_id, r.channel, r.address, r.item_kind, r.item_id, r.stage,
         r.occurrence.isoformat(), "claimed", now.isoformat())
        for key, r in zip(idempotency_keys(planned.reminders), planned.reminders, strict=True)
    ]  # fmt: skip
    with engine.begin() as c:
        c.exec_driver_sql(
            "CREATE TABLE claim_floor (key VARCHAR(64) UNIQUE, recipient_id INTEGER,"
            " channel VARCHAR(32), address VARCHAR(320), item_kind VARCHAR(20), item_id INTEGER,"
            " stage VARCHAR(40), occurrence VARCHAR(40), status VARCHAR(32), claimed_at TEXT)"
        )
    start = time.perf_counter()
    with engine.begin() as c:
        c.exec_driver_sql(
            f"INSERT INTO claim_floor VALUES ({', '.join([mark] * 10)}) ON CONFLICT DO NOTHING",
            rows,
        )
    elapsed = time.perf_counter() - start
    with engine.begin() as c:
        c.exec_driver_sql("DROP TABLE claim_floor")
    return elapsed


def empty_ledger(engine: Engine) -> None:
    """Each first run finds the ledger as the first one did: empty. On PostgreSQL the
    deleted rows are vacuumed away too; left as dead tuples, the next claim re-inserts
    the very same keys and checks each against its dead twin in the unique index, which
    no morning run meets (a day's keys are new)."""
    with engine.begin() as c:
        c.exec_driver_sql("DELETE FROM delivery_log")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM delivery_log")


# Digests carry what they carry in production: links to pages and signed one-click actions.
WEB = {"DONDOC_WEB_URL": "https://dondoc.example.vn", "DONDOC_WEB_SECRET": "bench-" + "x" * 40}


def child_run(url: str, smtp_url: str, as_of: date, args: argparse.Namespace) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable, "-W", "ignore", "-m", "benchmarks.reminder_run", url, smtp_url,
            as_of.isoformat(), "--concurrency", str(args.concurrency),
            "--processes", str(args.processes),
        ],
        capture_output=True, text=True, check=True, env={**os.environ, **WEB, "PYTHONPATH": os.getcwd()},
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench(url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    shape = Shape(tasks=args.open_tasks, open_tasks=args.open_tasks, people=args.people)
    start = time.perf_counter()
    populate(engine, shape)
    print(
        f"backend: {engine.dialect.name}; data: {args.open_tasks} open tasks, {args.people} people"
        f" ({time.perf_counter() - start:.1f} s to load)"
    )
    # The SMTP server runs in its own process: it is not our code, and in-process it
    # would compete with the sender for the interpreter lock.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-m", "benchmarks.smtp_sink_process", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    smtp = SmtpSink(port)
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="U0001")
    sent = 0
    try:

        def plain() -> None:
            with engine.connect() as c:
                c.exec_driver_sql(
                    "SELECT id, lead_unit_id, lead_person_id, due_on FROM task "
                    "WHERE due_on IS NOT NULL AND completed_on IS NULL AND cancelled_on IS NULL"
                ).all()
                c.exec_driver_sql("SELECT task_id, unit_id, person_id FROM task_co_owner").all()

        planned = plan(engine, shape.as_of, config)
        recipients = len({r.recipient_id for r in planned.reminders})
        t_plan = median_seconds(lambda: plan(engine, shape.as_of, config), args.repeat)
        t_plain = median_seconds(plain, args.repeat)
        print(
            f"planning: {len(planned.reminders)} reminders for {recipients} recipients: "
            f"median {t_plan * 1000:.0f} ms; plain SQL read {t_plain * 1000:.0f} ms;"
            f" ratio {t_plan / t_plain:.1f}x"
        )
        t_floor = claim_floor(engine, planned, datetime.now(UTC))
        sample = [
            Message(d.url or "", d.rendered.subject, d.rendered.html)
            for d in preview(
                engine, Plan(shape.as_of, planned.reminders[:3000]), shape.as_of, config
            )
        ][: args.sequential_sample]
        sequential_rate = plain_apprise_rate(sample)
        sent += len(sample)
        del planned

        firsts, reruns = [], []
        for _ in range(args.runs):
            empty_ledger(engine)
            firsts.append(child_run(url, smtp.url(), shape.as_of, args))
            reruns.append(child_run(url, smtp.url(), shape.as_of, args))
            sent += firsts[-1]["sent"] + reruns[-1]["sent"]
            assert reruns[-1]["claimed"] == 0 and reruns[-1]["sent"] == 0, reruns[-1]
        report(firsts, reruns, t_plain, t_floor, sequential_rate)
        if engine.dialect.name == "postgresql":
            stale_statistics(engine, url, smtp.url(), shape.as_of, config, args)
    finally:
        server.terminate()
        received = int(server.communicate(timeout=60)[0].strip().splitlines()[-1])
    assert received == sent, (received, sent)
    print(f"SMTP server received {received} messages (all sent, none lost, none twice)")
    engine.dispose()


def same_day_again(
    engine: Engine,
    url: str,
    smtp_url: str,
    as_of: date,
    config: NotifyConfig,
    args: argparse.Namespace,
) -> tuple[float, float]:
    """Seconds of a same-day dry run (plan and preview, here) and re-run (a fresh process)."""
    start = time.perf_counter()
    assert not preview(engine, plan(engine, as_of, config), as_of, config)
    dry = time.perf_counter() - start
    real = child_run(url, smtp_url, as_of, args)
    assert real["claimed"] == 0 and real["sent"] == 0, real
    return dry, float(real["steps"]["total"])


def stale_statistics(
    engine: Engine,
    url: str,
    smtp_url: str,
    as_of: date,
    config: NotifyConfig,
    args: argparse.Namespace,
) -> None:
    """The same day again with PostgreSQL's statistics saying the full ledger is empty (as
    autovacuum may leave them after a reset like ``empty_ledger``), then fresh ones."""
    statistics_say_empty(engine)
    stale = same_day_again(engine, url, smtp_url, as_of, config, args)
    with engine.begin() as c:
        c.exec_driver_sql("ALTER TABLE delivery_log RESET (autovacuum_enabled)")
        c.exec_driver_sql("ANALYZE delivery_log")
    fresh = same_day_again(engine, url, smtp_url, as_of, config, args)
    print(
        "same day again, statistics saying the ledger is empty: dry run"
        f" {stale[0] * 1000:.0f} ms, re-run {stale[1] * 1000:.0f} ms; with fresh statistics:"
        f" {fresh[0] * 1000:.0f} ms, {fresh[1] * 1000:.0f} ms"
    )


def report(
    firsts: list[dict[str, Any]],
    reruns: list[dict[str, Any]],
    t_plain: float,
    t_floor: float,
    sequential_rate: float,
) -> None:
    first = firsts[0]
    print(
        f"full run ({len(firsts)} runs, fresh process each): {first['reminders']} reminders,"
        f" {first['digests']} digests, {first['sent']} sent, {first['failed']} failed"
    )

    def med(runs: list[dict[str, Any]], step: str) -> float:
        return float(statistics.median(r["steps"][step] for r in runs))

    for step in ("plan", "claim", "read_claims", "render", "send_and_record", "total"):
        each = " / ".join(f"{r['steps'][step] * 1000:.0f}" for r in firsts)
        print(f"  {step:16} median {med(firsts, step) * 1000:8.0f} ms  (runs: {each})")
    rate = first["digests"] / med(firsts, "send_and_record")
    plain_total = t_plain + t_floor + first["digests"] / sequential_rate
    print(
        f"  claim vs floor (bare executemany, one unique key) {t_floor * 1000:.0f} ms:"
        f" {med(firsts, 'claim') / t_floor:.1f}x"
    )
    print(
        f"  delivery {rate:.0f} msg/s vs plain Apprise one at a time {sequential_rate:.0f} msg/s:"
        f" {rate / sequential_rate:.1f}x"
    )
    print(
        f"  whole run {med(firsts, 'total'):.1f} s vs the plain way's sum {plain_total:.1f} s:"
        f" {med(firsts, 'total') / plain_total:.2f}x;"
        f" peak memory {max(r['peak_mb'] for r in firsts):.0f} MB"
    )
    print(
        f"re-run the same day (all claimed, nothing sent): median {med(reruns, 'total') * 1000:.0f}"
        f" ms (plan {med(reruns, 'plan') * 1000:.0f}, claim {med(reruns, 'claim') * 1000:.0f});"
        f" vs plain SQL read {t_plain * 1000:.0f} ms: {med(reruns, 'total') / t_plain:.1f}x;"
        f" peak memory {max(r['peak_mb'] for r in reruns):.0f} MB"
    )


if __name__ == "__main__":
    main()
