"""The plain reading that the reach queries' shortcuts are checked against, and a spy
that shows a shortcut was taken (``tests/models/test_open_reach.py``,
``tests/models/test_reach_pages.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, select

from models.org import Person
from models.queries import Reach
from models.tasks import Task, TaskCoOwner
from tests.builders import ident


def tasks_within(session: Session, reach: Reach) -> list[Task]:
    """Every task the reach holds, led or co-owned, read from every row: no index, no SQL
    of the tracker's own."""
    unit_of = {ident(p): p.unit_id for p in session.exec(select(Person))}
    people_units = set(reach.people_of_unit_ids)

    def owned(unit_id: int | None, person_id: int | None) -> bool:
        return (
            (unit_id is not None and unit_id in reach.unit_ids)
            or (person_id is not None and person_id == reach.person_id)
            or (person_id is not None and unit_of[person_id] in people_units)
        )

    co: dict[int, list[tuple[int | None, int | None]]] = {}
    for c in session.exec(select(TaskCoOwner)):
        co.setdefault(c.task_id, []).append((c.unit_id, c.person_id))
    return [
        t
        for t in session.exec(select(Task))
        if owned(t.lead_unit_id, t.lead_person_id)
        or any(owned(u, p) for u, p in co.get(ident(t), []))
    ]


def calls_of(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[Any, ...]]:
    """The arguments of each call of ``owner.name`` from now on (it still runs)."""
    calls: list[tuple[Any, ...]] = []
    original: Callable[..., Any] = getattr(owner, name)

    def recorded(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(owner, name, recorded)
    return calls
