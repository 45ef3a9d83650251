"""Reading dates and deadlines as offices write them.

Accepted: ISO ``2024-06-30`` and the Vietnamese ``30/06/2024`` (day first), or a date
cell of a spreadsheet. Refused with a reason: impossible dates (``31/02/2024``, or a
month-first ``06/30/2024``) and ambiguous ones (a two-digit year: ``30/06/24``).
Dates outside 1900-2199 and relative deadlines beyond ten years are refused too: they
are typing slips, and near year 9999 they would overflow date arithmetic downstream.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from models.i18n import register

if TYPE_CHECKING:
    from models.deadlines import DeadlineSpec

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_DMY_SHORT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$")
_RELATIVE = re.compile(
    r"^\+?\s*(\d{1,4})\s*(working\s+days?|business\s+days?|ngày\s+làm\s+việc|days?|ngày)$",
    re.IGNORECASE,
)


EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
MAX_RELATIVE_DAYS = 3660


class DateProblem(ValueError):
    """Why a value is not a date; ``key`` names the text in the catalog."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _build(year: int, month: int, day: int) -> date:
    try:
        built = date(year, month, day)
    except ValueError:
        raise DateProblem("impossible_date") from None
    return in_range(built)


def in_range(value: date) -> date:
    """``value`` if it lies in the years the tracker accepts, else a ``DateProblem``."""
    if not EARLIEST <= value <= LATEST:
        raise DateProblem("date_out_of_range")
    return value


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) != (0, 0, 0):
            raise DateProblem("bad_date")
        return in_range(value.date())
    if isinstance(value, date):
        return in_range(value)
    text = str(value).strip()
    if match := _ISO.match(text):
        return _build(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        return _build(int(match[3]), int(match[2]), int(match[1]))
    if _DMY_SHORT.match(text):
        raise DateProblem("ambiguous_date")
    raise DateProblem("bad_date")


def parse_deadline(value: object) -> DeadlineSpec:
    """A date, or "+N days" / "+N working days" (also "N ngày", "N ngày làm việc")."""
    from models.deadlines import RelativeDeadline  # the holiday calendar: only when needed

    if isinstance(value, str) and (match := _RELATIVE.match(value.strip())):
        unit = match[2].lower()
        working = unit.startswith(("working", "business", "ngày làm"))
        if int(match[1]) > MAX_RELATIVE_DAYS:
            raise DateProblem("date_out_of_range")
        return RelativeDeadline(int(match[1]), working_days=working)
    return parse_date(value)


register(
    {
        "date_out_of_range": {
            "vi": "ngoài khoảng cho phép (năm 1900 đến 2199; hạn tương đối tối đa 3660 ngày)",
            "en": "out of range (years 1900 to 2199; relative deadlines up to 3660 days)",
        },
    }
)
