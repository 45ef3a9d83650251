"""Sending messages, many at a time, with retries and honest errors.

E-mail goes over a few kept-open SMTP sessions per server (``smtp_sessions``: the URL
is still Apprise's, and parsed by it); every other channel through one Apprise object
per message (its own URL). A bounded thread pool sends them concurrently, since each
send mostly waits on the network; a batch of e-mail only needs as many threads as there
are sessions. Apprise's
``notify`` returns None when no service matched the URL: that is a permanent failure,
not a success and not worth retrying. A failure after the message data left (the
server may have it) is *ambiguous* and never retried here.

With a sink, a send first takes a slot of the sink's window (``concurrency`` slots)
and its outcome is handed over as soon as it is known; the slot comes back once the
sink has made the outcome durable. So at any instant at most ``concurrency`` messages
are sent but not yet recorded, and a sending thread goes on to its next message without
waiting for the write while the window has room. The sink also says when sending must
stop (its claims are lost, or outcomes cannot be recorded).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from functools import partial
from typing import Protocol

import apprise

import notifications.channels.outbox  # noqa: F401  (registers the outbox:// channel)
from notifications.channels.email import email_text, smtp_phase
from notifications.channels.email.failures import explain
from notifications.channels.email.smtp_sessions import (
    EmailRoute,
    SessionPool,
    SmtpFailure,
    email_route,
)
from notifications.channels.email.tls import install_for_apprise_email
from notifications.channels.mentions import neutralise
from notifications.channels.zalo import plugin as zalo  # registers zalo:// here and in workers
from notifications.config import EMAIL_SESSIONS
from notifications.redact import Redactor

install_for_apprise_email()
smtp_phase.install_for_apprise_email()
email_text.install_for_apprise_email()


@dataclass(frozen=True)
class Message:
    url: str
    title: str
    body: str  # HTML: e-mail gets HTML plus ``text`` as its text part, chats their own markup
    text: str | None = None  # the e-mail's text/plain part (None: derived from the HTML)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None
    permanent: bool = False
    ambiguous: bool = False  # the server may have taken it: do not simply send again
    tries: int = 1  # sends made (0: not sent at all)


NOT_SENT = "not sent: this run stopped sending (claims lost or outcomes not recordable)"


class OutcomeSink(Protocol):
    def may_send(self) -> bool: ...

    def reserve(self) -> None:
        """Wait for a slot before a send: slots are the sends not yet recorded."""

    def done(self, index: int, outcome: Outcome) -> None:
        """Take ``outcome`` of message ``index`` (its slot comes back once it is durable)."""


class SinkSpec(Protocol):
    """Picklable: each sending process opens its own sink."""

    def open(self, window: int) -> AbstractContextManager[OutcomeSink]: ...


class _PerThreadLog(logging.Handler):
    """Apprise logs its reasons for failing; keep them per sending thread."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.lines: dict[int, list[str]] = defaultdict(list)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines[threading.get_ident()].append(record.getMessage())

    def take(self) -> str:
        return "; ".join(self.lines.pop(threading.get_ident(), []))


