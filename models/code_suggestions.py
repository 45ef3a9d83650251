""" "Did you mean …": the directory's codes closest to one a file or a person typed.

An import that names an unknown unit or person is refused with its row and field; the
clerk then has to find the right code. The nearest codes and names (difflib, with case,
accents and "đ" folded away, so "cb2", "Chi bo 2" and "CB02" meet) are offered beside the
problem. Reads only; the import still refuses until the file is fixed.
"""

from __future__ import annotations

import difflib

from models.directory_queries import Entry, people, units
from models.i18n import fold
from models.sqlread import Reader

CUTOFF = 0.6  # difflib's ratio: "cb2" → "cb02" is 0.86, "cb2" → "vp du" 0.25


def suggest_codes(reader: Reader, kind: str, typed: str, limit: int = 3) -> list[Entry]:
    """Up to ``limit`` units (``kind`` "unit"), people ("person") or both ("owner")
    whose code or name is closest to ``typed``, closest first."""
    entries: list[Entry] = []
    if kind in ("unit", "owner"):
        entries += units(reader)
    if kind in ("person", "owner"):
        entries += people(reader)
    keyed: dict[str, list[Entry]] = {}
    for entry in entries:
        for key in {fold(entry.code), fold(entry.name)}:
            keyed.setdefault(key, []).append(entry)
    wanted = fold(typed.partition(":")[2] if typed.startswith(("unit:", "person:")) else typed)
    found: dict[str, Entry] = {}
    for key in difflib.get_close_matches(wanted, keyed, n=limit * 2, cutoff=CUTOFF):
        for entry in keyed[key]:
            found.setdefault(entry.code, entry)
    return list(found.values())[:limit]
