"""Who has delivered what: duty instances with their status, and compliance per unit.

Plain SQL through a ``Reader`` (see ``models.queries``); status is computed per row in
Python (a committee has hundreds of instances a year, not millions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.duty_status import DutyStatus, DutyStatusView, duty_status
from models.sqlread import Reader, as_date, in_list


@dataclass(frozen=True)
class DutyRow:
    instance_id: int
    duty_id: int
    duty_code: str
    duty_title: str
    duty_kind: str
    unit_id: int
    unit_code: str
    unit_name: str
    period_key: str
    period_end: date
    due_on: date
    submitted_on: date | None
    reference: str | None
    waived_reason: str | None
    status: DutyStatusView


# A meeting duty is met by a meeting the unit held within the period, however the meeting
# was recorded (minutes, meeting-add, an import): its first such meeting counts as the
# delivery, with its title as the reference, unless a submission came earlier.
MEETING_HELD_SQL = """
SELECT mi.id AS instance_id, min(m.held_on) AS held_on
FROM duty_instance mi
JOIN duty md ON md.id = mi.duty_id AND md.kind = 'meeting'
JOIN meeting m ON m.unit_id = mi.unit_id
     AND m.held_on >= mi.period_start AND m.held_on <= mi.period_end AND m.held_on <= :as_of
GROUP BY mi.id
"""
_SQL = f"""
SELECT i.id, d.id, d.code, d.title, d.kind, u.id, u.code, u.name, i.period_key, i.period_end,
       i.due_on, s.first_on, s.reference, i.waived_on, i.waived_reason, mt.held_on,
       (SELECT min(m.title) FROM meeting m WHERE m.unit_id = i.unit_id AND m.held_on = mt.held_on)
FROM duty_instance i
JOIN duty d ON d.id = i.duty_id
JOIN unit u ON u.id = i.unit_id
LEFT JOIN (
    SELECT instance_id, min(submitted_on) AS first_on, max(reference) AS reference
    FROM duty_submission WHERE submitted_on <= :as_of GROUP BY instance_id
) s ON s.instance_id = i.id
LEFT JOIN ({MEETING_HELD_SQL}) mt ON mt.instance_id = i.id
"""


def duty_rows(
    reader: Reader,
    as_of: date,
    *,
    period_key: str | None = None,
    unit_ids: Sequence[int] | None = None,
    duty_code: str | None = None,
    period_end_from: date | None = None,
    period_end_to: date | None = None,
    instance_ids: Sequence[int] | None = None,
) -> list[DutyRow]:
    params: dict[str, Any] = {"as_of": as_of}
    where = []
    if period_key is not None:
        params["key"] = period_key
        where.append("i.period_key = :key")
    if unit_ids is not None:
        where.append(f"i.unit_id IN {in_list('unit', unit_ids, params)}")
    if duty_code is not None:
        params["duty"] = duty_code
        where.append("d.code = :duty")
    if period_end_from is not None:
        params["from"] = period_end_from
        where.append("i.period_end >= :from")
    if period_end_to is not None:
        params["to"] = period_end_to
        where.append("i.period_end <= :to")
    if instance_ids is not None:
        where.append(f"i.id IN {in_list('inst', instance_ids, params)}")
    sql = (
        _SQL
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY i.due_on, d.code, u.code"
    )
    rows = []
    for r in reader.fetch(sql, params):
        due, submitted, waived = as_date(r[10]), as_date(r[11]), as_date(r[13])
        assert due is not None
        held = as_date(r[15])  # a meeting that met a meeting duty (none after ``as_of``)
        if held is not None and (submitted is None or held < submitted):
            submitted, r = held, (*r[:12], r[16], *r[13:])
        if waived is not None and waived > as_of:
            waived = None
        status = duty_status(due_on=due, submitted_on=submitted, waived_on=waived, as_of=as_of)
        rows.append(
            DutyRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                as_date(r[9]) or due,
                due,
                submitted,
                r[12],
                r[14] if waived else None,
                status,
            )
        )
    return rows


@dataclass
class Compliance:
    unit_code: str
    unit_name: str
    counts: dict[DutyStatus, int]

    @property
    def rate(self) -> float | None:
        """Submitted on time among everything that has fallen due (waivers aside)."""
        due = sum(
            self.counts[s]
            for s in (DutyStatus.SUBMITTED_ON_TIME, DutyStatus.SUBMITTED_LATE, DutyStatus.OVERDUE)
        )
        return self.counts[DutyStatus.SUBMITTED_ON_TIME] / due if due else None


def compliance(rows: Sequence[DutyRow]) -> list[Compliance]:
    by_unit: dict[str, Compliance] = {}
    counts: dict[str, dict[DutyStatus, int]] = defaultdict(lambda: dict.fromkeys(DutyStatus, 0))
    for row in rows:
        counts[row.unit_code][row.status.status] += 1
        by_unit.setdefault(
            row.unit_code, Compliance(row.unit_code, row.unit_name, counts[row.unit_code])
        )
    return [by_unit[code] for code in sorted(by_unit)]


@dataclass(frozen=True)
class SubmissionRow:
    unit_code: str
    duty_code: str
    period_key: str
    submitted_on: date
    reference: str | None
    by_code: str | None
    note: str | None


def first_submissions(reader: Reader) -> list[SubmissionRow]:
    """The recorded submission that counts (the first) of every duty period, as a
    submissions sheet lists them; meetings that met a meeting duty are not submissions."""
    sql = (
        "SELECT u.code, d.code, i.period_key, s.submitted_on, s.reference, p.code, s.note"
        " FROM duty_submission s JOIN duty_instance i ON i.id = s.instance_id"
        " JOIN duty d ON d.id = i.duty_id JOIN unit u ON u.id = i.unit_id"
        " LEFT JOIN person p ON p.id = s.submitted_by_id"
        " WHERE s.id = (SELECT s2.id FROM duty_submission s2 WHERE s2.instance_id = s.instance_id"
        " ORDER BY s2.submitted_on, s2.id LIMIT 1)"
        " ORDER BY i.period_end, d.code, u.code"
    )
    rows = []
    for unit, duty, key, on, reference, by, note in reader.fetch(sql, {}):
        day = as_date(on)
        assert day is not None
        rows.append(SubmissionRow(unit, duty, key, day, reference, by, note))
    return rows
