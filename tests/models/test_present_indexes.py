"""A lookup by a mostly empty column reads its index after ``ANALYZE`` (migration 0023).

Few tasks have a parent, many documents no meeting, and most co-owners are units. Indexed
with their empty rows, SQLite's statistics said one value matched the whole table, and it
read the table instead (the task page's sub-task lookup: 107 ms at a million tasks).
The plans are read for the statements the tracker runs, after the statistics are taken.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select, text
from sqlalchemy.engine import Engine
from sqlmodel import select

from benchmarks.synthetic import Shape, populate
from models.meetings import Document
from models.tasks import Task, TaskCoOwner

# Nothing has a parent, a meeting, or a co-owning person: each column entirely empty.
SHAPE = Shape(tasks=3_000, open_tasks=500, people=80, units=20, years=3, seed=11)

LOOKUPS: dict[str, Select[Any]] = {
    # A task's sub-tasks (``models.timeline``): every task page.
    "ix_task_parent_id": select(Task).where(Task.parent_id == 7),
    # A meeting's documents.
    "ix_document_meeting_id": select(Document).where(Document.meeting_id == 7),
    # A person's co-owned tasks (``models.person_leaving``).
    "ix_task_co_owner_person_id": select(TaskCoOwner.task_id).where(TaskCoOwner.person_id == 7),
}


@pytest.fixture
def analysed(engine: Engine) -> Engine:
    populate(engine, SHAPE)  # ends with ANALYZE
    return engine


@pytest.mark.parametrize("index", sorted(LOOKUPS))
def test_a_lookup_by_value_reads_the_index(analysed: Engine, index: str) -> None:
    statement = LOOKUPS[index].compile(analysed, compile_kwargs={"literal_binds": True})
    explain = "EXPLAIN QUERY PLAN" if analysed.dialect.name == "sqlite" else "EXPLAIN"
    with analysed.connect() as connection:
        if analysed.dialect.name == "postgresql":
            # Its tables here are small enough to read whole: ask whether the index can
            # serve the lookup at all (a partial index only serves what implies its rows).
            connection.exec_driver_sql("SET enable_seqscan = off")
        plan = " ".join(str(row[-1]) for row in connection.execute(text(f"{explain} {statement}")))
    assert index in plan, plan
