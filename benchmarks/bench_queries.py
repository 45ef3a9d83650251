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
from models.queries import (
    Page,
    TaskFilter,
    due_soon,
    find_code,
    overdue,
    subtree,
    unit_summaries,
)
from models.sqlread import DbApiReader
from models.status import TaskStatus

Answer = Any  # what a question returns, compared between the product and the plain way

# The plain way answers with what the product answers: the same columns, the same rows
# (checked before timing), co-owners read for the page in one more query.
ROWS = """SELECT t.id, d.kind, d.number, d.issuing_body, d.issued_on, d.title, t.ref, t.title,
 t.description, COALESCE(lu.code, lp.code), COALESCE(lu.name, lp.full_name), t.start_on,
 t.original_due_on, t.due_on, t.progress, t.completed_on, t.completion_note, t.cancelled_on,
 t.cancel_reason FROM task t JOIN document d ON d.id = t.document_id
 LEFT JOIN unit lu ON lu.id = t.lead_unit_id LEFT JOIN person lp ON lp.id = t.lead_person_id"""
CO_OWNERS = (
    "SELECT c.task_id, COALESCE(u.code, p.code), COALESCE(u.name, p.full_name)"
    " FROM task_co_owner c LEFT JOIN unit u ON u.id = c.unit_id"
    " LEFT JOIN person p ON p.id = c.person_id WHERE c.task_id IN ({ids}) ORDER BY c.task_id, c.id"
)
# Open on the date: neither completed nor cancelled by then. The synthetic history has
# no deadline extensions, so ``due_on`` is the deadline in force on every date (the
# product still checks for extensions approved later, as it must).
OPEN = "(t.completed_on IS NULL OR t.completed_on > :as_of) AND (t.cancelled_on IS NULL OR t.cancelled_on > :as_of)"
# Per lead unit (or a leading person's unit), the tasks due in the period by status on
# the date: the rule written out by hand, one sum per status (no roll-up to parents,
# which the product adds).
STILL = "(t.cancelled_on IS NULL OR t.cancelled_on > :as_of)"
DONE = f"{STILL} AND t.completed_on <= :as_of"
LIVE = f"{STILL} AND (t.completed_on IS NULL OR t.completed_on > :as_of)"
UNITS = f"""SELECT COALESCE(t.lead_unit_id, lp.unit_id),
 sum(CASE WHEN t.cancelled_on <= :as_of THEN 1 ELSE 0 END),
 sum(CASE WHEN {DONE} AND t.completed_on <= t.due_on THEN 1 ELSE 0 END),
 sum(CASE WHEN {DONE} AND t.completed_on > t.due_on THEN 1 ELSE 0 END),
 sum(CASE WHEN {LIVE} AND t.due_on >= :as_of THEN 1 ELSE 0 END),
 sum(CASE WHEN {LIVE} AND t.due_on < :as_of THEN 1 ELSE 0 END)
 FROM task t LEFT JOIN person lp ON lp.id = t.lead_person_id
 WHERE t.due_on >= :s AND t.due_on <= :e GROUP BY 1"""
UNIT_STATUSES = ("cancelled", "done_on_time", "done_late", "in_progress", "overdue")


def paired_medians(
    product: Callable[[], object], plain: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median milliseconds of each, run in turns so both see the same machine load."""
    product(), plain()  # warm the cache: we measure queries, not the disk
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for work, times in ((product, ours), (plain, theirs)):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
    return statistics.median(ours) * 1000, statistics.median(theirs) * 1000


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

    def plain_page(where: str, params: dict[str, Any]) -> Callable[[], Answer]:
        """The plain way: a page of rows, its co-owners, the count."""

        def ask() -> Answer:
            rows = reader.fetch(f"{ROWS} WHERE {where} ORDER BY t.due_on, t.id LIMIT 100", params)
            ids = [r[0] for r in rows]
            if ids:
                reader.fetch(CO_OWNERS.format(ids=", ".join(map(str, ids))), {})
            count = reader.fetch(f"SELECT count(*) FROM task t WHERE {where}", params)[0][0]
            return int(count), ids

        return ask

    def listed(work: Callable[[], Page]) -> Callable[[], Answer]:
        def ask() -> Answer:
            found = work()
            return found.total, [row.id for row in found.rows]

        return ask

    units_in = ", ".join(str(u) for u in scope)
    # A unit's tasks: led by a unit of the subtree or by a person belonging to one.
    by_unit = (
        f"(t.lead_unit_id IN ({units_in})"
        f" OR t.lead_person_id IN (SELECT id FROM person WHERE unit_id IN ({units_in})))"
    )
    p = {"as_of": as_of, "soon": as_of + timedelta(days=7)}
    year_ago = {"as_of": as_of - timedelta(days=365), "late": as_of - timedelta(days=395)}
    q1 = parse_period("2024-Q1")
    parents = {int(r[0]): r[1] for r in reader.fetch("SELECT id, parent_id FROM unit", {})}

    def plain_units() -> Answer:
        """Per unit and its subtree (rolled up here, as the product does), by status."""
        totals: dict[int, list[int]] = {}
        params = {"as_of": date(2024, 3, 31), "s": q1.start, "e": q1.end}
        for unit_id, *counts in reader.fetch(UNITS, params):
            while unit_id is not None:
                rolled = totals.setdefault(unit_id, [0] * len(counts))
                for i, n in enumerate(counts):
                    rolled[i] += int(n)
                unit_id = parents[unit_id]
        return sorted((u, tuple(c)) for u, c in totals.items())

    def product_units() -> Answer:
        found = unit_summaries(reader, q1, date(2024, 3, 31))
        return sorted(
            (s.unit_id, tuple(s.counts[TaskStatus(x)] for x in UNIT_STATUSES)) for s in found
        )

    cases: list[tuple[str, Callable[[], Answer], Callable[[], Answer]]] = [
        (
            "overdue (first 100 + count)",
            listed(lambda: overdue(reader, TaskFilter(limit=100), as_of)),
            plain_page(f"{OPEN} AND t.due_on < :as_of", p),
        ),
        (
            "overdue in one unit's subtree",
            listed(lambda: overdue(reader, TaskFilter(limit=100, unit_ids=scope), as_of)),
            plain_page(f"{OPEN} AND t.due_on < :as_of AND {by_unit}", p),
        ),
        (
            "overdue 30+ days, a year ago",
            listed(
                lambda: overdue(
                    reader, TaskFilter(limit=100, min_days_overdue=30), year_ago["as_of"]
                )
            ),
            plain_page(f"{OPEN} AND t.due_on <= :late", year_ago),
        ),
        (
            "due within 7 days",
            listed(lambda: due_soon(reader, TaskFilter(limit=100), as_of, 7)),
            plain_page(f"{OPEN} AND t.due_on >= :as_of AND t.due_on <= :soon", p),
        ),
        ("unit summary 2024-Q1 (all units)", product_units, plain_units),
    ]
    print(f"{'question':36} {'product':>10} {'plain SQL':>10} {'ratio':>7}")
    for name, product, baseline in cases:
        # A fair baseline asks the same question: the same rows (ids, in order) and total.
        assert product() == baseline(), f"{name}: the plain SQL answers another question"
        ours, theirs = paired_medians(product, baseline, repeat)
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
