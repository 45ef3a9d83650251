"""The at-risk badge's reading of each task's latest history entry, planned with its
values (as the tracker's connections plan every statement) and as a prepared statement's
generic plan: by the task's own entries in ``ix_task_event_task_id (task_id, at)``, never
a walk back through the whole history from the moment (``ix_task_event_at``), which cost
17,000 buffers a page on the benchmark's history and grew with it (migration 0021)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import create_engine, text
from sqlmodel import Session

from models import risk
from models.db import make_engine
from models.sqlread import Reader
from tests.builders import random_history, reader

AS_OF = date(2025, 6, 1)


class _Recording:
    """A reader that keeps the statements it runs (and runs them)."""

    def __init__(self, inner: Reader) -> None:
        self.inner, self.dialect = inner, inner.dialect
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def fetch(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        self.seen.append((sql, dict(params)))
        return self.inner.fetch(sql, params)


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _literal(value: Any) -> str:
    if isinstance(value, list):
        return "ARRAY[" + ",".join(str(int(v)) for v in value) + "]::integer[]"
    if isinstance(value, datetime):
        return f"'{value.isoformat()}'::timestamptz"
    assert isinstance(value, date), value
    return f"'{value.isoformat()}'::date"


def test_latest_entries_are_read_by_task_in_a_generic_plan(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    rng = random.Random(3)
    with Session(engine) as session:
        random_history(
            session, rng, people=8, tasks=200, issued_on=date(2024, 1, 2),
            first_due=date(2024, 6, 1), due_days=300, extended_from=date(2024, 6, 1),
        )  # fmt: skip
        # A busy history: many recent entries of a few tasks, before the moment asked.
        session.connection().execute(
            text(
                "INSERT INTO task_event (task_id, at, actor, action, changes)"
                " SELECT (SELECT min(id) FROM task) + g % 5,"
                " TIMESTAMPTZ '2025-05-31 10:00+00' - g * INTERVAL '1 minute', 't',"
                " 'progress', '{}' FROM generate_series(1, 4000) g"
            )
        )
        session.commit()
        session.connection().execute(text("ANALYZE task_event"))
        open_ids = [
            int(i)
            for (i,) in session.connection().execute(
                text("SELECT id FROM task WHERE completed_on IS NULL AND cancelled_on IS NULL")
            )
        ]
        recording = _Recording(reader(session))
        expected = risk.task_risks(recording, AS_OF, open_ids[:40])
        assert len(expected) == 40
        [(sql, params)] = recording.seen
    names: list[str] = []

    def numbered(found: re.Match[str]) -> str:
        if found[1] not in names:
            names.append(found[1])
        return f"${names.index(found[1]) + 1}"

    prepared = re.sub(r"(?<!:):(\w+)", numbered, sql)
    arguments = ", ".join(_literal(params[n]) for n in names)
    literal = re.sub(r"(?<!:):(\w+)", lambda found: _literal(params[found[1]]), sql)
    explain = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
    plans: dict[str, Any] = {}
    # The tracker's own connections plan each statement with its values (``make_engine``:
    # ``force_custom_plan``); a prepared statement's generic plan is checked as well.
    with engine.connect() as c:
        (plans["custom"],) = c.exec_driver_sql(f"{explain} {literal}").one()
        rows = c.exec_driver_sql(literal).all()
    with create_engine(postgres_url).connect() as c:
        c.execute(text("SET plan_cache_mode = force_generic_plan"))
        c.exec_driver_sql(f"PREPARE risk_q AS {prepared}")
        (plans["generic"],) = c.exec_driver_sql(f"{explain} EXECUTE risk_q({arguments})").one()
    for kind, plan in plans.items():
        plan = plan if isinstance(plan, list) else json.loads(plan)
        history = [n for n in _nodes(plan[0]["Plan"]) if n.get("Relation Name") == "task_event"]
        assert history, (kind, plan)
        assert {n.get("Index Name") for n in history} == {"ix_task_event_task_id"}, (kind, history)
        assert all("at <" in n.get("Index Cond", "") for n in history), (kind, history)
        # Each task's entries, not the history: a few blocks a task at most.
        blocks = sum(n["Shared Hit Blocks"] + n["Shared Read Blocks"] for n in history)
        assert blocks < 5 * 40, (kind, blocks)
    # The same answers as the reader's own run.
    assert {int(r[0]) for r in rows} == set(expected)
    engine.dispose()
