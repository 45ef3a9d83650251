"""The access log without the secrets that travel in paths.

A sign-in link (``/login/<token>``), a one-click action (``/a/<token>``), an
unsubscribe link (``/u/<token>``) and a calendar feed (``/calendar/<token>.ics``) are
bearer secrets: whoever reads them in a log could use them (the calendar one for
good). uvicorn logs each request's path, so its access handler gets a filter that
writes ``…`` in place of the token; everything else in the line is kept.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

MASK = "…"
# Anywhere in the path or query (a doubled slash or odd case still hides the token).
_TOKEN_IN_PATH = re.compile(r"(/(?:login|a|u|calendar)/)([^/?&#\s]+)", re.IGNORECASE)


def mask_tokens(path: str) -> str:
    """``path`` with every link token replaced by ``…`` (a feed keeps its ``.ics``)."""

    def hide(match: re.Match[str]) -> str:
        token = match[2]
        suffix = ".ics" if token.lower().endswith(".ics") else ""
        return f"{match[1]}{MASK}{suffix}"

    return _TOKEN_IN_PATH.sub(hide, path)


class TokenMask(logging.Filter):
    """Masks the tokens in an access-log record's arguments (uvicorn logs
    ``client, method, path, HTTP version, status`` as arguments of one format)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, with ``TokenMask`` on the access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["tokens"] = {"()": TokenMask}
    config["handlers"]["access"].setdefault("filters", []).append("tokens")
    return config
