"""Recording each send as it completes, and keeping this run's claims alive meanwhile.

Outcomes are written by group commit: whatever completed while the previous write was
running goes out in the next single statement batch. A send takes a slot of the
recorder's window before it starts and the slot comes back once its outcome is written,
so a run killed at any instant leaves at most ``window`` (the send concurrency)
messages sent but unrecorded, and no sending thread waits for a write unless the window
is full. A background thread renews the run's claims (a heartbeat every third of the
lease), so a slow run is never taken over; if it cannot renew them in time, or a write
finds a row held by another run (fencing by claim token), or outcomes cannot be written
at all, sending stops.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from notifications import ledger
from notifications.sender import Outcome

WRITE_TRIES = 3  # a brief hiccup (lock, full disk being freed) does not stop the run


class RecordingFailed(RuntimeError):
    """Outcomes could not be written: the run stopped sending (rows stay claimed)."""


@dataclass(frozen=True)
class RowRef:
    """What the ledger needs to know about message i: its rows and how it was sent."""

    row_ids: tuple[int, ...]
    subject: str | None
    digest_id: str | None
    attempts: int


@dataclass(frozen=True)
class LedgerSink:
    """Picklable description of where outcomes go; each sending process opens its own."""

    database_url: str = field(repr=False)  # may hold a password: never shown
    token: str
    started: datetime  # the run's "now" (injected in tests), advanced by elapsed time
    started_wall: float
    lease: timedelta
    refs: tuple[RowRef, ...] = field(repr=False)

    @classmethod
    def for_run(
        cls, engine: Engine, token: str, now: datetime, lease: timedelta, refs: list[RowRef]
    ) -> LedgerSink:
        url = engine.url.render_as_string(hide_password=False)
        return cls(url, token, now, time.time(), lease, tuple(refs))

    def now(self) -> datetime:
        return self.started + timedelta(seconds=max(0.0, time.time() - self.started_wall))

    def open(self, window: int) -> Recorder:
        return Recorder(self, window)


class Recorder:
    """Outcomes written by group commit, in the sending threads themselves.

    A thread that hands over an outcome when half a window is waiting and no write is
    running writes them all in one statement batch (its own with them), as does a
    thread that finds the window full; while it writes, the others go on sending and
    their outcomes wait for the next write. A writer thread of its own would wait for
    the interpreter lock behind a dozen busy senders, which lengthens the send phase.
    A background thread only renews the claims.
    """

    def __init__(self, spec: LedgerSink, window: int) -> None:
        from models.db import make_engine

        self.spec = spec
        self.engine = make_engine(spec.database_url)
        self.beat_every = max(0.2, spec.lease.total_seconds() / 3)
        self.failure: str | None = None
        self.lost = False
        self._free = max(1, window)  # slots: sends whose outcome is not written yet
        # A write waits for half a window of outcomes (less CPU than a write per outcome
        # or two); the window still bounds what a crash leaves.
        self._batch = max(1, window // 2)
        self._pending: list[tuple[int, Outcome]] = []
        self._writing = False
        self._stopped = False  # nothing is written any more: nobody waits for a slot
        self._cond = threading.Condition()
        self._database = threading.Lock()  # one write at a time: outcomes or a heartbeat
        self._renewed = time.monotonic()
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._beats, name="dondoc-renew", daemon=True)

    def __enter__(self) -> Recorder:
        self._beat()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()
        self._thread.join()
        self._flush()  # whatever a thread left behind a running write
        self.engine.dispose()
        if self.failure is not None and kind is None:
            raise RecordingFailed(self.failure)

    def may_send(self) -> bool:
        # Stop well inside the lease: a claim is only ours while it is renewed.
        fresh = time.monotonic() - self._renewed < self.spec.lease.total_seconds() * 0.8
        return self.failure is None and not self.lost and fresh

    def reserve(self) -> None:
        """Wait for a slot before a send; a thread that would wait while outcomes are
        waiting for a writer writes them itself."""
        with self._cond:
            while self._free <= 0 and not self._stopped:
                if self._pending and not self._writing:
                    self._cond.release()
                    try:
                        self._flush()
                    finally:
                        self._cond.acquire()
                else:
                    self._cond.wait()
            self._free -= 1

    def done(self, index: int, outcome: Outcome) -> None:
        """Hand over the outcome of the send that took a slot; written now if no write
        is running, else by the next write."""
        with self._cond:
            if outcome.tries == 0 and not outcome.permanent:
                self._give(1)  # nothing was sent and nothing settled: nothing to write
                return
            if self._stopped:
                return  # nothing will write it: sending has stopped (failure is set)
            self._pending.append((index, outcome))
            if self._writing or len(self._pending) < self._batch:
                self._cond.notify()  # a thread waiting for a slot may write it
                return
        self._flush()

    def _give(self, count: int) -> None:
        self._free += count
        self._cond.notify(count)

    def _flush(self) -> None:
        """Write what is pending unless another thread is writing (then it is next)."""
        with self._cond:
            if self._writing or not self._pending or self._stopped:
                return
            self._writing = True
            batch, self._pending = self._pending, []
        try:
            with self._database:
                self._write(batch)
        except Exception as error:  # never leave a sending thread waiting
            self.failure = f"recorder stopped: {type(error).__name__}: {error}"
        with self._cond:
            self._writing = False
            if self.failure is None:
                self._give(len(batch))
            else:
                self._stopped, self._pending = True, []  # sending stops (may_send)
                self._cond.notify_all()

    def _beats(self) -> None:
        while not self._closing.wait(self.beat_every):
            with self._database:
                self._beat()

    def _result(self, index: int, outcome: Outcome) -> ledger.Result:
        ref = self.spec.refs[index]
        return ledger.Result(
            ref.row_ids,
            outcome.ok,
            ref.subject,
            ref.digest_id,
            outcome.error,
            outcome.permanent,
            outcome.ambiguous,
            ref.attempts,
            outcome.tries,
        )

    def _write(self, batch: list[tuple[int, Outcome]]) -> None:
        results = [self._result(*p) for p in batch]
        expected = sum(len(r.row_ids) for r in results)
        for attempt in range(WRITE_TRIES):
            try:
                written = ledger.record(self.engine, self.spec.token, results, self.spec.now())
                if written < expected:
                    self.lost = True  # another run holds some of them now
                return
            except SQLAlchemyError as error:
                if attempt == WRITE_TRIES - 1:
                    self.failure = f"{type(error).__name__}: {str(error).splitlines()[0]}"
                else:
                    time.sleep(0.2 * 2**attempt)

    def _beat(self) -> None:
        try:
            # Claims younger than a twelfth of the lease are not rewritten: after a beat
            # every claim is at most that old, so even the last moment this run may
            # send (0.8 of the lease after its last beat) is inside every claim's lease.
            ledger.heartbeat(self.engine, self.spec.token, self.spec.now(), self.spec.lease / 12)
        except SQLAlchemyError:
            return  # not renewed: may_send() turns False once the lease nears its end
        self._renewed = time.monotonic()
