"""Text folded for matching, one character for one: the folded string's positions are
the original's, so a match found in it marks the same span of the original text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ch == "&":
        return "&"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    if len(base) != 1 or not base.isalnum():
        return " "
    return base


def fold(text: str) -> str:
    """Lowercase, no tone marks, "đ" as "d", anything but letters, digits and "&" as a
    space; ``len(fold(t)) == len(t)`` for NFC text."""
    return "".join(_fold_char(ch) for ch in text)


def squeeze(text: str) -> str:
    """``fold`` with runs of spaces made one: for keys, not for spans."""
    return " ".join(fold(text).split())
