""" "Today" in the committee's timezone: the one default every door shares.

Rules take the date as an argument (tests and ``--as-of`` inject it); only the doors ask
the clock, through this function.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today() -> date:
    from models.settings import get_settings

    return datetime.now(ZoneInfo(get_settings().timezone)).date()
