"""Managers' questions give the same answers on SQLite and PostgreSQL, through either
reader, and the same as a brute-force reading of every task."""

from __future__ import annotations

from datetime import date
from typing import Any

from benchmarks.synthetic import Shape, populate
from models.db import make_engine
from models.periods import parse_period
from models.queries import (
    TaskFilter,
    due_soon,
    find_code,
    list_tasks,
    overdue,
    subtree,
    unit_summaries,
)
from models.sqlread import DbApiReader, Reader, SqlAlchemyReader
from models.status import TaskStatus

SHAPE = Shape(tasks=3_000, open_tasks=400, people=120, units=30, years=3, seed=7)
DAYS = [date(2024, 6, 14), date(2024, 3, 1), date(2023, 12, 29)]


def ask(reader: Reader) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    branch = find_code(reader, "unit", "U0002")
    assert branch is not None
    scope = subtree(reader, branch)
    for day in DAYS:
        for name, f in {
            "all": TaskFilter(limit=40),
            "30 days": TaskFilter(limit=40, min_days_overdue=30),
            "unit": TaskFilter(limit=40, unit_ids=scope),
            "person": TaskFilter(limit=40, person_id=5),
            "page 2": TaskFilter(limit=25, offset=25),
            "past the end": TaskFilter(limit=25, offset=5_000),
        }.items():
            page = overdue(reader, f, day)
            answers[f"overdue {name} {day}"] = (page.total, [(r.id, r.status) for r in page.rows])
        soon = due_soon(reader, TaskFilter(limit=40), day, 14)
        answers[f"due soon {day}"] = (soon.total, [r.id for r in soon.rows])
        for period in ("2024-H1", "2023", "2024-Q2"):
            answers[f"units {period} {day}"] = [
                (u.code, u.depth, sorted(u.counts.items()))
                for u in unit_summaries(reader, parse_period(period), day)
            ]
    return answers


def brute_force(reader: Reader, day: date) -> tuple[list[int], list[int]]:
    """Overdue and due-within-14-days ids, from every task's Python status."""
    rows = list_tasks(reader, TaskFilter(), day)
    late = sorted(
        (r for r in rows if r.status.status is TaskStatus.OVERDUE), key=lambda r: (r.due_on, r.id)
    )
    soon = sorted(
        (
            r
            for r in rows
            if r.status.status is TaskStatus.IN_PROGRESS and (r.status.days_left or 0) <= 14
        ),
        key=lambda r: (r.due_on, r.id),
    )
    return [r.id for r in late], [r.id for r in soon]


def test_same_answers_on_both_backends_and_readers(sqlite_url: str, postgres_url: str) -> None:
    results = []
    for url in (sqlite_url, postgres_url):
        engine = make_engine(url)
        populate(engine, SHAPE)
        with engine.connect() as connection:
            results.append(ask(SqlAlchemyReader(connection)))
            for day in DAYS:
                late, soon = brute_force(SqlAlchemyReader(connection), day)
                assert results[-1][f"overdue all {day}"][0] == len(late)
                assert [i for i, _ in results[-1][f"overdue all {day}"][1]] == late[:40]
                assert [i for i, _ in results[-1][f"overdue page 2 {day}"][1]] == late[25:50]
                assert results[-1][f"overdue past the end {day}"] == (len(late), [])
                assert results[-1][f"due soon {day}"] == (len(soon), soon[:40])
        engine.dispose()
        bare = DbApiReader(url)
        try:
            results.append(ask(bare))
        finally:
            bare.close()
    assert results[0] == results[1] == results[2] == results[3]
    assert results[0][f"overdue all {DAYS[0]}"][0] > 100  # the data exercises the queries


def test_unit_summaries_roll_up_and_rates(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    populate(engine, SHAPE)
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        summaries = unit_summaries(reader, parse_period("2023"), date(2024, 6, 14))
        in_period = "due_on >= '2023-01-01' AND due_on <= '2023-12-31'"
        total = reader.fetch(f"SELECT count(*) FROM task WHERE {in_period}", {})[0][0]
        cancelled = reader.fetch(
            f"SELECT count(*) FROM task WHERE {in_period} AND cancelled_on IS NOT NULL", {}
        )[0][0]
    engine.dispose()
    root = summaries[0]
    assert (root.code, root.depth) == ("U0001", 0)
    assert root.total == total > 0  # every task rolls up to the root
    assert root.counts[TaskStatus.CANCELLED] == cancelled > 0
    done = root.counts[TaskStatus.DONE_ON_TIME] + root.counts[TaskStatus.DONE_LATE]
    assert root.on_time_rate == root.counts[TaskStatus.DONE_ON_TIME] / done
    assert root.overdue_share == root.counts[TaskStatus.OVERDUE] / (total - cancelled)
