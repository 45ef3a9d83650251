"""Recording each send as it completes, and keeping this run's claims alive meanwhile.

A background thread writes outcomes by group commit: whatever completed while the
previous write was running goes out in the next single statement batch, so a batch is
never larger than the send concurrency and a run killed at any instant leaves at most
that many messages sent but unrecorded. The same thread renews the run's claims (a
heartbeat every third of the lease), so a slow run is never taken over; if it cannot
renew them in time, or a write finds a row held by another run (fencing by claim
token), or outcomes cannot be written at all, sending stops.
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

    def open(self) -> Recorder:
        return Recorder(self)


@dataclass
class _Pending:
    index: int
    outcome: Outcome
    written: threading.Event = field(default_factory=threading.Event)


class Recorder:
    def __init__(self, spec: LedgerSink) -> None:
        from models.db import make_engine

        self.spec = spec
        self.engine = make_engine(spec.database_url)
        self.beat_every = max(0.2, spec.lease.total_seconds() / 3)
        self.failure: str | None = None
        self.lost = False
        self._pending: list[_Pending] = []
        self._closing = False
        self._dead = False
        self._cond = threading.Condition()
        self._renewed = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name="dondoc-record", daemon=True)

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
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        self.engine.dispose()
        if self.failure is not None and kind is None:
            raise RecordingFailed(self.failure)

    def may_send(self) -> bool:
        # Stop well inside the lease: a claim is only ours while it is renewed.
        fresh = time.monotonic() - self._renewed < self.spec.lease.total_seconds() * 0.8
        return self.failure is None and not self.lost and fresh

    def done(self, index: int, outcome: Outcome) -> None:
        pending = _Pending(index, outcome)
        with self._cond:
            if self._dead:
                return  # nothing will write it: sending has stopped (failure is set)
            self._pending.append(pending)
            self._cond.notify_all()
        pending.written.wait()

    def _loop(self) -> None:
        try:
            self._work()
        except Exception as error:  # never leave a sending thread waiting
            self.failure = f"recorder stopped: {type(error).__name__}: {error}"
        finally:
            with self._cond:
                self._dead = True
                left, self._pending = self._pending, []
            for pending in left:
                pending.written.set()

    def _work(self) -> None:
        last_beat = time.monotonic()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending) or self._closing, self.beat_every)
                batch, self._pending = self._pending, []
                closing = self._closing
            if batch:
                self._write(batch)
            if time.monotonic() - last_beat >= self.beat_every and not closing:
                self._beat()
                last_beat = time.monotonic()
            if closing and not batch:
                return

    def _result(self, pending: _Pending) -> ledger.Result:
        ref, outcome = self.spec.refs[pending.index], pending.outcome
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

    def _write(self, batch: list[_Pending]) -> None:
        results = [self._result(p) for p in batch]
        expected = sum(len(r.row_ids) for r in results)
        try:
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
        finally:
            for pending in batch:
                pending.written.set()

    def _beat(self) -> None:
        try:
            # Claims younger than a twelfth of the lease are not rewritten: after a beat
            # every claim is at most that old, so even the last moment this run may
            # send (0.8 of the lease after its last beat) is inside every claim's lease.
            ledger.heartbeat(self.engine, self.spec.token, self.spec.now(), self.spec.lease / 12)
        except SQLAlchemyError:
            return  # not renewed: may_send() turns False once the lease nears its end
        self._renewed = time.monotonic()
