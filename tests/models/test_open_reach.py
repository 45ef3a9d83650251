"""A reach's open tasks read from the owners' partial indexes of open tasks
(``models.queries._open_reach_sql``: a manager's home page), on both backends: the
co-owners' copy of "open" follows their tasks through completion, cancellation, reopening
and restoring (``models.co_owner_copies``), and the overdue and due-soon lists of every
kind of reach, narrow or wide, equal a plain reading of the whole history."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import queries
from models.lifecycle import (
    cancel_task,
    complete_task,
    create_task,
    reopen_task,
    restore_task,
    set_co_owners,
)
from models.meetings import Document
from models.org import Person, Unit
from models.queries import Reach, TaskFilter, overdue_and_due_soon
from models.tasks import DeadlineExtension, Task
from tests.builders import ident, random_history, reader
from tests.reach_truth import calls_of, tasks_within

DAYS = 30


def _stale_copies(session: Session) -> list[Any]:
    open_now = "(t.completed_on IS NULL AND t.cancelled_on IS NULL)"
    differs = "IS DISTINCT FROM" if session.connection().dialect.name == "postgresql" else "IS NOT"
    rows = session.connection().execute(
        text(
            "SELECT c.id, c.task_open FROM task_co_owner c JOIN task t ON t.id = c.task_id"
            f" WHERE c.task_open {differs} {open_now}"
        )
    )
    return [tuple(row) for row in rows]


def _expected(session: Session, reach: Reach, as_of: date) -> tuple[list[int], list[int]]:
    """(overdue, due soon) within ``reach`` on ``as_of``, by deadline then id, read plainly."""
    chosen = sorted(
        (t.due_on, ident(t))
        for t in tasks_within(session, reach)
        if t.due_on is not None
        and t.due_on <= as_of + timedelta(days=DAYS)
        and (t.completed_on is None or t.completed_on > as_of)
        and (t.cancelled_on is None or t.cancelled_on > as_of)
    )
    return [i for due, i in chosen if due < as_of], [i for due, i in chosen if due >= as_of]


def test_open_reach_lists_equal_a_plain_reading(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = calls_of(monkeypatch, queries, "_open_reach_sql")
    rng = random.Random(29)
    with Session(engine) as session:
        units, people = random_history(
            session, rng, people=14, tasks=300, issued_on=date(2024, 1, 2),
            first_due=date(2024, 3, 1), due_days=420, extended_from=date(2024, 3, 1),
        )  # fmt: skip
        # The lists below are asked after the last extension's approval: the deadlines in
        # force then are today's (before it, the plain path reads them from the history).
        approvals = select(func.max(DeadlineExtension.approved_on))
        last: date = session.exec(approvals).one()
        owners: list[Unit | Person] = [*units, *people]
        document = session.exec(select(Document)).first()
        assert document is not None
        for n in range(80):  # and some due around those days
            create_task(
                session, document=document, ref=f"late-{n}", title="t", actor="t",
                lead=rng.choice(owners), due_on=last + timedelta(days=rng.randrange(-20, 70)),
            )  # fmt: skip
        tasks = list(session.exec(select(Task).order_by(Task.id)))  # type: ignore[arg-type]
        for task in tasks:
            if rng.random() < 0.5:
                set_co_owners(session, task, rng.sample(owners, rng.randint(1, 3)), "t")
        session.commit()
        assert _stale_copies(session) == []  # each copy taken when written
        # Closed, and opened again, after the co-owners were written.
        day = last + timedelta(days=20)
        still_open = [t for t in tasks if t.due_on and not t.completed_on and not t.cancelled_on]
        for n, task in enumerate(rng.sample(still_open, 60)):
            if n % 2:
                complete_task(session, task, day, "t", today=day)
            else:
                cancel_task(session, task, day, "dropped", "t")
        session.commit()
        assert _stale_copies(session) == []
        closed = [t for t in tasks if t.completed_on or t.cancelled_on]
        for task in rng.sample(closed, 40):
            if task.completed_on is not None:
                reopen_task(session, task, "t", "not done")
            else:
                assert task.cancelled_on is not None
                restore_task(session, task, "t", "needed", on=max(day, task.cancelled_on))
        session.commit()
        assert _stale_copies(session) == []  # and moved with their tasks
        r = reader(session)
        every_unit = [ident(u) for u in units]
        reaches = [
            Reach(unit_ids=[ident(units[1])]),
            Reach(unit_ids=[ident(units[2])], person_id=ident(people[3])),
            Reach(person_id=ident(people[5])),
            Reach(unit_ids=[ident(units[3])], people_of_unit_ids=[ident(units[3])]),
            # Wider than a person's few units: what a manager of a subtree answers for.
            Reach(unit_ids=every_unit[1:], person_id=ident(people[2]), people_of_unit_ids=every_unit[1:]),
            Reach(unit_ids=every_unit, people_of_unit_ids=every_unit),
        ]  # fmt: skip
        checked = 0
        # Asked on days before the closings (open then, closed since) and after them.
        for as_of in (last, day - timedelta(days=5), day, day + timedelta(days=30)):
            for reach in reaches:
                late, soon = _expected(session, reach, as_of)
                for limit, offset in ((20, 0), (7, 7)):
                    f = TaskFilter(reach=reach, limit=limit, offset=offset)
                    got_late, got_soon = overdue_and_due_soon(r, f, as_of, DAYS)
                    assert got_late.total == len(late), (reach, as_of)
                    assert got_soon.total == len(soon), (reach, as_of)
                    assert [row.id for row in got_late.rows] == late[offset : offset + limit]
                    assert [row.id for row in got_soon.rows] == soon[offset : offset + limit]
                    checked += len(got_late.rows) + len(got_soon.rows)
        assert checked > 400
        assert len(read) == 4 * len(reaches) * 2  # every one read from the open indexes
