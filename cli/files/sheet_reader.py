"""Reading an XLSX cell as the person who typed it meant it."""

from __future__ import annotations

from typing import Any


def cell_value(cell: Any) -> Any:
    """The cell's value; a number shown as a percentage (0.5 shown "50%") as 50."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        return round(value * 100, 6)
    return value
