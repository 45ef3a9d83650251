"""Recording an outcome finds its rows by id, whatever the statistics say about statuses.

A log of yesterday's sent rows tells the planner hardly any row is claimed; a plan that
then fetched "every claimed row" through the status index would read all of a morning's
claims for each outcome (on PostgreSQL it did: a quarter of a million rows per message).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from notifications import ledger
from notifications.planner import Reminder
from tests.notifications.conftest import build_committee

DAY = date(2024, 3, 22)
NOW = datetime(2024, 3, 22, 0, 30, tzinfo=UTC)


def _claim(engine: sa.Engine, person: int, items: range, token: str) -> list[int]:
    reminders = [
        Reminder(person, "email", "mai@example.org", "task", i, "due", DAY, DAY, 0) for i in items
    ]
    assert ledger.claim_new(engine, reminders, token, NOW) == len(items)
    return [row.id for row in ledger.claimed_by(engine, token)]


def _indexes(plan: Any) -> set[str]:
    """Every index a PostgreSQL JSON plan reads."""
    found = {plan["Index Name"]} if "Index Name" in plan else set()
    for child in plan.get("Plans", []):
        found |= _indexes(child)
    return found


def test_an_outcome_is_recorded_by_row_id_when_the_statistics_say_nothing_is_claimed(
    engine: sa.Engine,
) -> None:
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    yesterday = str(uuid.uuid4())
    sent = _claim(engine, person, range(1500), yesterday)
    outcomes = [ledger.Result(tuple(sent[i : i + 50]), True, "s") for i in range(0, 1500, 50)]
    assert ledger.record(engine, yesterday, outcomes, NOW) == 1500
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE delivery_log")  # statistics: nothing claimed
    token = str(uuid.uuid4())
    claimed = _claim(engine, person, range(1500, 3000), token)

    sent_sql: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        statement, parameters, many = args[2], args[3], args[5]
        sent_sql.append((statement, parameters[0] if many else parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        assert (
            ledger.record(engine, token, [ledger.Result(tuple(claimed[:3]), True, "s")], NOW) == 3
        )
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    (statement, parameters), *_ = [s for s in sent_sql if s[0].lstrip().startswith("UPDATE")]
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            plan = connection.exec_driver_sql(
                f"EXPLAIN (FORMAT JSON) {statement}", parameters
            ).scalar_one()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            assert _indexes(plan[0]["Plan"]) == {"pk_delivery_log"}
        else:
            steps = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            detail = " | ".join(str(row[-1]) for row in steps)
            assert "delivery_log USING INTEGER PRIMARY KEY" in detail, detail
            assert "ix_delivery_log" not in detail, detail
