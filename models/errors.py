"""Errors users see: a stable code plus parameters, rendered in the user's language.

A ``TrackerError`` is rendered when it is shown (``render(lang)``), not when raised, so
the module that raises it only needs its text registered, in the catalog, by itself.
The generic refusals every door needs (an unknown code, an ambiguous one) live here.
"""

from __future__ import annotations

from typing import Any

from models.i18n import DEFAULT_LANGUAGE, Term, register, t


class TrackerError(Exception):
    """A refusal the user can act on (bad input, an impossible change). Never a bug.

    ``field`` names the input at fault (a column, an option), so an importer can place
    the message on the right cell and a form on the right input.
    """

    def __init__(self, code: str, /, *, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params if field is None else {"field": field, **params}
        super().__init__(code)

    def render(self, lang: str) -> str:
        return t(f"error.{self.code}", lang, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


def not_found(what: str, key: object) -> TrackerError:
    """``what`` is one of the ``what.*`` terms below."""
    return TrackerError("not_found", what=Term(f"what.{what}"), key=key)


register(
    {
        "error.not_found": {
            "vi": "Không tìm thấy {what} «{key}».",
            "en": "No {what} «{key}» found.",
        },
        "what.task": {"vi": "nhiệm vụ", "en": "task"},
        "what.unit": {"vi": "đơn vị", "en": "unit"},
        "what.person": {"vi": "người", "en": "person"},
        "what.owner": {"vi": "đơn vị hoặc người", "en": "unit or person"},
        "what.document": {"vi": "văn bản", "en": "document"},
        "what.meeting": {"vi": "cuộc họp", "en": "meeting"},
        "what.duty_instance": {
            "vi": "kỳ nghĩa vụ (mã / đơn vị / kỳ)",
            "en": "duty period (code / unit / period)",
        },
        "error.ambiguous_owner": {
            "vi": "«{key}» vừa là mã đơn vị vừa là mã người; ghi unit:{key} hoặc person:{key}.",
            "en": "«{key}» is both a unit and a person code; write unit:{key} or person:{key}.",
        },
    }
)
