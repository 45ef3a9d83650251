"""One whole reminder run in a fresh interpreter, timed step by step (for bench_reminders).

Plan, claim, read the claims back and render (``build_digests``, whatever renderer the
pipeline has), send to the SMTP server on loopback and record every outcome: the same
functions ``run_once`` calls. It prints one JSON line: each step's seconds, what was
sent, and the process's own peak memory (``ru_maxrss``: a fresh process, so the figure
is this run's and not the parent's, which built the synthetic data).

    python -m benchmarks.reminder_run DATABASE_URL SMTP_URL AS_OF [--processes N]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import uuid
from datetime import UTC, date, datetime

from models.db import make_engine
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.pipeline import build_digests, claim, plan, send_and_record


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("smtp_url")
    parser.add_argument("as_of", type=date.fromisoformat)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    config = NotifyConfig(
        channels={"email": args.smtp_url},
        tracking_office="U0001",
        concurrency=args.concurrency,
        send_processes=args.processes,
    )
    token, now = str(uuid.uuid4()), datetime.now(UTC)
    steps: dict[str, float] = {}
    start = mark = time.perf_counter()

    peaks: dict[str, float] = {}  # the process's peak memory (MB) once each step is done

    def step(name: str) -> None:
        nonlocal mark
        steps[name] = time.perf_counter() - mark
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        mark = time.perf_counter()

    planned = plan(engine, args.as_of, config)
    step("plan")
    claim(engine, planned, token, now, config)
    step("claim")
    reminders = len(planned.reminders)
    del planned  # as in the flow, where planning and claiming are a task of their own
    rows = ledger.claimed_by(engine, token)
    step("read_claims")
    claimed = len(rows)
    digests, settled = build_digests(engine, rows, args.as_of, config)
    del rows  # as ``pipeline.deliver``, which holds no claimed rows while sending
    step("render")
    report = send_and_record(engine, token, digests, settled, args.as_of, now, config)
    step("send_and_record")
    steps["total"] = time.perf_counter() - start
    engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "steps": steps,
                "reminders": reminders,
                "claimed": claimed,
                "digests": len(digests),
                "sent": report.sent,
                "failed": report.failed,
                "peak_mb": peak_kb / 1024,
                "peak_mb_after": peaks,
            }
        )
    )


if __name__ == "__main__":
    main()
