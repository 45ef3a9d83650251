"""Keeping channel secrets out of logs, artifacts, CLI output and the database.

Apprise's privacy mode masks passwords but not every token (a ``json://`` header, for
one), so every text we emit about a channel also goes through ``Redactor.scrub``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

_SENSITIVE_KEY = re.compile(r"(pass|secret|token|key|auth|sig|cred)", re.IGNORECASE)
MASK = "****"


def secrets_in_url(url: str) -> set[str]:
    """The parts of a notification URL that may be secret."""
    found: set[str] = set()
    try:
        parts = urlsplit(url)
    except ValueError:
        return {url}
    if parts.password:
        found.update({parts.password, unquote(parts.password)})
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.startswith(("+", "-")) or _SENSITIVE_KEY.search(key):
            found.add(value)
    # Bot tokens and webhook keys sit in the host or path (tgram://TOKEN/..., slack://A/B/C).
    for piece in [parts.hostname or "", *parts.path.split("/")]:
        if len(piece) >= 16 and not piece.startswith("{"):
            found.add(piece)
    return {s for s in found if len(s) >= 4}


class Redactor:
    def __init__(self, urls: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        for url in urls:
            self.add(url)

    def add(self, url: str) -> None:
        self._secrets = sorted(set(self._secrets) | secrets_in_url(url), key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
