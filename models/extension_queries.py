"""Deadline extensions as rows: what a full-fidelity export and the periodic report read.

Plain SQL through a ``Reader`` (see ``models.queries``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.sqlread import Reader, as_date, in_list

_CHUNK = 900  # ids per IN list, under SQLite's bound-parameter limit


@dataclass(frozen=True)
class ExtensionRow:
    task_id: int
    previous_due_on: date
    new_due_on: date
    approved_on: date
    approver_code: str
    approver_name: str
    reason: str


_SQL = """
SELECT e.task_id, e.previous_due_on, e.new_due_on, e.approved_on, p.code, p.full_name, e.reason
FROM deadline_extension e JOIN person p ON p.id = e.approved_by_id
"""


def _row(r: tuple[Any, ...]) -> ExtensionRow:
    previous, new, approved = as_date(r[1]), as_date(r[2]), as_date(r[3])
    assert previous is not None and new is not None and approved is not None
    return ExtensionRow(r[0], previous, new, approved, r[4], r[5], r[6])


def extensions_by_task(reader: Reader, task_ids: Sequence[int]) -> dict[int, list[ExtensionRow]]:
    """Each task's extensions in the order they were granted."""
    found: dict[int, list[ExtensionRow]] = defaultdict(list)
    for start in range(0, len(task_ids), _CHUNK):
        params: dict[str, Any] = {}
        ids = in_list("tid", task_ids[start : start + _CHUNK], params)
        for r in reader.fetch(f"{_SQL} WHERE e.task_id IN {ids} ORDER BY e.task_id, e.id", params):
            found[int(r[0])].append(_row(r))
    return dict(found)


def calendar_sequences(reader: Reader, task_ids: Sequence[int]) -> dict[int, int]:
    """Each task's iCalendar SEQUENCE: how many times its deadline was extended, so a
    calendar that already holds the event replaces it (RFC 5545, 3.8.7.4). The one rule
    for every feed: ``dondoc export ics`` and the web's personal calendar."""
    return {task_id: len(steps) for task_id, steps in extensions_by_task(reader, task_ids).items()}


def extensions_approved_between(reader: Reader, first: date, last: date) -> list[ExtensionRow]:
    """Extensions approved from ``first`` to ``last``, in approval order."""
    sql = f"{_SQL} WHERE e.approved_on >= :first AND e.approved_on <= :last"
    sql += " ORDER BY e.approved_on, e.id"
    return [_row(r) for r in reader.fetch(sql, {"first": first, "last": last})]
