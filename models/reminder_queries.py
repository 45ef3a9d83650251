"""What the reminder planner reads: open deadlines, their co-owners and the duties still
owed, on a date. Plain SQL because the planner reads every open item of the committee at
once (100k tasks); each query has a Python twin in ``tests/models/test_reminder_queries.py``
that reads every row through the status rules (``task_status``, ``duty_status``), so the
SQL and the rules cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from models.sqlread import Reader
from models.status import open_on

Owner = tuple[int | None, int | None]  # (unit id, person id): one of the two is set


def open_deadlines(reader: Reader, as_of: date) -> list[tuple[Any, ...]]:
    """Tasks with a deadline, neither completed nor cancelled by the end of ``as_of``:
    (id, lead unit id, lead person id, deadline in force now)."""
    sql = (
        "SELECT t.id, t.lead_unit_id, t.lead_person_id, t.due_on FROM task t"
        f" WHERE t.due_on IS NOT NULL AND {open_on()}"
    )
    return reader.fetch(sql, {"as_of": as_of})


def open_co_owners(reader: Reader, as_of: date) -> dict[int, list[Owner]]:
    """The co-owners of each task ``open_deadlines`` returns."""
    sql = (
        "SELECT c.task_id, c.unit_id, c.person_id"
        " FROM task_co_owner c JOIN task t ON t.id = c.task_id"
        f" WHERE t.due_on IS NOT NULL AND {open_on()}"
    )
    found: dict[int, list[Owner]] = defaultdict(list)
    for task_id, unit_id, person_id in reader.fetch(sql, {"as_of": as_of}):
        found[task_id].append((unit_id, person_id))
    return found


def outstanding_duties(reader: Reader, as_of: date) -> list[tuple[Any, ...]]:
    """Duty instances neither submitted nor waived by the end of ``as_of`` (pending or
    overdue): (id, unit id, due date)."""
    sql = (
        "SELECT i.id, i.unit_id, i.due_on FROM duty_instance i"
        " WHERE (i.waived_on IS NULL OR i.waived_on > :as_of)"
        " AND NOT EXISTS (SELECT 1 FROM duty_submission s"
        " WHERE s.instance_id = i.id AND s.submitted_on <= :as_of)"
    )
    return reader.fetch(sql, {"as_of": as_of})
