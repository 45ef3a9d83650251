"""Rules every text typed or imported must follow before it is stored.

Control characters (NUL above all: PostgreSQL refuses it, SQLite keeps it silently) and
texts longer than their column are refused here, once, for every way in: import files,
the command line and the web call the same checks.
"""

from __future__ import annotations

import re

from models.errors import TrackerError
from models.i18n import register

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; and the
# Unicode line/paragraph separators and bidirectional overrides that disguise text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LONG_TEXT = 20_000  # descriptions and notes: long enough for a page, bounded all the same


def control_character(value: str) -> int | None:
    """The 1-based position of the first refused character, or None."""
    found = _CONTROL.search(value)
    return None if found is None else found.start() + 1


def text_problem(value: str, limit: int) -> tuple[str, dict[str, object]] | None:
    """Why ``value`` cannot be stored (a catalog key and its parameters), or None."""
    position = control_character(value)
    if position is not None:
        return "control_char", {"position": position, "code": f"U+{ord(value[position - 1]):04X}"}
    if len(value) > limit:
        return "too_long", {"length": len(value), "limit": limit}
    return None


def check_text(field: str, value: str | None, limit: int = LONG_TEXT) -> None:
    """Raise a ``TrackerError`` naming ``field`` when ``value`` cannot be stored."""
    if value is None:
        return
    problem = text_problem(value, limit)
    if problem is not None:
        key, params = problem
        raise TrackerError(f"text_{key}", field=field, **params)


register(
    {
        "error.text_control_char": {
            "vi": "trường «{field}» chứa ký tự điều khiển {code} ở vị trí {position}",
            "en": "field «{field}» holds the control character {code} at position {position}",
        },
        "error.text_too_long": {
            "vi": "trường «{field}» dài {length} ký tự; tối đa {limit}",
            "en": "field «{field}» is {length} characters long; at most {limit}",
        },
    }
)
