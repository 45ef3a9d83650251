"""The lazy TLS context verifies exactly like the default one, but loads CAs on demand."""

from __future__ import annotations

import ssl

from notifications.channels.email.tls import (
    LazyCertsContext,
    install_for_apprise_email,
    lazy_default_context,
)


def test_lazy_context_verifies_like_the_default_and_loads_cas_on_first_handshake() -> None:
    context = lazy_default_context()
    default = ssl.create_default_context()
    assert isinstance(context, LazyCertsContext)
    assert (context.verify_mode, context.check_hostname) == (
        default.verify_mode,
        default.check_hostname,
    )
    assert context.minimum_version == default.minimum_version
    assert context.cert_store_stats()["x509_ca"] == 0
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
    assert context.cert_store_stats()["x509_ca"] == default.cert_store_stats()["x509_ca"] > 0


def test_a_context_made_unverified_loads_nothing() -> None:
    context = lazy_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO())
    assert context.cert_store_stats()["x509_ca"] == 0


def test_apprise_email_plugin_uses_it() -> None:
    from apprise.plugins.email import base

    assert install_for_apprise_email() is True
    shim = getattr(base, "ssl")  # noqa: B009
    assert isinstance(shim.create_default_context(), LazyCertsContext)
    assert shim.CERT_NONE == ssl.CERT_NONE