class _AppriseLines:
    """Apprise's own lines stay with the sends (scrubbed into their results), never on the
    console or in the application's log: they can quote a channel's token.

    ``propagate`` belongs to the logger, for the whole process, and sends overlap in one
    process (two runs, the web application's request notices): the first send to start
    turns it off and the last to end turns it back. Each send restoring what it found
    left it on while another still sent, or off for good.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sends = 0
        self._propagate = True

    def keep(self, log: logging.Handler) -> None:
        logger = logging.getLogger("apprise")
        with self._lock:
            if self._sends == 0:
                self._propagate, logger.propagate = logger.propagate, False
            self._sends += 1
        logger.addHandler(log)

    def release(self, log: logging.Handler) -> None:
        logger = logging.getLogger("apprise")
        logger.removeHandler(log)
        with self._lock:
            self._sends -= 1
            if self._sends == 0:
                logger.propagate = self._propagate


APPRISE_LINES = _AppriseLines()


def _send_one(
    message: Message,
    retries: int,
    backoff: float,
    log: _PerThreadLog,
    redactor: Redactor,
    sink: OutcomeSink | None,
    sessions: SessionPool,
    route: EmailRoute | None,
) -> Outcome:
    """``route``: the message's ``email_route``, None for what goes through Apprise."""
    log.take()
    attempt: Callable[[], tuple[str, str] | None]
    if route is not None:
        attempt = partial(_email_attempt, route, message, sessions)
    else:
        client = apprise.Apprise()
        if not client.add(message.url):
            return Outcome(
                False, redactor.scrub(f"channel URL not accepted: {log.take()}"), True, tries=0
            )
        attempt = partial(_apprise_attempt, client, message, log)
    reason = ""
    for number in range(retries + 1):
        if sink is not None and not sink.may_send():
            return Outcome(False, NOT_SENT, tries=number)
        failure = attempt()
        if failure is None:
            return Outcome(True, tries=number + 1)
        kind, reason = failure
        if kind == "unmatched":
            return Outcome(False, redactor.scrub(reason), True, tries=0)
        if kind == "ambiguous":
            return Outcome(
                False, redactor.scrub(f"ambiguous: {reason}"), ambiguous=True, tries=number + 1
            )
        if kind != "retry":  # the service said why: no retry within this run
            return Outcome(False, redactor.scrub(reason), kind == "permanent", tries=number + 1)
        if number < retries:
            time.sleep(backoff * (2**number))
    if route is None:
        reason = explain(message.url, log.take() or "send failed")
    return Outcome(False, redactor.scrub(reason), tries=retries + 1)


def _email_attempt(
    route: EmailRoute, message: Message, pool: SessionPool
) -> tuple[str, str] | None:
    """One try over a kept session; None when the server took the message."""
    try:
        with pool.checkout() as sessions:
            sessions.send(route, message.title, message.body, message.text)
    except SmtpFailure as failure:
        return failure.kind, failure.reason
    return None


def _apprise_attempt(
    client: apprise.Apprise, message: Message, log: _PerThreadLog
) -> tuple[str, str] | None:
    """One try through Apprise; None when sent, else (kind, reason) as ``zalo.Verdict``'s
    kinds, or "unmatched" when no service took the URL."""
    smtp_phase.reset()
    zalo.reset()
    body, title, text = message.body, message.title, message.text
    if not message.url.lower().startswith(_EMAIL_SCHEMES):  # a chat: no mention in it
        body, title = neutralise(body), neutralise(title)
        text = neutralise(text) if text is not None else None
    with email_text.plain_alternative(body, text):
        result = client.notify(body=body, title=title, body_format=apprise.NotifyFormat.HTML)
    if result is True:
        return None
    if result is None:
        return "unmatched", f"no service matched: {log.take()}"
    verdict = zalo.take_verdict()
    if verdict is not None:
        log.take()
        return verdict.kind, verdict.reason
    if smtp_phase.data_unanswered():
        return "ambiguous", log.take() or "no reply after the message data"
    return "retry", ""  # why is in Apprise's log lines, read once all tries are spent


_EMAIL_SCHEMES = ("mailto:", "mailtos:")

PROCESS_THRESHOLD = 400  # below this, starting processes costs more than it saves
MADE_AT_ONCE = 500  # messages given as functions are made this many at a time


@dataclass(frozen=True)
class _Sending:
    """How to send (picklable: each sending process gets it)."""

    concurrency: int  # messages at once, and at most sent but not yet recorded
    email_sessions: int
    redactor: Redactor
    retries: int
    backoff: float

    def threads(self, routes: Sequence[EmailRoute | None]) -> int:
        """Threads for a batch (its messages' e-mail routes): e-mail alone needs one per
        session, chats all of them."""
        if all(route is not None for route in routes):
            return max(1, min(self.concurrency, self.email_sessions, len(routes)))
        return max(1, min(self.concurrency, len(routes)))


