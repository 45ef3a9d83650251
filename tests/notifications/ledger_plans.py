"""Helpers for the tests that pin how the ledger's statements are planned, on both
backends: claim rows for a person, catch the statements a call sends, read the plan a
statement gets (the indexes it reads and the planner's own words), put PostgreSQL's
statistics out of step with the ledger, and find the scans a plan repeats in a loop."""

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

from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.planner import Reminder


def claim_items(
    engine: sa.Engine, person: int, items: range, token: str, at: datetime
) -> list[int]:
    """Claim a "due" reminder per task id in ``items`` for ``person``: the claimed row ids."""
    day = at.date()
    reminders = [
        Reminder(person, "email", "mai@example.org", ItemKind.TASK, i, StageName.DUE, day, day, 0)
        for i in items
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


@contextmanager
def driver_statements() -> Iterator[list[tuple[str, Any]]]:
    """Every (statement, parameters) any psycopg cursor of this process executes meanwhile,
    from any engine or thread (an executemany's first parameters). The ledger reads and
    copies through the driver's own cursor, which SQLAlchemy's events never see."""
    import psycopg

    sent: list[tuple[str, Any]] = []
    cursor = psycopg.Cursor
    execute, executemany = cursor.execute, cursor.executemany

    def spy_execute(self: Any, query: Any, params: Any = None, **kw: Any) -> Any:
        sent.append((str(query), params))
        return execute(self, query, params, **kw)

    def spy_executemany(self: Any, query: Any, params_seq: Any, **kw: Any) -> Any:
        params_seq = list(params_seq)
        sent.append((str(query), params_seq[0] if params_seq else None))
        return executemany(self, query, params_seq, **kw)

    cursor.execute, cursor.executemany = spy_execute, spy_executemany  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        cursor.execute, cursor.executemany = execute, executemany  # type: ignore[method-assign]


def statistics_say_empty(engine: sa.Engine) -> None:
    """PostgreSQL: the ledger keeps its rows while its statistics say it is empty, as after
    a benchmark's (or a retention job's) mass delete, analysed, then a large day's claims:
    autovacuum off for it, the rows set aside, ``ANALYZE`` of the empty table, rows back."""
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run("ALTER TABLE delivery_log SET (autovacuum_enabled = false)")
        run("CREATE TEMPORARY TABLE kept ON COMMIT DROP AS SELECT * FROM delivery_log")
        run("DELETE FROM delivery_log")
        run("ANALYZE delivery_log")  # the rows deleted by this transaction count as dead
        run("INSERT INTO delivery_log SELECT * FROM kept")
        pages, rows = run(
            "SELECT relpages, reltuples FROM pg_class WHERE oid = 'delivery_log'::regclass"
        ).one()
        assert rows == 0 < pages, (pages, rows)


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


_SCANS = {"Seq Scan", "Function Scan", "Values Scan", "CTE Scan", "WorkTable Scan", "Sample Scan"}
_INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


def looped_full_scans(plan: Any, looped: bool = False) -> list[str]:
    """The scans a PostgreSQL plan (``EXPLAIN (FORMAT JSON)``'s top node) repeats in a loop
    without an index condition: a whole table, index or set read again for every row of
    another (the inner side of a nested loop, or a subplan run per row). Each is quadratic
    in the sizes it joins, whatever the estimates said."""
    kind = plan["Node Type"]
    found = []
    if looped and (kind in _SCANS or (kind in _INDEX_SCANS and "Index Cond" not in plan)):
        target = plan.get("Relation Name") or plan.get("Index Name") or plan.get("Function Name")
        found.append(f"{kind} on {target}")
    for child in plan.get("Plans", []):
        relation = child.get("Parent Relationship")
        per_row = (kind == "Nested Loop" and relation == "Inner") or (
            relation == "SubPlan" and not child.get("Subplan Name", "").startswith("hashed")
        )
        found += looped_full_scans(child, looped or per_row)
    return found


def is_ledger_statement(statement: str) -> bool:
    """A statement PostgreSQL can explain that reads or writes the delivery log."""
    words = statement.lstrip().split(None, 1)
    verb = words[0].upper() if words else ""
    return "delivery_log" in statement and verb in {"SELECT", "UPDATE", "INSERT", "DELETE", "WITH"}
