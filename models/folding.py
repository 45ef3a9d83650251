"""Accent-insensitive search: "kiem tra" finds "Kiểm tra" on both databases.

One rule, written once: a letter folds to its base letter without marks ("ể" → "e",
"Đ" → "d") and to lower case. SQLite runs it as the ``fold`` function registered on every
connection (``register``); PostgreSQL runs the same table as a built-in ``translate``
over ``lower``, so no extension (``unaccent``) and no migration is needed, and the upper
case accented letters are in the table too, as ``lower`` folds only ASCII under the C
locale.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any


def _base(char: str) -> str:
    if char in "đĐ":
        return "d"
    return "".join(
        c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
    ).lower()


@cache
def _table() -> tuple[str, str]:
    """(letters with marks, their base letters): Latin letters of Vietnamese and its
    neighbours (U+00C0..U+024F, U+1E00..U+1EFF), each folding to one ASCII letter."""
    source, target = [], []
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for point in range(start, end + 1):
            char = chr(point)
            base = _base(char)
            if len(base) == 1 and base.isascii() and base.isalpha() and base != char:
                source.append(char)
                target.append(base)
    return "".join(source), "".join(target)


_TRANSLATION = str.maketrans(*_table())


def fold(text: str | None) -> str:
    """``text`` without marks, in lower case: what searches compare."""
    if text is None:
        return ""
    return text.translate(_TRANSLATION).lower()


def fold_sql(expression: str, dialect: str) -> str:
    """SQL folding ``expression`` by the same rule as ``fold``."""
    if dialect == "postgresql":
        source, target = _table()
        return f"translate(lower({expression}), '{source}', '{target}')"
    return f"fold({expression})"


def register(dbapi_connection: Any) -> None:
    """Give an SQLite connection the ``fold`` function (deterministic: usable in indexes)."""
    dbapi_connection.create_function("fold", 1, fold, deterministic=True)