def send_all(
    messages: Sequence[Message | Callable[[], Message]],
    *,
    concurrency: int,
    redactor: Redactor,
    retries: int = 2,
    backoff: float = 0.5,
    processes: int = 1,
    sink: SinkSpec | None = None,
    email_sessions: int = EMAIL_SESSIONS,
) -> list[Outcome]:
    """Send every message; the outcomes come back in the same order.

    A message may be given as a function that makes it: messages are then made a batch
    at a time just before they are sent, so a run never holds all of them at once.
    With ``processes`` > 1 a large batch is shared among that many worker processes
    (spawned, not forked: the parent may hold Prefect's threads), each sending with
    ``concurrency // processes`` threads; e-mail over kept sessions rarely needs them.
    """
    sending = _Sending(concurrency, email_sessions, redactor, retries, backoff)
    if processes > 1 and len(messages) >= PROCESS_THRESHOLD:
        return _send_in_processes(messages, sending, processes, sink)
    return _send_in_threads(messages, range(len(messages)), sending, sink)


def _send_in_processes(
    messages: Sequence[Message | Callable[[], Message]],
    sending: _Sending,
    processes: int,
    sink: SinkSpec | None,
) -> list[Outcome]:
    context = multiprocessing.get_context("spawn")
    # Made here: what a worker process receives must be picklable.
    shares = [[_made(m) for m in messages[i::processes]] for i in range(processes)]
    indexes = [range(len(messages))[i::processes] for i in range(processes)]
    # The bound of sent-but-unrecorded messages is the run's, shared among the processes.
    share = replace(sending, concurrency=max(1, sending.concurrency // processes))
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [
            pool.submit(_send_in_threads, part, index, share, sink)
            for part, index in zip(shares, indexes, strict=True)
        ]
        results = [future.result() for future in futures]
    outcomes: list[Outcome] = [Outcome(False)] * len(messages)
    for i, share_outcomes in enumerate(results):
        outcomes[i::processes] = share_outcomes
    return outcomes


def _made(item: Message | Callable[[], Message]) -> Message:
    return item if isinstance(item, Message) else item()


def _send_in_threads(
    messages: Sequence[Message | Callable[[], Message]],
    indexes: Sequence[int],
    sending: _Sending,
    sink_spec: SinkSpec | None,
) -> list[Outcome]:
    log = _PerThreadLog()
    opened: AbstractContextManager[OutcomeSink | None] = (
        sink_spec.open(sending.concurrency) if sink_spec is not None else nullcontext(None)
    )
    sessions = SessionPool(sending.email_sessions)  # closed when all is sent
    outcomes: list[Outcome] = [Outcome(False)] * len(messages)
    APPRISE_LINES.keep(log)
    try:
        with (
            opened as sink,
            ThreadPoolExecutor(
                max_workers=max(1, sending.concurrency), thread_name_prefix="dondoc-send"
            ) as threads,
        ):
            taking = threading.Lock()
            # Set when the caller stops waiting (a signal, an interrupt): the threads
            # finish the sends under way, whose outcomes are still handed over, and take
            # no more; what was not sent stays claimed for a later run.
            interrupted = threading.Event()

            def drain(batch: Iterator[tuple[int, Message, EmailRoute | None]]) -> None:
                """Send from the shared batch until it is empty (a task per thread, not a
                future per message)."""
                while not interrupted.is_set():
                    with taking:
                        at, message, route = next(batch, (-1, None, None))
                    if message is None:
                        return
                    if sink is not None:
                        sink.reserve()
                    outcome = _send_one(
                        message, sending.retries, sending.backoff, log, sending.redactor, sink,
                        sessions, route,
                    )  # fmt: skip
                    outcomes[at] = outcome
                    if sink is not None:
                        sink.done(indexes[at], outcome)

            for start in range(0, len(messages), MADE_AT_ONCE):
                # A batch is made here while nothing is being sent, then sent: made in
                # the sending threads, or here while they send, the making fought them
                # for the interpreter lock (twice the CPU: docs/benchmarks.md).
                made = [_made(m) for m in messages[start : start + MADE_AT_ONCE]]
                routes = [email_route(m.url) for m in made]  # once per message
                batch = zip(range(start, start + len(made)), made, routes, strict=True)
                tasks = [threads.submit(drain, batch) for _ in range(sending.threads(routes))]
                try:
                    for task in tasks:
                        task.result()
                except BaseException:  # the pool's exit waits for the threads: stop them
                    interrupted.set()
                    raise
            return outcomes
    finally:
        sessions.close()
        APPRISE_LINES.release(log)
