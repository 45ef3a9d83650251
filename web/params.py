"""Numbers read from addresses and forms, bounded before they reach the database.

An id larger than the widest id column (a 64-bit integer on both backends) made SQLite
fail ("Python int too large to convert to SQLite INTEGER") and the page a 500; a year
outside 1–9999 made ``date()`` fail. Declared here once, each route's number is checked
by FastAPI, and ``web.errors`` answers a path that names nothing with 404 and a query
out of range with 400.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**63 - 1  # the widest id either backend stores
MAX_PAGE = 1_000_000  # 50 million rows at 50 a page: past any committee's list
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Year = Annotated[int, Query(ge=0, le=9999)]  # 0: this year


def year_number(text: str) -> int | None:
    """A year typed in a form (1–9999), or None."""
    text = text.strip()
    if not _digits(text, 4) or not 1 <= int(text) <= 9999:
        return None
    return int(text)


def row_id(text: str) -> int | None:
    """An id typed in a form or a filter, or None when it cannot name a row."""
    text = text.strip()
    if not _digits(text, 19):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def _digits(text: str, most: int) -> bool:
    """ASCII digits only ("²" is a digit to ``isdigit`` but not to ``int``), and few
    enough for ``int`` (it refuses more than 4,300) and for the range wanted."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()
