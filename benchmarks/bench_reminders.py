"""Benchmark: planning reminders for 100,000 open tasks, delivering 5,000 digests.

Prints medians and ratios against the same work done the plain way:
- planning vs the plain SQL it cannot avoid (reading the open tasks and co-owners);
- concurrent delivery vs one Apprise message at a time, to a real SMTP server on loopback.

    .venv/bin/python -m benchmarks.bench_reminders [--open-tasks 100000] [--people 5000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from benchmarks.synthetic import Shape, populate
from models.db import make_engine
from models.migrate import upgrade
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.pipeline import build_digests, claim, plan
from notifications.sender import Message, send_all
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
    parser.add_argument("--digests", type=int, default=5_000)
    parser.add_argument("--sequential-sample", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    shape = Shape(tasks=args.open_tasks, open_tasks=args.open_tasks, people=args.people)
    start = time.perf_counter()
    populate(engine, shape)
    print(
        f"data: {args.open_tasks} open tasks, {args.people} people ({time.perf_counter() - start:.1f} s to load)"
    )

    # The SMTP server runs in its own process: it is not our code, and in-process it
    # would compete with the sender for the interpreter lock.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.smtp_sink_process", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    smtp = SmtpSink(port)
    try:
        config = NotifyConfig(
            channels={"email": smtp.url()}, tracking_office="U0001", concurrency=args.concurrency
        )

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
            f"median {t_plan * 1000:.0f} ms; plain SQL read {t_plain * 1000:.0f} ms; ratio {t_plan / t_plain:.1f}x"
        )

        now = datetime.now(UTC)
        token = str(uuid.uuid4())
        t0 = time.perf_counter()
        claim(engine, planned, token, now, config)
        t_claim = time.perf_counter() - t0
        t0 = time.perf_counter()
        digests, _ = build_digests(engine, ledger.claimed_by(engine, token), shape.as_of, config)
        t_render = time.perf_counter() - t0
        print(
            f"claim: {t_claim * 1000:.0f} ms; render {len(digests)} digests: {t_render * 1000:.0f} ms"
        )

        messages = [Message(d.url or "", d.rendered.subject, d.rendered.html) for d in digests][
            : args.digests
        ]
        redactor = config.redactor()
        sample = messages[: args.sequential_sample]
        sequential_rate = plain_apprise_rate(sample)
        t0 = time.perf_counter()
        outcomes = send_all(
            messages, concurrency=args.concurrency, redactor=redactor, processes=args.processes
        )
        elapsed = time.perf_counter() - t0
        ok = sum(o.ok for o in outcomes)
        rate = ok / elapsed
        print(
            f"delivery: {ok} digests in {elapsed:.1f} s = {rate:.0f} msg/s ({args.processes} processes, {args.concurrency} threads); "
            f"plain Apprise one at a time {sequential_rate:.0f} msg/s ({len(sample)} sent); ratio {rate / sequential_rate:.1f}x"
        )
    finally:
        server.terminate()
        received = int(server.communicate(timeout=30)[0].strip().splitlines()[-1])
    assert received == ok + len(sample), (received, ok, len(sample))
    print(f"SMTP server received {received} messages (all sent, none lost)")
    with engine.connect() as c:
        print(
            "delivery_log rows:", c.execute(sa.text("SELECT count(*) FROM delivery_log")).scalar()
        )
    engine.dispose()


if __name__ == "__main__":
    main()
