"""Period and due-date generation: quarters, halves, years, months, RRULE; Decree 09
cut-off windows; a due day on a weekend or during Tết."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from models.calendar import Roll, WorkCalendar
from models.duties import Cadence, DueRule, PeriodScheme
from models.duty_schedule import PRESETS, periods_ending_between

D = date
WORK = WorkCalendar()


@dataclass
class Rules:
    cadence: Cadence
    due_rule: DueRule
    due_value: int
    period_scheme: PeriodScheme = PeriodScheme.CALENDAR
    roll: Roll = Roll.NEXT_WORKING_DAY
    rrule: str | None = None
    starts_on: date = date(2024, 1, 1)
    ends_on: date | None = None


def preset(name: str, **overrides: object) -> Rules:
    values = {**PRESETS[name], **overrides}
    return Rules(**values)


CASES = [
    (
        "quarterly, 15th of the last month, weekends roll",
        Rules(Cadence.QUARTERLY, DueRule.DAY_OF_LAST_MONTH, 15),
        [
            ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), None, None, D(2024, 3, 15)),
            ("2024-Q2", D(2024, 4, 1), D(2024, 6, 30), None, None, D(2024, 6, 17)),  # Sat 15 June
            ("2024-Q3", D(2024, 7, 1), D(2024, 9, 30), None, None, D(2024, 9, 16)),  # Sun 15 Sept
            ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31), None, None, D(2024, 12, 16)),
        ],
    ),
    (
        "Decree 09 quarterly preset",
        preset("decree09-quarterly"),
        [
            (
                "2024-Q1",
                D(2024, 1, 1),
                D(2024, 3, 31),
                D(2023, 12, 15),
                D(2024, 3, 14),
                D(2024, 3, 20),
            ),
            (
                "2024-Q2",
                D(2024, 4, 1),
                D(2024, 6, 30),
                D(2024, 3, 15),
                D(2024, 6, 14),
                D(2024, 6, 20),
            ),
            (
                "2024-Q3",
                D(2024, 7, 1),
                D(2024, 9, 30),
                D(2024, 6, 15),
                D(2024, 9, 14),
                D(2024, 9, 20),
            ),
            (
                "2024-Q4",
                D(2024, 10, 1),
                D(2024, 12, 31),
                D(2024, 9, 15),
                D(2024, 12, 14),
                D(2024, 12, 20),
            ),
        ],
    ),
    (
        "Decree 09 halves",
        preset("decree09-half-yearly"),
        [
            (
                "2024-H1",
                D(2024, 1, 1),
                D(2024, 6, 30),
                D(2023, 12, 15),
                D(2024, 6, 14),
                D(2024, 6, 20),
            ),
            (
                "2024-H2",
                D(2024, 7, 1),
                D(2024, 12, 31),
                D(2024, 6, 15),
                D(2024, 12, 14),
                D(2024, 12, 20),
            ),
        ],
    ),
    (
        "Decree 09 year",
        preset("decree09-annual"),
        [
            (
                "2024",
                D(2024, 1, 1),
                D(2024, 12, 31),
                D(2023, 12, 15),
                D(2024, 12, 14),
                D(2024, 12, 20),
            )
        ],
    ),
    (
        "Decree 09 monthly: 1 working day after the cut-off, across Tết",
        preset("decree09-monthly"),
        [
            (
                "2024-01",
                D(2024, 1, 1),
                D(2024, 1, 31),
                D(2023, 12, 15),
                D(2024, 1, 14),
                D(2024, 1, 15),
            ),
            (
                "2024-02",
                D(2024, 2, 1),
                D(2024, 2, 29),
                D(2024, 1, 15),
                D(2024, 2, 14),
                D(2024, 2, 15),
            ),
            (
                "2024-03",
                D(2024, 3, 1),
                D(2024, 3, 31),
                D(2024, 2, 15),
                D(2024, 3, 14),
                D(2024, 3, 15),
            ),
        ],
    ),
    (
        "monthly, 10 days after the month, lands in Tết",
        Rules(Cadence.MONTHLY, DueRule.DAYS_AFTER_PERIOD_END, 10),
        [
            (
                "2024-01",
                D(2024, 1, 1),
                D(2024, 1, 31),
                None,
                None,
                D(2024, 2, 15),
            ),  # Sat 10 Feb, Tết
            ("2024-02", D(2024, 2, 1), D(2024, 2, 29), None, None, D(2024, 3, 11)),
        ],
    ),  # Sun 10 March
    (
        "working days after the period end",
        Rules(Cadence.MONTHLY, DueRule.WORKING_DAYS_AFTER_PERIOD_END, 5),
        [
            ("2024-01", D(2024, 1, 1), D(2024, 1, 31), None, None, D(2024, 2, 7)),
            ("2024-02", D(2024, 2, 1), D(2024, 2, 29), None, None, D(2024, 3, 7)),
        ],
    ),
    (
        "annual fixed date 15 Dec, a Sunday",
        Rules(Cadence.ANNUAL, DueRule.FIXED_DATE, 1215),
        [("2024", D(2024, 1, 1), D(2024, 12, 31), None, None, D(2024, 12, 16))],
    ),
    (
        "monthly meeting on the last Friday (RRULE)",
        Rules(Cadence.RRULE, DueRule.DAYS_AFTER_PERIOD_END, 0, rrule="FREQ=MONTHLY;BYDAY=-1FR"),
        [
            ("2024-01-26", D(2024, 1, 1), D(2024, 1, 26), None, None, D(2024, 1, 26)),
            ("2024-02-23", D(2024, 1, 27), D(2024, 2, 23), None, None, D(2024, 2, 23)),
            ("2024-03-29", D(2024, 2, 24), D(2024, 3, 29), None, None, D(2024, 3, 29)),
        ],
    ),
]


@pytest.mark.parametrize(("rules", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_periods_and_due_dates(rules: Rules, expected: list[tuple[object, ...]]) -> None:
    last = max(e[2] for e in expected)  # type: ignore[type-var]
    periods = periods_ending_between(rules, D(2024, 1, 1), last, WORK)  # type: ignore[arg-type]
    got = [(p.key, p.start, p.end, p.cutoff_start, p.cutoff_end, p.due_on) for p in periods]
    assert got == expected


def test_only_periods_while_the_duty_is_in_force() -> None:
    rules = Rules(
        Cadence.QUARTERLY,
        DueRule.DAY_OF_LAST_MONTH,
        15,
        starts_on=D(2024, 5, 1),
        ends_on=D(2024, 9, 30),
    )
    keys = [p.key for p in periods_ending_between(rules, D(2024, 1, 1), D(2025, 12, 31), WORK)]
    assert keys == ["2024-Q2", "2024-Q3"]
