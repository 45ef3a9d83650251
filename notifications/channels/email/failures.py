"""Naming why an e-mail sent through Apprise's plugin failed: login refused, or no server.

Apprise reports both as "Connection error while submitting email" (the reason sits in a
debug line it does not emit at our log level), so "wrong SMTP password" read like
"server down". Most e-mail goes over ``smtp_sessions``, which names the failing step
itself; for what Apprise's plugin still sends (encrypted mail), ``explain`` repeats only
the steps before sending (connect, TLS, login) with the same settings, through the same
``open_session``, and says which one failed. It sends nothing.
"""

from __future__ import annotations

_EMAIL_SCHEMES = ("mailto://", "mailtos://")


def explain(url: str, detail: str) -> str:
    """``detail``, prefixed with the cause when ``url`` is an e-mail channel; else unchanged."""
    if not url.startswith(_EMAIL_SCHEMES):
        return detail
    cause = smtp_cause(url)
    return f"{cause}: {detail}" if cause else detail


def smtp_cause(url: str) -> str | None:
    """Which step fails now: authentication, connection or TLS; None if none does."""
    from notifications.channels.email.smtp_sessions import (
        SmtpFailure,
        close_session,
        open_session,
        server_route,
    )

    route = server_route(url)
    if route is None:
        return None
    try:
        close_session(open_session(route))
    except SmtpFailure as failure:
        return failure.reason
    return None  # connect and login work now: the failure came later (a refused recipient)
