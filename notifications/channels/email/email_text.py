"""The text/plain part of our HTML e-mails: the digest's own plain text, not a guess.

Given HTML, Apprise's e-mail plugin builds ``multipart/alternative`` with a text part
it derives from the HTML; its converter drops every link address, so a reader of the
text part could not open a task or act on it. The plugin's converter is pointed at a
function that returns the plain text the sender set for the message being sent in this
thread, and falls back to Apprise's own conversion for anything else.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = threading.local()


@contextmanager
def plain_alternative(html: str, text: str | None) -> Iterator[None]:
    """While sending ``html`` in this thread, its text/plain part is ``text``."""
    _state.pair = (html, text) if text else None
    try:
        yield
    finally:
        _state.pair = None


def current_plain() -> str | None:
    """The plain text set for the message this thread is sending (None: none set)."""
    pair = getattr(_state, "pair", None)
    return pair[1] if pair is not None else None


def install_for_apprise_email() -> None:
    import apprise.plugins.email.base as email_base
    from apprise.common import NotifyFormat

    original: Any = getattr(email_base, "convert_between")  # noqa: B009 - not exported
    if getattr(original, "dondoc", False):
        return

    def convert_between(from_format: Any, to_format: Any, content: Any) -> Any:
        pair = getattr(_state, "pair", None)
        if (
            pair is not None
            and from_format == NotifyFormat.HTML
            and to_format == NotifyFormat.TEXT
            and content == pair[0]
        ):
            return pair[1]
        return original(from_format, to_format, content)

    convert_between.dondoc = True  # type: ignore[attr-defined]
    setattr(email_base, "convert_between", convert_between)  # noqa: B010
