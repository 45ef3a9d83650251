"""Lines to paragraphs, and typed list numbers split off, for sources that lost Word's
structure (PDF, plain text): a paragraph ends where a sentence or heading ends, and a
line that starts with a number or a dash starts a new one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from documents.extract.structure import Paragraph

_LABEL = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]"
    r"|(?P<letter>[a-zđ])\)"
    r"|(?P<roman>[IVX]{1,5})\."
    r"|(?P<bullet>[-–+•*]))\s+"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_RULE = re.compile(r"^[-–_*=. ]{3,}$|^\*$")
_ENDS = (".", ":", ";", "!", "?", "./.")


def split_label(text: str) -> tuple[str | None, str]:
    """ "2. Giao Ban Tổ chức" -> ("2", "Giao Ban Tổ chức"); "a) …" -> ("a", "…")."""
    found = _LABEL.match(text)
    if not found:
        return None, text
    label = found["num"] or found["letter"] or found["roman"] or found["bullet"]
    return label, text[found.end() :].strip()


def starts_block(line: str) -> bool:
    return _LABEL.match(line) is not None


def paragraphs_from_lines(lines: Iterable[str]) -> list[Paragraph]:
    """Join wrapped lines: a new paragraph after a line that ends a sentence, before a
    numbered or bulleted line, and at a blank line; page numbers are dropped."""
    result: list[Paragraph] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            label, text = split_label(" ".join(current))
            if text:
                result.append(Paragraph(text, label))
            current.clear()

    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        if _PAGE_NUMBER.match(line):
            continue
        if _RULE.match(line):  # the short rule under a title: a break, not text
            flush()
            continue
        previous = current[-1] if current else ""
        ends = previous.endswith(_ENDS) or starts_block(line) or _is_caps(previous)
        if current and (ends or (_is_caps(line) and not _is_caps(previous))):
            flush()
        current.append(line)
    flush()
    return result


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)
