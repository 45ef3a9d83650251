"""Reporting periods as people write them: 2024, 2024-H1, 2024-Q3, 2024-03."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from models.errors import TrackerError
from models.i18n import register, t

_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{1,2}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Refuse anything but a year, a half, a quarter or a month."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise TrackerError("bad_period", value=text)
    year, part = int(match[1]), (match[2] or "").upper()
    if not part:
        return Period(f"{year}", date(year, 1, 1), date(year, 12, 31))
    if part.startswith("H"):
        first = 1 if part == "H1" else 7
        return Period(f"{year}-{part}", date(year, first, 1), _month_end(year, first + 5))
    if part.startswith("Q"):
        first = 3 * (int(part[1]) - 1) + 1
        return Period(f"{year}-{part}", date(year, first, 1), _month_end(year, first + 2))
    month = int(part)
    if not 1 <= month <= 12:
        raise TrackerError("bad_period", value=text)
    return Period(f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))


def period_words(key: str, lang: str) -> str:
    """ "2024-Q2" -> "quý II năm 2024" / "the second quarter of 2024"."""
    period = parse_period(key)
    year = period.start.year
    part = key[5:]
    if part.startswith("Q"):
        return t(f"period.q{part[1]}", lang, year=year)
    if part.startswith("H"):
        return t(f"period.h{part[1]}", lang, year=year)
    if part:
        return t("period.month", lang, month=period.start.month, year=year)
    return t("period.year", lang, year=year)


register(
    {
        "period.q1": {"vi": "quý I năm {year}", "en": "the first quarter of {year}"},
        "period.q2": {"vi": "quý II năm {year}", "en": "the second quarter of {year}"},
        "period.q3": {"vi": "quý III năm {year}", "en": "the third quarter of {year}"},
        "period.q4": {"vi": "quý IV năm {year}", "en": "the fourth quarter of {year}"},
        "period.h1": {"vi": "6 tháng đầu năm {year}", "en": "the first half of {year}"},
        "period.h2": {"vi": "6 tháng cuối năm {year}", "en": "the second half of {year}"},
        "period.month": {"vi": "tháng {month} năm {year}", "en": "{month}/{year}"},
        "period.year": {"vi": "năm {year}", "en": "the year {year}"},
        "error.bad_period": {
            "vi": "Kỳ «{value}» không hợp lệ: dùng 2024, 2024-H1, 2024-Q1 hoặc 2024-03.",
            "en": "Period «{value}» is not valid: use 2024, 2024-H1, 2024-Q1 or 2024-03.",
        },
    }
)
