"""The reach rule in its three forms (SQL narrow, SQL wide, Python for one task) gives
the same answers for every person and every task of the demo committee."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

import models.queries
from models.access import can_see_task, own_work, reach, viewer_for
from models.org import Person
from models.queries import TaskFilter, in_reach, list_tasks
from models.tasks import Task
from tests.builders import reader
from tests.web.conftest import load_demo

DAY = date(2024, 7, 15)


@pytest.mark.parametrize("narrow_up_to", [0, 1000])
def test_reach_forms_agree(
    session: Session, monkeypatch: pytest.MonkeyPatch, narrow_up_to: int
) -> None:
    load_demo(session.get_bind())  # type: ignore[arg-type]
    monkeypatch.setattr(models.queries, "NARROW_REACH_UNITS", narrow_up_to)
    r = reader(session)
    task_ids = [t.id for t in session.exec(select(Task)) if t.id is not None]
    people = [p.id for p in session.exec(select(Person)) if p.id is not None]
    seen_any = 0
    for person_id in people:
        viewer = viewer_for(r, person_id, office_code="VP-DU", admin_codes=())
        assert viewer is not None
        for rule in (reach(viewer), own_work(viewer)):
            listed = {row.id for row in list_tasks(r, TaskFilter(reach=rule), DAY)}
            one_by_one = {t for t in task_ids if in_reach(r, t, rule)}
            assert listed == one_by_one, (viewer.code, rule)
            seen_any += len(listed)
        assert {t for t in task_ids if can_see_task(r, viewer, t)} == {
            row.id for row in list_tasks(r, TaskFilter(reach=reach(viewer)), DAY)
        }
    assert seen_any > 0
