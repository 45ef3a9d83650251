"""Duties owed by many units for one period, as one item: how people speak of them.

"Sinh hoạt chi bộ tháng 01/2024 — 9 chi bộ chưa thực hiện" reads as one fact; nine
near-identical lines do not. Digests (morning and managers') and reports group here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.duty_queries import DutyRow


@dataclass(frozen=True)
class DutyGroup:
    """The instances of one duty for one period (one per owing unit)."""

    duty_id: int
    duty_code: str
    duty_title: str
    duty_kind: str
    period_key: str
    rows: tuple[DutyRow, ...]

    @property
    def due_on(self) -> date:
        """The earliest deadline among the units (they usually share one)."""
        return min(r.due_on for r in self.rows)

    @property
    def instance_ids(self) -> tuple[int, ...]:
        return tuple(r.instance_id for r in self.rows)

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(r.unit_code for r in self.rows)

    @property
    def days(self) -> int:
        """The largest figure among the units (days overdue, or days left when pending)."""
        return max(r.status.days for r in self.rows)


def group_duties(rows: Iterable[DutyRow]) -> list[DutyGroup]:
    """One group per (duty, period), earliest deadline first; units in code order."""
    found: dict[tuple[int, str], list[DutyRow]] = {}
    for row in rows:
        found.setdefault((row.duty_id, row.period_key), []).append(row)
    groups = [
        DutyGroup(
            first.duty_id,
            first.duty_code,
            first.duty_title,
            first.duty_kind,
            first.period_key,
            tuple(sorted(members, key=lambda r: (r.unit_code, r.instance_id))),
        )
        for members in found.values()
        for first in (members[0],)
    ]
    return sorted(groups, key=lambda g: (g.due_on, g.duty_code, g.period_key))
