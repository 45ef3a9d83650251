"""Sending messages through Apprise, many at a time, with retries and honest errors.

One Apprise object per message (its own URL); a bounded thread pool sends them
concurrently, since each SMTP or HTTP send mostly waits on the network. Apprise's
``notify`` returns None when no service matched the URL: that is a permanent failure,
not a success and not worth retrying.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

import apprise

import notifications.outbox  # noqa: F401  (registers the outbox:// channel)
from notifications.failures import explain
from notifications.redact import Redactor
from notifications.tls import install_for_apprise_email

install_for_apprise_email()


@dataclass(frozen=True)
class Message:
    url: str
    title: str
    body: str  # HTML: e-mail gets HTML + a derived text part, chats their own markup


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None
    permanent: bool = False


class _PerThreadLog(logging.Handler):
    """Apprise logs its reasons for failing; keep them per sending thread."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.lines: dict[int, list[str]] = defaultdict(list)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines[threading.get_ident()].append(record.getMessage())

    def take(self) -> str:
        return "; ".join(self.lines.pop(threading.get_ident(), []))


def _send_one(
    message: Message, retries: int, backoff: float, log: _PerThreadLog, redactor: Redactor
) -> Outcome:
    log.take()
    client = apprise.Apprise()
    if not client.add(message.url):
        return Outcome(
            False, redactor.scrub(f"channel URL not accepted: {log.take()}"), permanent=True
        )
    for attempt in range(retries + 1):
        result = client.notify(
            body=message.body, title=message.title, body_format=apprise.NotifyFormat.HTML
        )
        if result is True:
            return Outcome(True)
        if result is None:
            return Outcome(
                False, redactor.scrub(f"no service matched: {log.take()}"), permanent=True
            )
        if attempt < retries:
            time.sleep(backoff * (2**attempt))
    return Outcome(False, redactor.scrub(explain(message.url, log.take() or "send failed")))


def send_all(
    messages: Sequence[Message],
    *,
    concurrency: int,
    redactor: Redactor,
    retries: int = 2,
    backoff: float = 0.5,
    processes: int = 1,
) -> list[Outcome]:
    """Send every message; the outcomes come back in the same order.

    Building each e-mail costs Apprise several milliseconds of CPU under the interpreter
    lock; with ``processes`` > 1 a large batch is shared among that many worker
    processes (spawned, not forked: the parent may hold Prefect's threads), each
    sending with ``concurrency // processes`` threads.
    """
    if processes > 1 and len(messages) >= PROCESS_THRESHOLD:
        return _send_in_processes(messages, concurrency, redactor, retries, backoff, processes)
    return _send_in_threads(messages, concurrency, redactor, retries, backoff)


PROCESS_THRESHOLD = 400  # below this, starting processes costs more than it saves


def _send_in_processes(
    messages: Sequence[Message],
    concurrency: int,
    redactor: Redactor,
    retries: int,
    backoff: float,
    processes: int,
) -> list[Outcome]:
    context = multiprocessing.get_context("spawn")
    shares = [list(messages[i::processes]) for i in range(processes)]
    threads = max(1, concurrency // processes)
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [
            pool.submit(_send_in_threads, share, threads, redactor, retries, backoff)
            for share in shares
        ]
        results = [future.result() for future in futures]
    outcomes: list[Outcome] = [Outcome(False)] * len(messages)
    for i, share_outcomes in enumerate(results):
        outcomes[i::processes] = share_outcomes
    return outcomes


def _send_in_threads(
    messages: Sequence[Message], concurrency: int, redactor: Redactor, retries: int, backoff: float
) -> list[Outcome]:
    log = _PerThreadLog()
    apprise_logger = logging.getLogger("apprise")
    apprise_logger.addHandler(log)
    # Apprise's own lines stay with us (scrubbed into results), never on the console.
    propagate, apprise_logger.propagate = apprise_logger.propagate, False
    try:
        with ThreadPoolExecutor(
            max_workers=max(1, concurrency), thread_name_prefix="dondoc-send"
        ) as pool:
            return list(pool.map(lambda m: _send_one(m, retries, backoff, log, redactor), messages))
    finally:
        apprise_logger.removeHandler(log)
        apprise_logger.propagate = propagate
