"""A cheaper TLS context for Apprise's e-mail plugin.

Apprise builds ``ssl.create_default_context()`` for every message, even over plain
SMTP where it is never used. Loading the CA store costs ~20 ms of CPU per call here,
three quarters of a send, and it holds the GIL, so sending in parallel cannot hide it.
This context is the same as the default one, except that it loads the CA store when a
handshake first needs it: verification is unchanged, the waste is gone.
"""

from __future__ import annotations

import ssl
import types
from typing import Any


class LazyCertsContext(ssl.SSLContext):
    """``create_default_context()`` with the CA store loaded on first use."""

    _certs_loaded = False

    def _ensure_certs(self) -> None:
        if not self._certs_loaded and self.verify_mode != ssl.CERT_NONE:
            self.load_default_certs(ssl.Purpose.SERVER_AUTH)
        self._certs_loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self._ensure_certs()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self._ensure_certs()
        return super().wrap_bio(*args, **kwargs)


def lazy_default_context(
    purpose: ssl.Purpose = ssl.Purpose.SERVER_AUTH, **kwargs: Any
) -> ssl.SSLContext:
    if purpose != ssl.Purpose.SERVER_AUTH or kwargs:
        return ssl.create_default_context(purpose, **kwargs)
    context = LazyCertsContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, check_hostname
    return context


def install_for_apprise_email() -> bool:
    """Point Apprise's e-mail plugin at the lazy context; False if its layout changed."""
    try:
        from apprise.plugins.email import base
    except ImportError:
        return False
    if getattr(base, "ssl", None) is not ssl:
        return isinstance(getattr(base, "ssl", None), types.SimpleNamespace)
    shim = types.SimpleNamespace(
        **{name: getattr(ssl, name) for name in dir(ssl) if not name.startswith("__")}
    )
    shim.create_default_context = lazy_default_context
    setattr(base, "ssl", shim)  # noqa: B010 - a module attribute mypy does not see
    return True
