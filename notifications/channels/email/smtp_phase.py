"""Knowing whether a failed e-mail may still have arrived.

Apprise reports every SMTP failure as ``False``. A failure before the message data was
sent (refused connection, bad login, a 5xx reply) means nothing arrived and the message
can be sent again; a failure *after* the data went out, while waiting for the server's
final reply (connection dropped, reply timed out), means the server may have taken it.
The ledger records the second kind as ambiguous and re-sends it at most once. Apprise's
e-mail plugin is pointed at an ``smtplib.SMTP`` subclass that notes, per thread, when
the message data has left and no reply has come back.
"""

from __future__ import annotations

import smtplib
import threading
import types
from typing import Any

_state = threading.local()
_END_OF_DATA = b"\r\n.\r\n"


def reset() -> None:
    _state.unanswered = False


def data_unanswered() -> bool:
    """True when this thread's last SMTP message data left without a final reply."""
    return bool(getattr(_state, "unanswered", False))


class _Tracking:
    """Mixin over ``smtplib.SMTP``: marks the window between end-of-data and its reply."""

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        if isinstance(s, bytes) and s.endswith(_END_OF_DATA):
            _state.unanswered = True

    def getreply(self) -> tuple[int, bytes]:
        reply: tuple[int, bytes] = super().getreply()  # type: ignore[misc]
        _state.unanswered = False  # the server answered, whatever it said
        return reply


class TrackingSMTP(_Tracking, smtplib.SMTP):
    pass


class TrackingSMTPSSL(_Tracking, smtplib.SMTP_SSL):
    pass


def install_for_apprise_email() -> bool:
    """Give Apprise's e-mail plugin the tracking classes; False if its layout changed."""
    try:
        from apprise.plugins.email import base
    except ImportError:
        return False
    current = getattr(base, "smtplib", None)
    if isinstance(current, types.SimpleNamespace):
        return True
    if current is not smtplib:
        return False
    shim = types.SimpleNamespace(
        **{name: getattr(smtplib, name) for name in dir(smtplib) if not name.startswith("__")}
    )
    shim.SMTP, shim.SMTP_SSL = TrackingSMTP, TrackingSMTPSSL
    setattr(base, "smtplib", shim)  # noqa: B010 - a module attribute mypy does not see
    return True
