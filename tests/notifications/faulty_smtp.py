"""A real SMTP server on loopback that misbehaves on purpose, for the delivery fault tests.

It stores every message it receives (so copies can be counted), then, depending on its
mode, answers normally, drops the connection without a reply, or answers late.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.peers import free_port, serving_smtp, smtp_url


@dataclass
class FaultySmtp:
    port: int
    mode: str = "ok"  # "ok", "drop" (after storing), "slow" (reply after `delay` seconds)
    delay: float = 0.0
    received: list[tuple[str, str]] = field(default_factory=list)  # (To, Subject) stored
    lock: threading.Lock = field(default_factory=threading.Lock)
    smtp_mode: str = "login"  # how the office's server is reached: one of SMTP_MODES

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((str(message["To"]), str(message["Subject"])))
        if self.mode == "drop":
            server.transport.abort()  # the message is stored; the client never hears so
            return "250 OK"
        if self.mode == "slow" or self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"

    def url(self, timeout: float = 5) -> str:
        # `cto` is Apprise's socket timeout for e-mail (default 15 s): short in tests.
        return smtp_url(self.port, self.smtp_mode) + f"&cto={timeout:g}"

    def copies(self) -> Counter[str]:
        """Reminder messages stored per recipient (the office's failure reports apart)."""
        with self.lock:
            return Counter(to for to, subject in self.received if not _report(subject))

    def reports(self) -> list[tuple[str, str]]:
        with self.lock:
            return [(to, subject) for to, subject in self.received if _report(subject)]


def _report(subject: str) -> bool:
    return "chưa gửi được" in subject or "could not be delivered" in subject


@contextmanager
def faulty_smtp(sink: FaultySmtp | None = None) -> Iterator[FaultySmtp]:
    sink = sink or FaultySmtp(free_port())
    with serving_smtp(sink, sink.port, sink.smtp_mode):
        yield sink
