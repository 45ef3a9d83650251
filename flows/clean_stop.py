"""A command that runs a flow in its own process stops cleanly on SIGTERM, SIGINT, SIGHUP.

Without ``dondoc serve``, a flow started from the command line runs on Prefect's
temporary server: a child process (uvicorn) that Prefect stops from an ``atexit``
handler. Python's default action for SIGTERM ends the process at once, running no
``atexit`` handler, so a cron time-out, ``systemctl stop`` or a supervisor left one
server behind per stopped run, holding its port and memory. Prefect's own SIGTERM
bridge (installed only while a flow runs) marks the run crashed and then sends the
signal again to the handler found before it: the default one, which ends the process.

Here the signal becomes an exception (``Stopped``) in the main thread, whatever the
command is doing (starting the server, running the flow, after it): the stack unwinds,
the sending threads finish the sends under way and take no more (their outcomes are
recorded, the rest stays claimed until the lease lets a later run take it over), and
the interpreter's exit runs Prefect's ``atexit`` handlers, which stop the server.
A SIGKILL cannot be caught; the temporary server is in the command's process group,
so killing the group ends it too.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Stopped(BaseException):
    """A stop signal arrived; a ``BaseException`` so that no ``except Exception`` on the
    way up (a flow's, a hook's) takes it for a failure to handle and carry on from."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signum


@contextmanager
def stops_cleanly() -> Iterator[None]:
    """Turn the first stop signal into ``Stopped`` in the main thread; later ones (a
    supervisor repeating itself) are ignored while the stack unwinds and until the
    process has ended (restoring the default then would let a second SIGTERM end it
    before the ``atexit`` handlers stop the server)."""
    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise Stopped(signum)

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and only it receives signals)
        return
    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        if not stopping:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
