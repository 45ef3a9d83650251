"""A real SMTP server on loopback that misbehaves on purpose, for the delivery fault tests.

It stores every message it receives (so copies can be counted), then, depending on its
mode, answers normally, drops the connection without a reply, answers late, or holds a
reply until the test releases it: a send that is "in flight" for as long as the test
needs, with no timing involved. In "hold" mode the first message is held, and then the
next one to the same address (another run's copy of it), each by its own ``Hold``.
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

from tests.peers import serving_smtp, smtp_url


@dataclass
class Hold:
    """One held reply: ``arrived`` is set when its message is stored, ``release`` lets the
    reply go."""

    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    address: str | None = None


@dataclass
class FaultySmtp:
    port: int = 0  # 0: the system chooses when the server binds (then set here)
    # "ok", "drop" (after storing), "slow" (reply after `delay` seconds), "hold" (above)
    mode: str = "ok"
    delay: float = 0.0
    received: list[tuple[str, str]] = field(default_factory=list)  # (To, Subject) stored
    lock: threading.Lock = field(default_factory=threading.Lock)
    holds: tuple[Hold, Hold] = field(default_factory=lambda: (Hold(), Hold()))
    smtp_mode: str = "login"  # how the office's server is reached: one of SMTP_MODES

    def _hold_for(self, to: str) -> Hold | None:
        """The hold this message takes, if any (called under the lock)."""
        first, second = self.holds
        if self.mode != "hold" or second.arrived.is_set():
            return None
        if not first.arrived.is_set():
            first.address = to
            return first
        return second if to == first.address else None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((str(message["To"]), str(message["Subject"])))
            hold = self._hold_for(str(message["To"]))
            if hold is not None:
                hold.arrived.set()
        if hold is not None:  # waited for off the server's loop: other sessions go on
            await asyncio.to_thread(hold.release.wait, 120)
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
    sink = sink or FaultySmtp()
    with serving_smtp(sink, sink.port, sink.smtp_mode) as sink.port:
        try:
            yield sink
        finally:
            for hold in sink.holds:
                hold.release.set()  # a held reply never outlives its server
