"""Sentences and clauses of a paragraph, cut where Vietnamese administrative prose cuts
them: a full stop before a capital (not after "TP.", "v.v." or an initial), and the
semicolons that separate one assignment from the next."""

from __future__ import annotations

import re

_END = re.compile(r"[.!?](?:\s+|$)")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-ZĐ][A-Za-zĐđ]{0,2}|v\.v|Tp|TP|tr|St|số)$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.start() + 1
        rest = text[match.end() :]
        if rest and not (rest[0].isupper() or rest[0] in '"“(0123456789'):
            continue
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a sentence between semicolons."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in re.finditer(";", text[start:end]):
        cut = start + match.start()
        spans.append((position, cut + 1))
        position = cut + 1
    spans.append((position, end))
    return [(a, b) for a, b in spans if text[a:b].strip(" ;.")]
