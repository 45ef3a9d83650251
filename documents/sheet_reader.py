"""Reading an XLSX cell as the person who typed it meant it."""

from __future__ import annotations

import csv
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


def sniff_dialect(text: str) -> Any:
    """The CSV dialect; when rows disagree in length (the sniffer gives up), the delimiter
    the header line uses most (Vietnamese Excel writes ``;``)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        header = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=header.count)

        class Guessed(csv.excel):
            pass

        Guessed.delimiter = delimiter
        return Guessed
