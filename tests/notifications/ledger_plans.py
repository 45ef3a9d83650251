"""Helpers for the tests that pin how the ledger's statements are planned, on both
backends: claim rows for a person, catch the statements a call sends, and read the plan
a statement gets (the indexes it reads and the planner's own words)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from notifications import ledger
from notifications.planner import Reminder


def claim_items(
    engine: sa.Engine, person: int, items: range, token: str, at: datetime
) -> list[int]:
    """Claim a "due" reminder per task id in ``items`` for ``person``: the claimed row ids."""
    day = at.date()
    reminders = [
        Reminder(person, "email", "mai@example.org", "task", i, "due", day, day, 0) for i in items
    ]
    assert ledger.claim_new(engine, reminders, token, at) == len(items)
    return [row.id for row in ledger.claimed_by(engine, token)]


@contextmanager
def statements_sent(engine: sa.Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every (statement, parameters) the engine sends meanwhile (an executemany's first)."""
    sent: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        statement, parameters, many = args[2], args[3], args[5]
        sent.append((statement, parameters[0] if many else parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


@dataclass(frozen=True)
class QueryPlan:
    indexes: set[str]  # every index the plan reads
    detail: str  # SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's JSON plan


def _pg_indexes(node: Any) -> set[str]:
    found = {node["Index Name"]} if "Index Name" in node else set()
    for child in node.get("Plans", []):
        found |= _pg_indexes(child)
    return found


def plan_of(
    engine: sa.Engine, statement: str, parameters: Any, *, seqscan: bool = True
) -> QueryPlan:
    """How the database would run ``statement``. ``seqscan=False``: PostgreSQL is told to
    avoid sequential scans, which it prefers on a test's tiny tables whatever the indexes."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            if not seqscan:
                connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(
                f"EXPLAIN (FORMAT JSON) {statement}", parameters
            ).scalar_one()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return QueryPlan(_pg_indexes(plan[0]["Plan"]), json.dumps(plan))
        steps = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        detail = " | ".join(str(row[-1]) for row in steps)
        return QueryPlan(set(re.findall(r"USING (?:COVERING )?INDEX (\w+)", detail)), detail)
