"""A person's plain task list, read a page at a time from the owner indexes in deadline
order (``models.queries._reach_page_sql``), on both backends: the co-owners' copies of
the deadline follow their tasks (``models.co_owner_copies``), and every page of every
kind of reach equals the tasks a plain reading of the whole history puts there."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import queries
from models.lifecycle import extend_deadline, set_co_owners
from models.org import Person, Unit
from models.queries import Reach, TaskFilter, list_tasks
from models.status import TaskStatus
from models.tasks import Task
from tests.builders import ident, random_history, reader
from tests.reach_truth import calls_of, tasks_within

# After every extension's decision: the list's deadlines are today's (as a member reads it).
TODAY = date(2025, 6, 1)


def _stale_copies(session: Session) -> list[tuple[int, date | None, date | None]]:
    rows = session.connection().execute(
        text(
            "SELECT c.id, c.due_on, t.due_on FROM task_co_owner c JOIN task t ON t.id = c.task_id"
            " WHERE c.due_on IS NULL AND t.due_on IS NOT NULL"
            " OR c.due_on IS NOT NULL AND t.due_on IS NULL OR c.due_on <> t.due_on"
        )
    )
    return [tuple(row) for row in rows]


def _expected(session: Session, reach: Reach) -> list[int]:
    """Every task within ``reach``, dated by deadline then id, standing ones after by id."""
    within = tasks_within(session, reach)
    dated = sorted((t for t in within if t.due_on is not None), key=lambda t: (t.due_on, t.id))
    standing = sorted(ident(t) for t in within if t.due_on is None)
    return [ident(t) for t in dated] + standing


def test_reach_pages_equal_a_plain_reading(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    pages_read = calls_of(monkeypatch, queries, "_reach_page_sql")
    rng = random.Random(11)
    with Session(engine) as session:
        units, people = random_history(
            session, rng, people=12, tasks=260, issued_on=date(2023, 1, 2),
            first_due=date(2023, 3, 1), due_days=400, extended_from=date(2023, 3, 1),
        )  # fmt: skip
        tasks = list(session.exec(select(Task).order_by(Task.id)))  # type: ignore[arg-type]
        owners: list[Unit | Person] = [*units, *people]
        for task in tasks:  # co-owners on about half the tasks, one to three each
            if rng.random() < 0.5:
                set_co_owners(session, task, rng.sample(owners, rng.randint(1, 3)), "t")
        session.commit()
        assert _stale_copies(session) == []  # each copy taken when written
        boss = people[0]
        still_open = [t for t in tasks if t.due_on and not t.completed_on and not t.cancelled_on]
        for task in rng.sample(still_open, 30):
            assert task.due_on is not None
            later = task.due_on + timedelta(days=rng.randrange(1, 120))
            extend_deadline(session, task, later, "more", boss, date(2024, 12, 1), "t")
        session.commit()
        assert _stale_copies(session) == []  # and moved with the task's new deadline
        r = reader(session)
        reaches = [
            Reach(unit_ids=[ident(units[1])]),
            Reach(unit_ids=[ident(units[2])], person_id=ident(people[3])),
            Reach(person_id=ident(people[5])),
            Reach(unit_ids=[ident(units[3])], people_of_unit_ids=[ident(units[3])]),
            Reach(unit_ids=[ident(units[1]), ident(units[4])], person_id=ident(people[2])),
        ]
        checked = 0
        for reach in reaches:
            expected = _expected(session, reach)
            assert len(expected) > 20, reach
            for limit in (7, 25):
                for offset in range(0, len(expected) + limit, limit):
                    f = TaskFilter(reach=reach, limit=limit, offset=offset)
                    page = [row.id for row in list_tasks(r, f, TODAY)]
                    assert page == expected[offset : offset + limit], (reach, limit, offset)
                    checked += len(page)
        assert checked > 500
        # Any other filter reads the plain way: a status asked gets that status only.
        for reach in reaches:
            found: set[int] = set()
            for status in TaskStatus:
                f = TaskFilter(reach=reach, statuses=[status], limit=25)
                rows = list_tasks(r, f, TODAY)
                assert all(row.status.status is status for row in rows), (reach, status)
                found |= {row.id for row in rows}
            assert found <= set(_expected(session, reach)) and found, reach
        assert len(pages_read) > 50  # read from the owner indexes, not the plain way
        standing = {ident(t) for t in tasks if t.due_on is None}
        assert any(standing & set(_expected(session, reach)) for reach in reaches)
