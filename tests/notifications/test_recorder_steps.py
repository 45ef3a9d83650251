"""The recorder step by step, in one thread, against a real ledger (no SMTP, no sending
threads): what an outcome writes, when a batch is written, what a full window does, how
a lost claim or a ledger that cannot be written stops the run, and how the claims are
renewed. The end-to-end tests (recording window, takeover, delivery faults) show the same
rules under real sends; these pin each one down quickly (``make mutation`` runs them for
every mutant of ``notifications/recorder.py``)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.planner import Reminder
from notifications.recorder import LedgerSink, Recorder, RecordingFailed, RowRef
from notifications.sender import Outcome
from tests.notifications.conftest import build_committee
from tests.threads import started, wait_for

DAY = date(2024, 3, 15)
NOW = datetime(2024, 3, 15, 0, 30, tzinfo=UTC)
LEASE = timedelta(minutes=15)
D = ledger.D


def _claimed(engine: sa.Engine, count: int, token: str, at: datetime = NOW) -> list[int]:
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    reminders = [
        Reminder(person, "email", f"p{i}@example.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
        for i in range(count)
    ]
    assert ledger.claim_new(engine, reminders, token, at) == count
    return [row.id for row in ledger.claimed_by(engine, token)]


def _rows(engine: sa.Engine) -> dict[int, sa.Row[tuple[object, ...]]]:
    query = sa.select(
        D.c.id,
        D.c.status,
        D.c.attempts,
        D.c.uncertain_sends,
        D.c.subject,
        D.c.digest_id,
        D.c.last_error,
        D.c.sent_at,
        D.c.next_attempt_at,
        D.c.claimed_at,
    )
    with engine.connect() as connection:
        return {row.id: row for row in connection.execute(query)}


def _status(engine: sa.Engine) -> list[str]:
    return [str(row.status) for _, row in sorted(_rows(engine).items())]


@pytest.fixture
def ledger_engine(engine: sa.Engine) -> sa.Engine:
    build_committee(engine)
    return engine


def _sink(engine: sa.Engine, token: str, ids: list[int], lease: timedelta = LEASE) -> LedgerSink:
    refs = [RowRef((row_id,), f"subject {n}", f"digest {n}", n) for n, row_id in enumerate(ids)]
    return LedgerSink.for_run(engine, token, NOW, lease, refs)


def test_each_outcome_writes_its_rows_status_subject_digest_tries_and_error(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 4, token)
    with _sink(ledger_engine, token, ids).open(1) as recorder:
        outcomes = [
            Outcome(ok=True),
            Outcome(ok=False, error="421 busy", tries=2),
            Outcome(ok=False, error="550 no such user", permanent=True),
            Outcome(ok=False, error="timeout after DATA", ambiguous=True),
        ]
        for index, outcome in enumerate(outcomes):
            recorder.reserve()
            recorder.done(index, outcome)
        assert recorder.may_send()
    rows = _rows(ledger_engine)
    sent, failed, abandoned, ambiguous = (rows[i] for i in ids)
    assert (sent.status, sent.attempts, sent.subject, sent.digest_id) == (
        "sent",
        1,
        "subject 0",
        "digest 0",
    )
    assert sent.last_error is None and sent.next_attempt_at is None
    assert sent.sent_at is not None and sent.sent_at.replace(tzinfo=UTC) >= NOW
    assert (failed.status, failed.attempts, failed.last_error, failed.sent_at) == (
        "failed",
        2,
        "421 busy",
        None,
    )
    # Back-off from the attempts the row had before (1) and the tries made now (2).
    retry = failed.next_attempt_at.replace(tzinfo=UTC)
    assert retry - NOW >= ledger.BACKOFF[2] and retry - NOW < ledger.BACKOFF[3]
    assert (abandoned.status, abandoned.last_error, abandoned.subject) == (
        "abandoned",
        "550 no such user",
        "subject 2",
    )
    assert (ambiguous.status, ambiguous.uncertain_sends, ambiguous.digest_id) == (
        "ambiguous",
        1,
        "digest 3",
    )


def test_outcomes_wait_for_half_a_window_and_the_rest_is_written_on_closing(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 5, token)
    with _sink(ledger_engine, token, ids).open(4) as recorder:  # writes by twos
        for index in range(5):
            recorder.reserve()
            recorder.done(index, Outcome(ok=True))
            written = _status(ledger_engine).count("sent")
            assert written == (index + 1) // 2 * 2, (index, written)
            assert recorder._free == 4 - (index + 1 - written)  # written: slots back
    assert _status(ledger_engine) == ["sent"] * 5  # the fifth, on closing


def test_a_full_window_is_written_by_the_sender_that_needs_a_slot(
    ledger_engine: sa.Engine,
) -> None:
    """Four slots, all taken, one outcome waiting for its batch: the fifth send's
    ``reserve`` writes it and takes the slot it frees (it does not wait for ever)."""
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 5, token)
    with _sink(ledger_engine, token, ids).open(4) as recorder:
        for _ in range(4):
            recorder.reserve()
        recorder.done(0, Outcome(ok=True))
        assert _status(ledger_engine).count("sent") == 0
        started(recorder.reserve, "fifth reserve").outcome(60)
        assert _status(ledger_engine).count("sent") == 1
        # No slot is free now: a sixth send waits until an outcome is written.
        sixth = started(recorder.reserve, "sixth reserve")
        sixth.join(0.3)
        assert sixth.is_alive()
        recorder.done(1, Outcome(ok=True))
        recorder.done(2, Outcome(ok=True))  # half a window: written, two slots back
        sixth.outcome(60)
    assert _status(ledger_engine).count("sent") == 3


def test_an_outcome_without_a_send_gives_its_slot_back_and_writes_nothing(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 2, token)
    with _sink(ledger_engine, token, ids).open(1) as recorder:
        recorder.reserve()
        recorder.done(0, Outcome(ok=False, error="stopped", tries=0))
        assert recorder._free == 1  # exactly the one slot back
        started(recorder.reserve, "the slot given back").outcome(60)
        assert recorder._free == 0
        recorder.done(1, Outcome(ok=False, error="item closed", permanent=True, tries=0))
    assert _status(ledger_engine) == ["claimed", "abandoned"]


def test_rows_another_run_took_over_stop_the_sending_without_failing_the_run(
    ledger_engine: sa.Engine,
) -> None:
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    ids = _claimed(ledger_engine, 2, old)
    later = NOW + LEASE + timedelta(minutes=1)
    assert ledger.reclaim(ledger_engine, new, later, later - LEASE, (ItemKind.TASK,)) == 2
    with _sink(ledger_engine, old, ids).open(1) as recorder:
        assert recorder.may_send()
        recorder.reserve()
        recorder.done(0, Outcome(ok=True))
        assert recorder.lost and not recorder.may_send()
        assert recorder.failure is None
    assert _status(ledger_engine) == ["claimed", "claimed"]


def test_a_ledger_that_cannot_be_written_stops_the_run_and_fails_it(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 3, token)
    with ledger_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE delivery_log RENAME TO delivery_log_away")
    recorder = _sink(ledger_engine, token, ids).open(1).__enter__()
    assert recorder.may_send()  # the heartbeat's failure alone stops nothing yet
    recorder.reserve()
    recorder.done(0, Outcome(ok=True))
    assert recorder.failure is not None and not recorder.may_send()
    # Nothing waits for a slot any more, and nothing more is written.
    started(recorder.reserve, "reserve after the failure").outcome(60)
    recorder.done(1, Outcome(ok=True))
    with pytest.raises(RecordingFailed) as failed:
        recorder.__exit__(None, None, None)
    assert "delivery_log" in str(failed.value)
    assert failed.value.args[0].startswith(("OperationalError", "ProgrammingError"))
    # The first line of the driver's error only: not the statement and its parameters.
    assert "\n" not in failed.value.args[0] and "[SQL" not in failed.value.args[0]
    assert recorder.failure == failed.value.args[0]


def test_leaving_by_an_exception_raises_that_exception_not_the_recording_failure(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 1, token)
    with ledger_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE delivery_log RENAME TO delivery_log_away")
    recorder = _sink(ledger_engine, token, ids).open(1).__enter__()
    recorder.reserve()
    recorder.done(0, Outcome(ok=True))
    error = KeyError("the sender's own error")
    recorder.__exit__(KeyError, error, None)  # raises nothing: the sender's error goes on
    assert recorder.failure is not None


def test_claims_are_renewed_on_opening_and_then_every_third_of_the_lease(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 2, token, at=NOW - timedelta(minutes=10))
    lease = timedelta(seconds=0.9)  # a beat every 0.3 s of the run's clock

    def claimed_at() -> datetime:
        stamp: datetime = _rows(ledger_engine)[ids[0]].claimed_at
        return stamp.replace(tzinfo=UTC)

    recorder = _sink(ledger_engine, token, ids, lease).open(2)
    assert recorder.beat_every == pytest.approx(0.3)
    with recorder:
        first = claimed_at()
        assert first >= NOW  # renewed on opening (it was ten minutes old)
        wait_for(lambda: claimed_at() > first, "a second beat")
    assert not recorder._thread.is_alive()  # closing stops the beats


def test_a_run_may_send_only_well_inside_the_lease_of_its_last_renewal(
    ledger_engine: sa.Engine,
) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 1, token)
    recorder = _sink(ledger_engine, token, ids).open(1)
    with recorder:
        lease = LEASE.total_seconds()
        recorder._renewed = time.monotonic() - 0.75 * lease
        assert recorder.may_send()
        recorder._renewed = time.monotonic() - 0.85 * lease
        assert not recorder.may_send()


def test_a_failed_renewal_is_not_a_renewal(ledger_engine: sa.Engine) -> None:
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 1, token)
    recorder = _sink(ledger_engine, token, ids).open(1)
    with ledger_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE delivery_log RENAME TO delivery_log_away")
    before = recorder._renewed
    recorder._beat()  # the error is swallowed: may_send turns False with time
    assert recorder._renewed == before
    with ledger_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE delivery_log_away RENAME TO delivery_log")
    recorder._beat()
    assert recorder._renewed > before
    recorder.engine.dispose()


def test_the_sink_keeps_the_run_and_hides_the_database_address(
    ledger_engine: sa.Engine,
) -> None:
    refs = [RowRef((1, 2), "subject", "digest", 3)]
    sink = LedgerSink.for_run(ledger_engine, "token-1", NOW, LEASE, refs)
    assert (sink.token, sink.started, sink.lease, sink.refs) == ("token-1", NOW, LEASE, tuple(refs))
    assert sink.database_url == ledger_engine.url.render_as_string(hide_password=False)
    assert "database_url" not in repr(sink) and "refs" not in repr(sink)
    assert NOW <= sink.now() < NOW + timedelta(minutes=5)
    later = LedgerSink(sink.database_url, "t", NOW, sink.started_wall - 60, LEASE, ())
    assert later.now() >= NOW + timedelta(seconds=60)
    ahead = LedgerSink(sink.database_url, "t", NOW, time.time() + 3600, LEASE, ())
    assert ahead.now() == NOW  # a wall clock set back never moves the run's clock back
    recorders = [sink.open(7), Recorder(sink, 0), Recorder(sink, 1)]
    assert [(r.spec, r._free, r._batch) for r in recorders] == [
        (sink, 7, 3),
        (sink, 1, 1),
        (sink, 1, 1),
    ]
    for recorder in recorders:
        recorder.engine.dispose()


def test_an_error_of_the_recorder_itself_stops_the_run_and_fails_it(
    ledger_engine: sa.Engine,
) -> None:
    """Not only database errors: whatever a write raises stops the sending (here an
    outcome for a message the run never listed), and nobody waits for a slot."""
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 1, token)
    recorder = _sink(ledger_engine, token, ids).open(1).__enter__()
    recorder.reserve()
    recorder.done(5, Outcome(ok=True))  # refs hold one message: index 5 is no message
    assert recorder.failure is not None
    assert recorder.failure.startswith("recorder stopped: IndexError: ")
    assert not recorder.may_send()
    started(recorder.reserve, "reserve after the failure").outcome(60)
    with pytest.raises(RecordingFailed):
        recorder.__exit__(None, None, None)
    assert _status(ledger_engine) == ["claimed"]


def test_a_write_that_fails_once_is_tried_again_and_the_run_goes_on(
    ledger_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief hiccup (a lock, a full disk being freed) does not stop the run: the real
    ledger, behind a door that refuses the first outcome's write twice (its third and
    last try succeeds), then the second outcome's once."""
    token = str(uuid.uuid4())
    ids = _claimed(ledger_engine, 2, token)
    real = ledger.record
    calls: list[int] = []

    def hiccup(*args: Any) -> int:
        calls.append(len(calls))
        if len(calls) in (1, 2, 4):
            raise sa.exc.OperationalError("UPDATE delivery_log", {}, Exception("locked"))
        return real(*args)

    monkeypatch.setattr(ledger, "record", hiccup)
    with _sink(ledger_engine, token, ids).open(1) as recorder:
        for index in range(2):
            recorder.reserve()
            recorder.done(index, Outcome(ok=True))
            assert recorder.failure is None and recorder.may_send()
    assert calls == [0, 1, 2, 3, 4]
    assert _status(ledger_engine) == ["sent", "sent"]


