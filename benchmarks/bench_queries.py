"""Benchmark: the managers' questions on a million-task history.

Times each question through the product's own code (the bare-connection reader the
command line uses) and the same question asked in plain SQL on the same database,
printing medians and the ratio; then the command line end to end (process start to
exit) and its peak memory.

    .venv/bin/python -m benchmarks.bench_queries [--database-url URL] [--tasks 1000000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.synthetic import Shape, populate
from models.db import make_engine
from models.migrate import upgrade
from models.periods import parse_period
from models.queries import TaskFilter, due_soon, find_code, overdue, subtree, unit_summaries
from models.sqlread import DbApiReader

ROWS = (
    "SELECT t.id, d.kind, d.number, t.title, COALESCE(lu.code, lp.code), t.due_on FROM task t"
    " JOIN document d ON d.id = t.document_id LEFT JOIN unit lu ON lu.id = t.lead_unit_id"
    " LEFT JOIN person lp ON lp.id = t.lead_person_id"
)
OPEN = "(t.completed_on IS NULL OR t.completed_on > :as_of) AND (t.cancelled_on IS NULL OR t.cancelled_on > :as_of)"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # warm the cache: we measure queries, not the disk
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _loaded(url: str, shape: Shape) -> bool:
    """Whether ``url`` already holds this shape's tasks (a database kept between runs)."""
    reader = DbApiReader(url)
    try:
        return bool(reader.fetch("SELECT count(*) FROM task", {})[0][0] == shape.tasks)
    except Exception:  # no schema yet
        return False
    finally:
        reader.close()


def prepare(url: str | None, shape: Shape) -> str:
    if url is None:
        path = Path(tempfile.gettempdir()) / f"dondoc-bench-{shape.tasks}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            if _loaded(url, shape):
                print(f"data: reusing {path}")
                return url
            path.unlink()
    elif _loaded(url, shape):
        print("data: reusing the database's tasks")
        return url
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    populate(engine, shape)
    engine.dispose()
    print(
        f"data: {shape.tasks} tasks ({shape.open_tasks} open), {shape.people} people, {shape.units} units, "
        f"{shape.years} years; loaded in {time.perf_counter() - start:.0f} s"
    )
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL cluster")
    args = parser.parse_args()
    shape = Shape(tasks=args.tasks, open_tasks=args.open_tasks)
    if args.postgres:
        from tests.pg_cluster import throwaway_cluster

        with throwaway_cluster() as admin:
            bench(prepare(admin, shape), shape, args.repeat)
        return
    bench(prepare(args.database_url, shape), shape, args.repeat)


def bench(url: str, shape: Shape, repeat: int) -> None:
    as_of = shape.as_of
    reader = DbApiReader(url)
    print(f"backend: {reader.dialect}; as of {as_of}")
    unit = find_code(reader, "unit", "U0003")
    assert unit is not None
    scope = subtree(reader, unit)

    def plain(sql: str, params: dict[str, Any]) -> Callable[[], object]:
        return lambda: reader.fetch(sql, params)

    units_in = ", ".join(str(u) for u in scope)
    by_unit = (
        f"(t.lead_unit_id IN ({units_in}) OR EXISTS (SELECT 1 FROM task_co_owner c "
        f"WHERE c.task_id = t.id AND c.unit_id IN ({units_in})))"
    )
    p = {"as_of": as_of, "soon": as_of + timedelta(days=7)}
    q1 = parse_period("2024-Q1")
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "overdue (first 100 + count)",
            lambda: overdue(reader, TaskFilter(limit=100), as_of),
            lambda: (
                plain(
                    f"{ROWS} WHERE {OPEN} AND t.due_on < :as_of ORDER BY t.due_on, t.id LIMIT 100",
                    p,
                )(),
                plain(f"SELECT count(*) FROM task t WHERE {OPEN} AND t.due_on < :as_of", p)(),
            ),
        ),
        (
            "overdue in one unit's subtree",
            lambda: overdue(reader, TaskFilter(limit=100, unit_ids=scope), as_of),
            lambda: (
                plain(
                    f"{ROWS} WHERE {OPEN} AND t.due_on < :as_of AND {by_unit} ORDER BY t.due_on, t.id LIMIT 100",
                    p,
                )(),
                plain(
                    f"SELECT count(*) FROM task t WHERE {OPEN} AND t.due_on < :as_of AND {by_unit}",
                    p,
                )(),
            ),
        ),
        (
            "overdue 30+ days, a year ago",
            lambda: overdue(
                reader, TaskFilter(limit=100, min_days_overdue=30), as_of - timedelta(days=365)
            ),
            lambda: (
                plain(
                    f"{ROWS} WHERE {OPEN} AND t.due_on <= :late ORDER BY t.due_on, t.id LIMIT 100",
                    {"as_of": as_of - timedelta(days=365), "late": as_of - timedelta(days=395)},
                )(),
                plain(
                    f"SELECT count(*) FROM task t WHERE {OPEN} AND t.due_on <= :late",
                    {"as_of": as_of - timedelta(days=365), "late": as_of - timedelta(days=395)},
                )(),
            ),
        ),
        (
            "due within 7 days",
            lambda: due_soon(reader, TaskFilter(limit=100), as_of, 7),
            lambda: (
                plain(
                    f"{ROWS} WHERE {OPEN} AND t.due_on >= :as_of AND t.due_on <= :soon ORDER BY t.due_on, t.id LIMIT 100",
                    p,
                )(),
                plain(
                    f"SELECT count(*) FROM task t WHERE {OPEN} AND t.due_on >= :as_of AND t.due_on <= :soon",
                    p,
                )(),
            ),
        ),
        (
            "unit summary 2024-Q1 (all units)",
            lambda: unit_summaries(reader, q1, date(2024, 3, 31)),
            plain(
                "SELECT COALESCE(t.lead_unit_id, pp.unit_id), count(*), sum(CASE WHEN t.completed_on <= t.due_on THEN 1 ELSE 0 END)"
                " FROM task t LEFT JOIN person pp ON pp.id = t.lead_person_id"
                " WHERE t.due_on >= :s AND t.due_on <= :e GROUP BY 1",
                {"s": q1.start, "e": q1.end},
            ),
        ),
    ]
    print(f"{'question':36} {'product':>10} {'plain SQL':>10} {'ratio':>7}")
    for name, product, baseline in cases:
        ours, theirs = median_ms(product, repeat), median_ms(baseline, repeat)
        print(f"{name:36} {ours:8.1f}ms {theirs:8.1f}ms {ours / theirs:6.2f}x")
    page = overdue(reader, TaskFilter(limit=100), as_of)
    print(f"(overdue as of {as_of}: {page.total} tasks)")
    reader.close()

    env = {**os.environ, "DONDOC_DATABASE_URL": url}
    command = [
        str(Path(sys.executable).parent / "dondoc"),
        "report",
        "overdue",
        "--as-of",
        as_of.isoformat(),
        "--format",
        "json",
    ]
    # Peak memory through /usr/bin/time: a child forked straight from this process would
    # inherit its high-water mark (a million generated rows), not show its own.
    walls, peaks = [], []
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                ["/usr/bin/time", "-o", report.name, "-f", "%M", *command],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            walls.append(time.perf_counter() - start)
            peaks.append(int(Path(report.name).read_text().split()[-1]))
    peak_mb = max(peaks) / 1024
    print(
        f"CLI `dondoc report overdue` end to end: median {statistics.median(walls):.2f} s "
        f"(min {min(walls):.2f}, max {max(walls):.2f}); peak memory {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
