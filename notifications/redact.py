"""Keeping channel secrets out of logs, artifacts, CLI output and the database.

Apprise's privacy mode masks passwords but not every token (a ``json://`` header, for
one), so every text we emit about a channel also goes through ``Redactor.scrub``: the
secrets of the configured channel URLs are masked wherever they appear (an Apprise log
line may quote a token alone), then ``mask_secrets`` masks any URL left in the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.secrets import MASK, mask_secrets, secrets_in_url

__all__ = ["MASK", "Redactor", "secrets_in_url"]


class Redactor:
    def __init__(self, urls: Iterable[str] = ()) -> None:
        self._urls: list[str] = []
        for url in urls:
            self.add(url)

    def add(self, url: str) -> None:
        self._urls.append(url)

    def scrub(self, text: str) -> str:
        return mask_secrets(text, self._urls)
