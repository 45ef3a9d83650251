"""Cell-level rules of the spreadsheet writer: formula neutralising is reversible."""

from __future__ import annotations

import pytest

from documents.sheet_writer import FORMULA_TRIGGERS, csv_cell_value, csv_escape, csv_value

TEXTS = [
    *(f"{t}x" for t in FORMULA_TRIGGERS),
    *(f"'{t}x" for t in FORMULA_TRIGGERS),
    *(f"''{t}x" for t in FORMULA_TRIGGERS),
    "'quoted",
    "plain",
    "",
    "a=b",
    "-",
    "'",
]


@pytest.mark.parametrize("text", TEXTS)
def test_csv_escape_is_safe_and_reversible(text: str) -> None:
    escaped = csv_escape(text)
    assert not escaped.startswith(FORMULA_TRIGGERS)
    assert csv_cell_value(escaped) == text


def test_numbers_keep_their_sign_and_locale() -> None:
    assert csv_value(-3, "vi") == "-3"  # a number is written as a number, not as text
    assert csv_value(0.125, "vi", percent=True) == "12,5%"
    assert csv_value(0.125, "en", percent=True) == "12.5%"
    assert csv_value(2.5, "vi") == "2,5"
