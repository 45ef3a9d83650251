"""A thread whose exception fails the test that joins it.

A plain ``threading.Thread`` that raises only prints a warning (pytest's
``PytestUnhandledThreadExceptionWarning``): a test of two concurrent runs would pass with
one of them crashed. ``Worker.outcome()`` joins, re-raises what the thread raised and
returns what it returned.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
JOIN_LIMIT = 300.0  # seconds: generous for a loaded machine; only a hang reaches it


class Worker(threading.Thread, Generic[T]):
    def __init__(self, target: Callable[[], T], name: str | None = None) -> None:
        super().__init__(name=name, daemon=True)
        self._work = target
        self._result: T | None = None
        self._error: BaseException | None = None
        self._finished = False

    def run(self) -> None:
        try:
            self._result = self._work()
            self._finished = True
        except BaseException as error:  # handed to the joining test
            self._error = error

    def outcome(self, timeout: float = JOIN_LIMIT) -> T:
        self.join(timeout)
        assert not self.is_alive(), f"{self.name} still running after {timeout:g} s"
        if self._error is not None:
            raise AssertionError(f"{self.name} raised {self._error!r}") from self._error
        assert self._finished
        return self._result  # type: ignore[return-value]


def started(target: Callable[[], T], name: str | None = None) -> Worker[T]:
    worker = Worker(target, name)
    worker.start()
    return worker


def wait_for(condition: Callable[[], bool], what: str, timeout: float = JOIN_LIMIT) -> None:
    """Wait until ``condition()`` holds (checked every 20 ms): for a state another thread
    or process reaches, never for a length of time."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)
