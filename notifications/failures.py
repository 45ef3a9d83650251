"""Naming why an e-mail was not sent: the server refused the login, or it was not reached.

Apprise reports both as "Connection error while submitting email" (the reason sits in a
debug line it does not emit at our log level), so "wrong SMTP password" read like
"server down". When an e-mail send has failed for good, ``explain`` repeats only the
steps before sending (connect, TLS, login) with the same settings Apprise used, and
says which one failed. It sends nothing and costs one connection per failed message.
"""

from __future__ import annotations

import smtplib
import ssl
from typing import Any

_EMAIL_SCHEMES = ("mailto://", "mailtos://")
PROBE_TIMEOUT = 15.0  # Apprise's own connect timeout


def explain(url: str, detail: str) -> str:
    """``detail``, prefixed with the cause when ``url`` is an e-mail channel; else unchanged."""
    if not url.startswith(_EMAIL_SCHEMES):
        return detail
    cause = smtp_cause(url)
    return f"{cause}: {detail}" if cause else detail


def smtp_cause(url: str) -> str | None:
    """Which step fails now: authentication, connection or TLS; None if none does."""
    import apprise

    plugin: Any = apprise.Apprise.instantiate(url)
    if plugin is None or not getattr(plugin, "smtp_host", None):
        return None
    host, port = plugin.smtp_host, plugin.port
    timeout = float(getattr(plugin, "socket_connect_timeout", PROBE_TIMEOUT) or PROBE_TIMEOUT)
    context = ssl.create_default_context()
    if not plugin.verify_certificate:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        if plugin.secure_mode == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
    except ssl.SSLError as error:
        return f"SMTP TLS failed ({host}:{port}: {error.reason or error})"
    except (OSError, smtplib.SMTPException) as error:
        return f"SMTP connection failed ({host}:{port}: {error})"
    try:
        if plugin.secure_mode == "starttls":
            client.starttls(context=context)
        if plugin.user and plugin.password:
            client.login(plugin.user, plugin.password)
    except smtplib.SMTPAuthenticationError as error:
        return (
            f"SMTP authentication failed (user {plugin.user!r} on {host}:{port}: {error.smtp_code})"
        )
    except ssl.SSLError as error:
        return f"SMTP TLS failed ({host}:{port}: {error.reason or error})"
    except (OSError, smtplib.SMTPException) as error:
        return f"SMTP connection failed ({host}:{port}: {error})"
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return None  # connect and login work now: the failure came later (a refused recipient)
