"""Deadlines as written in resolutions: a date, or N (working) days after the issue date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pendulum

from models.calendar import Roll, WorkCalendar


@dataclass(frozen=True)
class RelativeDeadline:
    days: int
    working_days: bool


DeadlineSpec = date | RelativeDeadline


def resolve_deadline(
    spec: DeadlineSpec, issued_on: date, calendar: WorkCalendar, roll: Roll = Roll.NONE
) -> date:
    """The calendar date a deadline falls on, rolled off non-working days if asked."""
    if isinstance(spec, RelativeDeadline):
        if spec.working_days:
            due = calendar.add_working_days(issued_on, spec.days)
        else:
            due = pendulum.Date(issued_on.year, issued_on.month, issued_on.day).add(days=spec.days)
    else:
        due = spec
    return calendar.roll(date(due.year, due.month, due.day), roll)
