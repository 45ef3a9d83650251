"""Synthetic organisations and task histories for benchmarks.

A tree of units four levels deep, people with e-mail targets, ten years of documents,
and tasks of which a chosen number are still open; with ``history``, each task's
history as the tracker writes it (created, progress, completed or cancelled: about three
entries a task). Bulk inserts through SQLAlchemy Core in large batches: a
million tasks load in well under a minute on SQLite.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models import co_owner_copies
from models.base import table_of
from models.history import TaskAction, TaskEvent
from models.meetings import Document
from models.org import ContactTarget, Person, Unit
from models.task_tally import drop_tally_triggers, install_tally_triggers, recount_tallies
from models.tasks import Task, TaskCoOwner

BATCH = 20_000


@dataclass(frozen=True)
class Shape:
    tasks: int = 1_000_000
    open_tasks: int = 100_000
    people: int = 5_000
    units: int = 200
    years: int = 10
    as_of: date = date(2024, 6, 14)
    seed: int = 20240129
    # Each task's history: what the task page's timeline and the at-risk badge read. The
    # web's benchmarks ask for it; the others measure queries that never read it.
    history: bool = False


def _insert(engine: Engine, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), BATCH):
            connection.execute(table.insert(), rows[start : start + BATCH])


def populate(engine: Engine, shape: Shape) -> None:
    rng = random.Random(shape.seed)
    now = datetime(2024, 6, 14, tzinfo=UTC)
    stamp = {"created_at": now, "updated_at": now}
    # Units: a tree four levels deep (1 root, ~3%, ~16%, the rest at the bottom).
    sizes = [1, max(1, shape.units * 3 // 100), max(1, shape.units * 16 // 100)]
    sizes.append(max(1, shape.units - sum(sizes)))
    units: list[dict[str, object]] = []
    parents: list[int] = []
    for size in sizes:
        level = []
        for _ in range(size):
            unit_id = len(units) + 1
            units.append(
                {
                    "id": unit_id,
                    "code": f"U{unit_id:04d}",
                    "name": f"Unit {unit_id}",
                    "kind": "committee" if unit_id == 1 else "sub_branch",
                    "parent_id": rng.choice(parents) if parents else None,
                    "manager_id": None,
                    "active": True,
                    **stamp,
                }
            )
            level.append(unit_id)
        parents = level
    unit_ids = [int(u["id"]) for u in units]  # type: ignore[call-overload]
    people = [
        {
            "id": i,
            "code": f"p{i:05d}",
            "full_name": f"Person {i}",
            "unit_id": rng.choice(unit_ids),
            "role": "member",
            "title": None,
            "language": "en" if i % 10 == 0 else "vi",
            "active": True,
            **stamp,
        }
        for i in range(1, shape.people + 1)
    ]
    for unit in units:  # every unit gets a manager
        unit["manager_id"] = rng.randint(1, shape.people)
    contacts = [
        {
            "person_id": p["id"],
            "channel": "email",
            "address": f"{p['code']}@example.org",
            "active": True,
        }
        for p in people
    ]
    documents: list[dict[str, Any]] = []
    per_year = max(1, shape.tasks // (shape.years * 100))
    first_year = shape.as_of.year - shape.years + 1

    def last_day(year: int) -> int:
        """Nothing is issued after the data set's "today"."""
        return min(300, (shape.as_of - date(year, 1, 1)).days - 1)

    for year in range(first_year, shape.as_of.year + 1):
        for n in range(1, per_year + 1):
            documents.append(
                {
                    "id": len(documents) + 1,
                    "kind": rng.choice(["resolution", "directive", "conclusion", "plan"]),
                    "number": f"{n:03d}-NQ/ĐU",
                    "issuing_body": f"Đảng ủy {year}",
                    "issued_on": date(year, 1, 1) + timedelta(days=rng.randint(0, last_day(year))),
                    "title": f"Document {year}/{n}",
                    "summary": None,
                    "meeting_id": None,
                    "issuing_unit_id": None,
                    **stamp,
                }
            )
    recent = [d for d in documents if d["issued_on"] >= shape.as_of - timedelta(days=400)]
    tasks: list[dict[str, Any]] = []
    co_owners: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    told = random.Random(shape.seed + 1)  # its own: the rest is the same with or without
    for i in range(1, shape.tasks + 1):
        is_open = i <= shape.open_tasks
        doc = rng.choice(recent if is_open else documents)
        issued: date = doc["issued_on"]
        if is_open:
            due = shape.as_of + timedelta(days=rng.randint(-120, 60))
            due = max(due, issued)
            completed = None
        else:
            due = issued + timedelta(days=rng.randint(10, 200))
            # ... and nothing was completed after it either.
            completed = min(
                due + timedelta(days=rng.randint(-30, 20)), shape.as_of - timedelta(days=1)
            )
        cancelled = None
        if not is_open and rng.random() < 0.02:  # a few are cancelled instead of done
            cancelled, completed = completed, None
        lead_person = rng.random() < 0.3
        tasks.append(
            {
                "id": i,
                "document_id": doc["id"],
                "ref": str(i),
                "title": f"Task {i}",
                "description": None,
                "lead_unit_id": None if lead_person else rng.choice(unit_ids),
                "lead_person_id": rng.randint(1, shape.people) if lead_person else None,
                "start_on": None,
                "original_due_on": due,
                "due_on": due,
                "progress": 0,
                "completed_on": completed,
                "completion_note": None,
                "cancelled_on": cancelled,
                "cancel_reason": None,
                **stamp,
            }
        )
        owners = rng.sample(unit_ids, rng.choice([0, 1, 1, 2]))
        for unit_id in owners:
            co_owners.append({"task_id": i, "unit_id": unit_id, "person_id": None})
        if shape.history:
            events.extend(_history(told, tasks[-1], owners, shape.as_of, shape.people))
    _insert(engine, table_of(Unit), [{**u, "manager_id": None} for u in units])
    _insert(engine, table_of(Person), people)
    with engine.begin() as connection:
        u = table_of(Unit)
        connection.execute(
            u.update().where(u.c.id == sa.bindparam("uid")).values(manager_id=sa.bindparam("mid")),
            [{"uid": x["id"], "mid": x["manager_id"]} for x in units],
        )
    _insert(engine, table_of(ContactTarget), contacts)
    _insert(engine, table_of(Document), documents)
    # A bulk load counts its tasks once afterwards: the tally triggers would cost about
    # 50 µs a task (most of a minute at a million).
    with engine.begin() as connection:
        drop_tally_triggers(connection)
    _insert(engine, table_of(Task), tasks)
    with engine.begin() as connection:
        recount_tallies(connection)
        install_tally_triggers(connection)
    # The co-owners' copies of the deadline likewise, in one statement afterwards.
    with engine.begin() as connection:
        co_owner_copies.drop(connection)
    _insert(engine, table_of(TaskCoOwner), co_owners)
    with engine.begin() as connection:
        co_owner_copies.copy_all(connection)
        co_owner_copies.install(connection)
    _insert(engine, table_of(TaskEvent), events)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ("unit", "person", "document", "task"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            connection.exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def _history(
    rng: random.Random, task: dict[str, Any], owners: list[int], as_of: date, people: int
) -> list[dict[str, Any]]:
    """The task's history as the lifecycle records it (each entry by a person's code, the
    office's clerk or the lead), every entry before ``as_of``; sets the task's progress
    to the last one recorded."""
    clerk = "p00001"
    created = task["original_due_on"] - timedelta(days=rng.randint(10, 60))
    ends: date | None = task["completed_on"] or task["cancelled_on"]
    last = min(ends or as_of, as_of - timedelta(days=1))
    created = min(created, last)

    def entry(day: date, actor: str, action: TaskAction, changes: dict[str, Any]) -> dict[str, Any]:
        # Created first thing in the morning: anything the same day comes after it.
        hour = 1 if action is TaskAction.CREATED else 2 + rng.randint(0, 8)
        return {
            "task_id": task["id"],
            "at": datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
            "actor": actor,
            "action": action.value,
            "changes": changes,
            "note": None,
        }

    owners_seen = [f"unit:{u}" for u in owners]
    created_changes = {"due_on": [None, task["due_on"].isoformat()], "co_owners": [[], owners_seen]}
    rows = [entry(created, clerk, TaskAction.CREATED, created_changes)]
    lead = task["lead_person_id"] or rng.randint(1, people)  # or one of the unit's people
    actor = f"p{lead:05d}"
    progress = 0
    span = (last - created).days
    # Progress on the days between: none after the task closed.
    between = range(1, span)
    for day in sorted(rng.sample(between, min(len(between), rng.choice([0, 1, 1, 2, 3])))):
        after = min(95, progress + rng.randint(10, 40))
        rows.append(
            entry(
                created + timedelta(days=day),
                actor,
                TaskAction.PROGRESS,
                {"progress": [progress, after]},
            )
        )
        progress = after
    if task["completed_on"] is not None:
        changes = {
            "completed_on": [None, task["completed_on"].isoformat()],
            "progress": [progress, 100],
        }
        rows.append(entry(task["completed_on"], actor, TaskAction.COMPLETED, changes))
        progress = 100
    elif task["cancelled_on"] is not None:
        changes = {"cancelled_on": [None, task["cancelled_on"].isoformat()]}
        rows.append(entry(task["cancelled_on"], clerk, TaskAction.CANCELLED, changes))
    task["progress"] = progress
    return rows
