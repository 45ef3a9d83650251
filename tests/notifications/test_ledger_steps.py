"""The ledger's rules one statement at a time, on rows set up in every state a run can
leave them in: back-off, what a reclaim takes over (and what it settles instead of
re-sending), what a heartbeat renews, what an outcome writes, what the office is told
about, and what a claim starts from. The end-to-end tests (delivery faults, killed
mid-send, takeover) show the same rules through real runs; these pin each one down
quickly (``make mutation`` runs them for every mutant of ``notifications/ledger.py``)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.ledger import BACKOFF_CAP, DIED, MAX_UNCERTAIN, Claimed, Result, retry_at
from notifications.planner import Reminder
from tests.notifications.conftest import build_committee

DAY = date(2024, 3, 15)
NOW = datetime(2024, 3, 15, 7, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
D = ledger.D


@pytest.fixture
def people(engine: sa.Engine) -> list[int]:
    build_committee(engine)
    with engine.connect() as connection:
        query = sa.select(sa.column("id", sa.Integer())).select_from(sa.table("person"))
        return list(connection.execute(query).scalars())


def _claim(
    engine: sa.Engine, person: int, items: range, token: str, kind: ItemKind = ItemKind.TASK
) -> list[int]:
    reminders = [
        Reminder(person, "email", f"p{i}@example.vn", kind, i, StageName.DUE, DAY, DAY, 0)
        for i in items
    ]
    assert ledger.claim_new(engine, reminders, token, NOW - timedelta(hours=1)) == len(items)
    with engine.connect() as connection:
        query = sa.select(D.c.id).where(D.c.item_kind == kind, D.c.item_id.in_(list(items)))
        return sorted(connection.execute(query).scalars())


def _set(engine: sa.Engine, row_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(D.update().where(D.c.id == row_id).values(**values))


def _row(engine: sa.Engine, row_id: int) -> sa.Row[Any]:
    with engine.connect() as connection:
        return connection.execute(sa.select(D).where(D.c.id == row_id)).one()


def _at(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def test_back_off_grows_by_the_table_then_stays_at_the_cap() -> None:
    waits = [retry_at(NOW, attempts) - NOW for attempts in range(7)]
    assert waits == [
        BACKOFF_CAP,  # no attempt counted: never sooner than the cap
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
        BACKOFF_CAP,
        BACKOFF_CAP,
    ]


def test_a_reclaim_takes_what_is_due_and_what_a_dead_run_left(
    engine: sa.Engine, people: list[int]
) -> None:
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    ids = _claim(engine, people[0], range(10), old)
    cutoff = NOW - LEASE
    due_now, due_never_set, not_yet, uncertain_once, uncertain_twice = ids[:5]
    dead, dead_at_cutoff, dead_twice, fresh, sent = ids[5:]
    for row_id, at in ((due_now, NOW), (not_yet, NOW + timedelta(seconds=1))):
        _set(engine, row_id, status="failed", next_attempt_at=at, last_error="421", attempts=1)
    _set(engine, due_never_set, status="failed", last_error="421", attempts=1)
    _set(engine, uncertain_once, status="ambiguous", uncertain_sends=1, last_error="timeout")
    _set(engine, uncertain_twice, status="failed", uncertain_sends=MAX_UNCERTAIN)
    _set(engine, dead, claimed_at=cutoff - timedelta(seconds=1))
    _set(engine, dead_at_cutoff, claimed_at=cutoff)
    _set(engine, dead_twice, claimed_at=cutoff - timedelta(seconds=1), uncertain_sends=1)
    _set(engine, fresh, claimed_at=NOW - timedelta(minutes=1))
    _set(engine, sent, status="sent", sent_at=NOW - timedelta(hours=1))

    assert ledger.reclaim(engine, new, NOW, cutoff, (ItemKind.TASK,)) == 4

    for row_id in (due_now, due_never_set, uncertain_once, dead):
        row = _row(engine, row_id)
        assert (row.status, row.claim_token, _at(row.claimed_at), _at(row.updated_at)) == (
            "claimed",
            new,
            NOW,
            NOW,
        ), row_id
    # A failed or uncertain row keeps its count and its error; a dead run's claim counts
    # one uncertain send and says why.
    assert (_row(engine, due_now).uncertain_sends, _row(engine, due_now).last_error) == (0, "421")
    assert _row(engine, due_never_set).last_error == "421"
    assert (
        _row(engine, uncertain_once).uncertain_sends,
        _row(engine, uncertain_once).last_error,
    ) == (
        1,
        "timeout",
    )
    assert (_row(engine, dead).uncertain_sends, _row(engine, dead).last_error) == (1, DIED)
    # A dead run's claim already uncertain once is settled as ambiguous, not sent again.
    settled = _row(engine, dead_twice)
    assert (settled.status, settled.uncertain_sends, settled.claim_token) == (
        "ambiguous",
        MAX_UNCERTAIN,
        None,
    )
    assert (settled.last_error, _at(settled.updated_at)) == (DIED, NOW)
    # Left alone: not due yet, uncertain twice, claimed at the cutoff or since, sent.
    assert [_row(engine, i).status for i in (not_yet, uncertain_twice, sent)] == [
        "failed",
        "failed",
        "sent",
    ]
    for row_id in (not_yet, uncertain_twice, dead_at_cutoff, fresh, sent):
        assert (
            _row(engine, row_id).claim_token in (old, None)
            and _row(engine, row_id).claim_token != new
        )
    assert _row(engine, dead_at_cutoff).uncertain_sends == 0
    assert _row(engine, uncertain_twice).uncertain_sends == MAX_UNCERTAIN


def test_a_reclaim_takes_back_only_its_own_kinds(engine: sa.Engine, people: list[int]) -> None:
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    task_rows = _claim(engine, people[0], range(2), old, ItemKind.TASK)
    duty_rows = _claim(engine, people[0], range(2), old, ItemKind.DUTY)
    long_ago = NOW - timedelta(days=1)
    for row_id in (*task_rows, *duty_rows):
        _set(engine, row_id, claimed_at=long_ago)
    _set(engine, task_rows[1], uncertain_sends=1)  # would be settled, if it were ours
    _set(engine, duty_rows[1], uncertain_sends=1)
    assert ledger.reclaim(engine, new, NOW, NOW - LEASE, ()) == 0
    assert ledger.reclaim(engine, new, NOW, NOW - LEASE, (ItemKind.DUTY,)) == 1
    assert [_row(engine, i).claim_token for i in task_rows] == [old, old]
    assert [_row(engine, i).status for i in task_rows] == ["claimed", "claimed"]
    assert [(_row(engine, i).claim_token, _row(engine, i).status) for i in duty_rows] == [
        (new, "claimed"),
        (None, "ambiguous"),
    ]


def test_a_heartbeat_renews_only_this_runs_unfinished_claims(
    engine: sa.Engine, people: list[int]
) -> None:
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    own = _claim(engine, people[0], range(3), mine)
    other = _claim(engine, people[0], range(3, 4), theirs)
    _set(engine, own[1], status="sent")
    edge = NOW - timedelta(minutes=1)
    _set(engine, own[2], claimed_at=edge)  # exactly skip_newer old: renewed
    assert ledger.heartbeat(engine, mine, NOW, timedelta(minutes=1)) == 2
    assert [_at(_row(engine, i).claimed_at) for i in own] == [NOW, NOW - timedelta(hours=1), NOW]
    assert _at(_row(engine, other[0]).claimed_at) == NOW - timedelta(hours=1)
    assert ledger.heartbeat(engine, mine, NOW + timedelta(seconds=30), timedelta(minutes=1)) == 0


def test_an_outcome_writes_its_status_back_off_and_error(
    engine: sa.Engine, people: list[int]
) -> None:
    token = str(uuid.uuid4())
    ids = _claim(engine, people[0], range(5), token)
    results = [
        Result((ids[0],), True, "s0", "d0", error="not kept when sent", attempts=3),
        Result((ids[1],), False, "s1", None, "421 busy", attempts=0, tries=1),
        Result((ids[2],), False, "s2", None, "421 busy", attempts=2, tries=0),
        Result((ids[3],), False, None, None, "timeout", ambiguous=True, attempts=1, tries=1),
        Result((), True),  # no rows: nothing to write
    ]
    assert ledger.record(engine, token, results, NOW) == 4
    sent, failed, unsent, ambiguous = (_row(engine, i) for i in ids[:4])
    assert (sent.status, sent.last_error, _at(sent.sent_at), sent.next_attempt_at) == (
        "sent",
        None,
        NOW,
        None,
    )
    assert (sent.attempts, sent.subject, sent.digest_id) == (1, "s0", "d0")
    assert (failed.status, failed.attempts, failed.last_error, failed.sent_at) == (
        "failed",
        1,
        "421 busy",
        None,
    )
    assert _at(failed.next_attempt_at) == NOW + timedelta(minutes=5)  # first failure
    # Settled without a send: no attempt more, but one step of back-off past those made.
    assert (unsent.attempts, _at(unsent.next_attempt_at)) == (0, NOW + timedelta(minutes=30))
    assert (ambiguous.status, ambiguous.uncertain_sends, ambiguous.attempts) == ("ambiguous", 1, 1)
    assert _at(ambiguous.next_attempt_at) == NOW + timedelta(minutes=15)
    assert _row(engine, ids[4]).status == "claimed"
    assert ledger.record(engine, token, [Result((), True)], NOW) == 0
    assert ledger.record(engine, token, [], NOW) == 0


def test_the_office_hears_of_rows_out_of_tries_or_uncertain_twice_once(
    engine: sa.Engine, people: list[int]
) -> None:
    ids = _claim(engine, people[0], range(7), str(uuid.uuid4()))
    out_of_tries, one_try_left, uncertain_twice, uncertain_once, sent, told, beyond = ids
    _set(engine, out_of_tries, status="failed", attempts=3)
    _set(engine, one_try_left, status="failed", attempts=2)
    _set(engine, uncertain_twice, status="ambiguous", uncertain_sends=MAX_UNCERTAIN)
    _set(engine, uncertain_once, status="ambiguous", uncertain_sends=1)
    _set(engine, sent, status="sent", attempts=3)
    _set(engine, told, status="failed", attempts=5, reported_at=NOW)
    _set(engine, beyond, status="failed", attempts=4)
    assert ledger.unreported_failures(engine, 3) == sorted([out_of_tries, uncertain_twice, beyond])


def test_a_claim_starts_untried_and_is_read_back_whole_grouped_by_recipient_and_channel(
    engine: sa.Engine, people: list[int]
) -> None:
    token = str(uuid.uuid4())
    first, second = sorted(people)[:2]
    reminders = [
        Reminder(
            who, channel, f"{who}@{channel}", ItemKind.TASK, item, StageName.OVERDUE, DAY, DAY, 3
        )
        for who in (second, first)
        for item in (7, 3, 5)
        for channel in ("zalo", "email")
    ]
    assert ledger.claim_new(engine, reminders, token, NOW) == 12
    assert ledger.claim_new(engine, reminders, str(uuid.uuid4()), NOW) == 0
    claimed = ledger.claimed_by(engine, token)
    assert claimed == sorted(claimed, key=lambda c: (c.recipient_id, c.channel, c.id))
    with engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(sa.select(D))}
    assert [c.id for c in claimed] != sorted(rows)  # grouping, not the id order
    assert sorted(claimed) == sorted(
        Claimed(
            r.id,
            r.recipient_id,
            r.channel,
            r.address,
            r.item_kind,
            r.item_id,
            r.stage,
            r.occurrence,
            r.attempts,
        )
        for r in rows.values()
    )
    assert {(c.recipient_id, c.channel, c.address, c.item_id) for c in claimed} == {
        (r.recipient_id, r.channel, r.address, r.item_id) for r in reminders
    }
    assert {(c.item_kind, c.stage, c.occurrence) for c in claimed} == {
        ("task", "overdue", "2024-03-15")
    }
    for row in rows.values():
        assert (row.status, row.attempts, row.uncertain_sends, row.claim_token) == (
            "claimed",
            0,
            0,
            token,
        )
        assert _at(row.claimed_at) == _at(row.created_at) == _at(row.updated_at) == NOW
    assert ledger.claimed_by(engine, str(uuid.uuid4())) == []
