"""Periods and due dates of recurring duties: pure functions, testable without a database.

Cadences: monthly, quarterly, six-monthly, annual, or any iCalendar RRULE. Periods are
calendar periods; under Decree 09/2019/NĐ-CP their data cut-off window runs from the
15th of the month before the period to the 14th of its last month (so: 15 Dec - 14 Jun
for the first half, 15 Dec - 14 Dec for the year). A due rule places the deadline, and a
deadline on a non-working day rolls as the duty says.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from models.calendar import Roll, WorkCalendar
from models.duties import Cadence, DueRule, PeriodScheme


class DutyRules(Protocol):
    cadence: Cadence
    rrule: str | None
    period_scheme: PeriodScheme
    due_rule: DueRule
    due_value: int
    roll: Roll
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class DutyPeriod:
    key: str
    start: date
    end: date
    cutoff_start: date | None
    cutoff_end: date | None
    due_on: date


# Presets for Vietnam's reporting regime; a committee's own rules may differ, so a duty
# may set every field itself instead.
PRESETS: dict[str, dict[str, Any]] = {
    "decree09-monthly": {
        "cadence": Cadence.MONTHLY,
        "period_scheme": PeriodScheme.DECREE_09,
        "due_rule": DueRule.WORKING_DAYS_AFTER_CUTOFF,
        "due_value": 1,
    },
    "decree09-quarterly": {
        "cadence": Cadence.QUARTERLY,
        "period_scheme": PeriodScheme.DECREE_09,
        "due_rule": DueRule.DAY_OF_LAST_MONTH,
        "due_value": 20,
    },
    "decree09-half-yearly": {
        "cadence": Cadence.HALF_YEARLY,
        "period_scheme": PeriodScheme.DECREE_09,
        "due_rule": DueRule.DAY_OF_LAST_MONTH,
        "due_value": 20,
    },
    "decree09-annual": {
        "cadence": Cadence.ANNUAL,
        "period_scheme": PeriodScheme.DECREE_09,
        "due_rule": DueRule.DAY_OF_LAST_MONTH,
        "due_value": 20,
    },
}

_MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6, Cadence.ANNUAL: 12}


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_calendar.monthrange(year, month)[1])


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _key(cadence: Cadence, start: date) -> str:
    if cadence is Cadence.MONTHLY:
        return f"{start.year}-{start.month:02d}"
    if cadence is Cadence.QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if cadence is Cadence.HALF_YEARLY:
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    return f"{start.year}"


def _due(
    rules: DutyRules, start: date, end: date, cutoff_end: date | None, work: WorkCalendar
) -> date:
    n, rule = rules.due_value, rules.due_rule
    anchor = cutoff_end or end
    if rule is DueRule.DAY_OF_LAST_MONTH:
        due = date(
            end.year, end.month, min(max(n, 1), month_calendar.monthrange(end.year, end.month)[1])
        )
    elif rule is DueRule.DAYS_AFTER_PERIOD_END:
        due = end + timedelta(days=n)
    elif rule is DueRule.WORKING_DAYS_AFTER_PERIOD_END:
        due = work.add_working_days(end, n)
    elif rule is DueRule.DAYS_AFTER_CUTOFF:
        due = anchor + timedelta(days=n)
    elif rule is DueRule.WORKING_DAYS_AFTER_CUTOFF:
        due = work.add_working_days(anchor, n)
    else:  # FIXED_DATE: MMDD in the year the period ends
        due = date(end.year, n // 100, n % 100)
    return work.roll(due, rules.roll)


def _calendar_periods(rules: DutyRules, first: date, last: date) -> list[tuple[str, date, date]]:
    months = _MONTHS[rules.cadence]
    year, month = first.year, ((first.month - 1) // months) * months + 1
    found: list[tuple[str, date, date]] = []
    while True:
        start = date(year, month, 1)
        end_year, end_month = _shift_months(year, month, months - 1)
        end = _month_end(end_year, end_month)
        if start > last:
            return found
        found.append((_key(rules.cadence, start), start, end))
        year, month = _shift_months(year, month, months)


def _rrule_periods(rules: DutyRules, first: date, last: date) -> list[tuple[str, date, date]]:
    from dateutil.rrule import rrulestr

    assert rules.rrule is not None
    rule = rrulestr(rules.rrule, dtstart=datetime.combine(rules.starts_on, datetime.min.time()))
    found = []
    previous = rules.starts_on - timedelta(days=1)
    for moment in rule.between(
        datetime.combine(rules.starts_on, datetime.min.time()),
        datetime.combine(last, datetime.max.time()),
        inc=True,
    ):
        occurrence = moment.date()
        found.append((occurrence.isoformat(), previous + timedelta(days=1), occurrence))
        previous = occurrence
    return [p for p in found if p[2] >= first]


def parse_rrule(text: str) -> None:
    """Raise ``ValueError`` for an RRULE dateutil cannot read."""
    from dateutil.rrule import rrulestr

    rrulestr(text, dtstart=datetime(2024, 1, 1))


def periods_ending_between(
    rules: DutyRules, first: date, last: date, work: WorkCalendar
) -> list[DutyPeriod]:
    """Every period of the duty that ends within ``[first, last]`` while the duty is in force."""
    spans = (
        _rrule_periods(rules, first, last)
        if rules.cadence is Cadence.RRULE
        else _calendar_periods(rules, first - timedelta(days=370), last)
    )
    periods = []
    for key, start, end in spans:
        if not first <= end <= last or end < rules.starts_on:
            continue
        if rules.ends_on is not None and start > rules.ends_on:
            continue
        cutoff_start = cutoff_end = None
        if rules.period_scheme is PeriodScheme.DECREE_09 and rules.cadence is not Cadence.RRULE:
            y, m = _shift_months(start.year, start.month, -1)
            cutoff_start, cutoff_end = date(y, m, 15), date(end.year, end.month, 14)
        periods.append(
            DutyPeriod(
                key, start, end, cutoff_start, cutoff_end, _due(rules, start, end, cutoff_end, work)
            )
        )
    return periods
