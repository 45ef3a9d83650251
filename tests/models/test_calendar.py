"""Working days and deadlines across Tết 2024 (8-14 Feb 2024 are public holidays)."""

from __future__ import annotations

from datetime import date

import pytest

from models.calendar import Roll, WorkCalendar
from models.deadlines import RelativeDeadline, resolve_deadline

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2024, 2, 7), 1, date(2024, 2, 15)),  # Wed before Tết -> Thu after it
        (date(2024, 2, 5), 5, date(2024, 2, 19)),  # 6, 7, then 15, 16, 19 Feb
        (date(2024, 2, 1), 10, date(2024, 2, 22)),
        # 60 working days from the conference: skips Tết, 18 Apr and 29 Apr-1 May
        (date(2024, 1, 29), 60, date(2024, 5, 3)),
        (date(2024, 2, 9), 0, date(2024, 2, 9)),
    ],
)
def test_add_working_days_across_tet(start: date, count: int, expected: date) -> None:
    assert CAL.add_working_days(start, count) == expected


def test_tet_days_are_not_working_days_and_makeup_saturday_is() -> None:
    assert [CAL.is_working_day(date(2024, 2, d)) for d in range(7, 16)] == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert CAL.is_working_day(date(2024, 5, 4))  # Saturday worked in exchange for 29 April
    assert not CAL.is_working_day(date(2024, 4, 29))


def test_relative_deadlines_and_rolling() -> None:
    issued = date(2024, 2, 5)
    assert resolve_deadline(RelativeDeadline(10, working_days=False), issued, CAL) == date(
        2024, 2, 15
    )
    assert resolve_deadline(RelativeDeadline(3, working_days=False), issued, CAL) == date(
        2024, 2, 8
    )
    rolled = resolve_deadline(
        RelativeDeadline(3, working_days=False), issued, CAL, Roll.NEXT_WORKING_DAY
    )
    assert rolled == date(2024, 2, 15)
    back = resolve_deadline(date(2024, 2, 10), issued, CAL, Roll.PREVIOUS_WORKING_DAY)
    assert back == date(2024, 2, 7)
    assert resolve_deadline(RelativeDeadline(5, working_days=True), issued, CAL) == date(
        2024, 2, 19
    )


def test_extra_holidays_are_respected() -> None:
    calendar = WorkCalendar([date(2024, 2, 15)])
    assert calendar.add_working_days(date(2024, 2, 7), 1) == date(2024, 2, 16)
