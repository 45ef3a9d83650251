"""Errors users see: a stable code plus parameters, rendered in the user's language."""

from __future__ import annotations

from typing import Any

from models.i18n import DEFAULT_LANGUAGE, t


class TrackerError(Exception):
    """A refusal the user can act on (bad input, an impossible change). Never a bug."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.render(DEFAULT_LANGUAGE))

    def render(self, lang: str) -> str:
        return t(f"error.{self.code}", lang, **self.params)
