"""Working days: weekends and Vietnamese public holidays (the lunar New Year included),
plus make-up Saturdays and any extra days off the Government announces each year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import holidays
import pendulum


class Roll(StrEnum):
    """What to do with a date that falls on a non-working day."""

    NONE = "none"
    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"


class WorkCalendar:
    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self._public = holidays.country_holidays("VN")
        self._extra = frozenset(extra_holidays)

    def is_working_day(self, day: date) -> bool:
        return day not in self._extra and bool(self._public.is_working_day(day))

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day = pendulum.Date(day.year, day.month, day.day).add(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day = pendulum.Date(day.year, day.month, day.day).subtract(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = pendulum.Date(start.year, start.month, start.day)
        while count:
            day = day.add(days=1)
            if self.is_working_day(day):
                count -= 1
        return date(day.year, day.month, day.day)

    def roll(self, day: date, how: Roll) -> date:
        if how is Roll.NEXT_WORKING_DAY:
            day = self.next_working_day(day)
        elif how is Roll.PREVIOUS_WORKING_DAY:
            day = self.previous_working_day(day)
        return date(day.year, day.month, day.day)


def read_extra_holidays(path: Path) -> list[date]:
    """One ISO date per line; blank lines and ``#`` comments ignored."""
    days = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            days.append(date.fromisoformat(text))
        except ValueError as error:
            raise ValueError(f"{path}:{number}: not an ISO date: {text!r}") from error
    return days


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    from models.settings import get_settings

    extra = get_settings().extra_holidays_file
    return WorkCalendar(read_extra_holidays(extra) if extra else ())
