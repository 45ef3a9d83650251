"""An SMTP server in its own process for benchmarks: counts messages, prints the count on exit.

It accepts the same login as the test server but does not parse messages: the server
under test is the sender, not this sink.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Any

from aiosmtpd.controller import Controller

from tests.peers import authenticate


class CountingSink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def main() -> None:
    port = int(sys.argv[1])
    # aiosmtpd warns on every login that its own Session.login_data is deprecated: 300
    # lines of noise from the one-message-per-connection baseline.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    sink = CountingSink()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    print(sink.count, flush=True)


if __name__ == "__main__":
    main()