def test_opening_renews_the_claims_older_than_a_twelfth_of_the_lease(
    ledger_engine: sa.Engine,
) -> None:
    """A twelfth of 15 minutes is 75 s: claims 60 s and 72 s old are left as they are
    (each beat would otherwise rewrite a morning's claims), 120 s old are renewed."""
    token = str(uuid.uuid4())
    with ledger_engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    ages = (60, 72, 120)
    for item, age in enumerate(ages):
        reminder = Reminder(
            person, "email", f"p{item}@example.vn", ItemKind.TASK, item, StageName.DUE, DAY, DAY, 0
        )
        ledger.claim_new(ledger_engine, [reminder], token, NOW - timedelta(seconds=age))
    ids = [
        row.id for row in sorted(ledger.claimed_by(ledger_engine, token), key=lambda r: r.item_id)
    ]
    recorder = _sink(ledger_engine, token, ids).open(1)
    recorder._beat()  # what opening does first
    recorder.engine.dispose()
    stamps = [_rows(ledger_engine)[i].claimed_at.replace(tzinfo=UTC) for i in ids]
    assert stamps[:2] == [NOW - timedelta(seconds=60), NOW - timedelta(seconds=72)]
    assert stamps[2] >= NOW


def test_the_sending_processes_get_the_database_password() -> None:
    """The sink is handed to other processes, which open their own connection: the
    address keeps its password (and ``repr`` never shows it)."""
    engine = sa.create_engine("postgresql+psycopg://dondoc:s3cret@db.example/dondoc")
    sink = LedgerSink.for_run(engine, "t", NOW, LEASE, [])
    assert sink.database_url == "postgresql+psycopg://dondoc:s3cret@db.example/dondoc"
    assert "s3cret" not in repr(sink)
