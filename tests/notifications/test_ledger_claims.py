"""How a run claims and reads back its deliveries, one ledger function at a time, on both
backends: which rows a claim takes (new keys only, held or settled keys left to their
rows, a row another run inserted meanwhile left to it), every column it writes, the
probes it makes (a sample first, every key only when some are held), what ``unheld``
and ``claimed_by`` return, and the record statement's shape on each dialect.
``make mutation`` runs them for every mutant of ``notifications/ledger.py``
(``MUTATION_QUICK=1`` included)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from models.db import make_engine
from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.ledger import Claimed, Result
from notifications.planner import Reminder, idempotency_keys
from tests.notifications.conftest import build_committee

DAY = date(2024, 3, 15)
HANOI = timezone(timedelta(hours=7))
NOW = datetime(2024, 3, 15, 14, 0, tzinfo=HANOI)  # 07:00 UTC, given in local time
D = ledger.D
TOKEN = "11111111-1111-1111-1111-111111111111"


@pytest.fixture
def people(engine: sa.Engine) -> list[int]:
    build_committee(engine)
    with engine.connect() as connection:
        query = sa.select(sa.column("id", sa.Integer())).select_from(sa.table("person"))
        return sorted(connection.execute(query).scalars())


def _varied(people: Sequence[int]) -> list[Reminder]:
    """Reminders differing in every field a row keeps, given in an order that is not
    their keys' order."""
    first, second = people[:2]
    reminders = [
        Reminder(first, "email", "a@example.vn", ItemKind.TASK, 7, StageName.DUE, DAY, DAY, 0),
        Reminder(first, "zalo", "84901", ItemKind.DUTY, 8, StageName.OVERDUE, DAY, DAY, 2),
        Reminder(
            second, "email", "b@example.vn", ItemKind.REQUEST, 9, StageName.WAITING, DAY,
            DAY + timedelta(days=1), 0,
        ),
        Reminder(
            second, "webhook", "hook-b", ItemKind.TASK, 7, StageName.ESCALATION, DAY,
            DAY - timedelta(days=3), 5,
        ),
    ]  # fmt: skip
    keys = idempotency_keys(reminders)
    return sorted(reminders, key=lambda r: keys[reminders.index(r)], reverse=True)


def _rows(engine: sa.Engine) -> list[sa.Row[Any]]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(D).order_by(D.c.id)))


def _set(engine: sa.Engine, row_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(D.update().where(D.c.id == row_id).values(**values))


def _probed(engine: sa.Engine) -> Iterator[list[list[str]]]:
    """The keys each probe of the ledger (``unheld``) sent, as lists, in order."""
    probes: list[list[str]] = []

    def _seen(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "idempotency_key = k." in statement.lower():  # SQL in any case
            text = params[0]
            probes.append(
                text.split("\n") if engine.dialect.name == "postgresql" else json.loads(text)
            )

    sa.event.listen(engine, "before_cursor_execute", _seen)
    try:
        yield probes
    finally:
        sa.event.remove(engine, "before_cursor_execute", _seen)


@pytest.fixture
def probes(engine: sa.Engine) -> Iterator[list[list[str]]]:
    yield from _probed(engine)


def test_a_claim_writes_every_field_of_each_reminder_in_key_order(
    engine: sa.Engine, people: list[int]
) -> None:
    reminders = _varied(people)
    assert ledger.claim_new(engine, reminders, TOKEN, NOW) == 4
    rows = _rows(engine)
    by_key = {r.key: r for r in reminders}
    # In key order: the rows' ids follow their keys, not the order they were given in.
    assert [row.idempotency_key for row in rows] == sorted(by_key)
    assert [row.idempotency_key for row in rows] != [r.key for r in reminders]
    for row in rows:
        r = by_key[row.idempotency_key]
        assert (row.recipient_id, row.channel, row.address, row.item_kind, row.item_id) == (
            r.recipient_id, r.channel, r.address, r.item_kind.value, r.item_id,
        )  # fmt: skip
        assert (row.stage, row.occurrence) == (r.stage, r.occurrence.isoformat())
        assert (row.status, row.attempts, row.uncertain_sends, row.claim_token) == (
            "claimed", 0, 0, TOKEN,
        )  # fmt: skip
        assert row.claimed_at == row.created_at == row.updated_at == NOW  # the same instant
        assert (row.sent_at, row.next_attempt_at, row.last_error, row.subject) == (None,) * 4
    # Stored as every other statement writes a time: a lease compares against it.
    with engine.connect() as connection:
        same_time = sa.select(sa.func.count()).where(D.c.claimed_at == NOW)
        assert connection.execute(same_time).scalar_one() == 4
        older = sa.select(sa.func.count()).where(D.c.claimed_at < NOW + timedelta(seconds=1))
        assert connection.execute(older).scalar_one() == 4
    assert ledger.heartbeat(engine, TOKEN, NOW + timedelta(minutes=2), timedelta(minutes=1)) == 4


def test_a_claim_probes_a_sample_first_and_every_key_only_when_some_are_held(
    engine: sa.Engine, people: list[int], probes: list[list[str]]
) -> None:
    def reminders(items: range) -> list[Reminder]:
        return [
            Reminder(people[0], "email", "a@x.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
            for i in items
        ]

    first = reminders(range(1500))
    keys = sorted(idempotency_keys(first))
    assert ledger.claim_new(engine, first, TOKEN, NOW) == 1500
    # Nothing held yet: one probe of every third key (1500 // 500), sorted, and no more.
    assert probes == [keys[::3]]

    probes.clear()
    again = reminders(range(1509))
    keys = sorted(idempotency_keys(again))
    assert ledger.claim_new(engine, again, "22222222-2222-2222-2222-222222222222", NOW) == 9
    # The sample finds held keys: then every key is probed, and only the new ones go in.
    assert probes == [keys[::3], keys]

    probes.clear()
    few = reminders(range(5000, 5400))
    assert ledger.claim_new(engine, few, TOKEN, NOW) == 400
    assert probes == [sorted(idempotency_keys(few))]  # under 500 keys: the sample is all

    probes.clear()
    assert ledger.claim_new(engine, few, TOKEN, NOW) == 0  # a same-day re-run
    assert probes == [sorted(idempotency_keys(few))] * 2
    assert ledger.claim_new(engine, [], TOKEN, NOW) == 0


def test_a_claim_leaves_held_and_settled_keys_to_their_rows(
    engine: sa.Engine, people: list[int]
) -> None:
    reminders = _varied(people)
    older = "33333333-3333-3333-3333-333333333333"
    assert ledger.claim_new(engine, reminders[:3], older, NOW - timedelta(hours=1)) == 3
    before = _rows(engine)
    for row, status in zip(before, ("sent", "failed", "abandoned"), strict=True):
        _set(engine, row.id, status=status)
    assert ledger.claim_new(engine, reminders, TOKEN, NOW) == 1
    after = _rows(engine)
    kept = {r.idempotency_key: (r.status, r.claim_token) for r in after}
    assert sorted(kept.values()) == sorted(
        [("sent", older), ("failed", older), ("abandoned", older), ("claimed", TOKEN)]
    )
    assert [c.item_id for c in ledger.claimed_by(engine, TOKEN)] == [reminders[3].item_id]


def test_a_row_another_run_inserts_after_the_probe_is_left_to_it(
    engine: sa.Engine, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the probe and the insert another run claims two of the keys: the unique
    key decides (on PostgreSQL the straight ``COPY`` fails and the rows go through the
    temporary table), and every other row is written whole."""
    reminders = [
        Reminder(people[0], "email", "a@x.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
        for i in range(20)
    ]
    other = "44444444-4444-4444-4444-444444444444"
    probe = ledger.unheld
    raced: list[bool] = []

    def _probe_then_race(engine_: sa.Engine, keys: Sequence[str]) -> list[int]:
        found = probe(engine_, keys)
        if not raced:
            raced.append(True)
            assert ledger.claim_new(engine_, reminders[5:7], other, NOW) == 2
        return found

    monkeypatch.setattr(ledger, "unheld", _probe_then_race)
    assert ledger.claim_new(engine, reminders, TOKEN, NOW + timedelta(minutes=1)) == 18
    rows = {row.item_id: row for row in _rows(engine)}
    assert len(rows) == 20
    assert {rows[5].claim_token, rows[6].claim_token} == {other}
    assert rows[5].claimed_at == NOW
    for item in (*range(5), *range(7, 20)):
        row = rows[item]
        assert (row.status, row.attempts, row.uncertain_sends, row.claim_token) == (
            "claimed", 0, 0, TOKEN,
        ), item  # fmt: skip
        assert row.claimed_at == row.created_at == row.updated_at == NOW + timedelta(minutes=1)
        assert (row.recipient_id, row.channel, row.address, row.item_kind, row.stage) == (
            people[0], "email", "a@x.vn", "task", "due",
        )  # fmt: skip
        assert row.occurrence == DAY.isoformat()


def test_an_unknown_database_is_refused_before_anything_is_written(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(sqlite_url)
    try:
        build_committee(engine)
        with engine.connect() as connection:
            person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
        reminder = Reminder(person, "email", "a@x.vn", ItemKind.TASK, 1, StageName.DUE, DAY, DAY, 0)
        monkeypatch.setattr(engine.dialect, "name", "duckdb")
        with pytest.raises(NotImplementedError, match=r"^no claim statement for duckdb$"):
            ledger.claim_new(engine, [reminder], TOKEN, NOW)
        monkeypatch.undo()
        assert _rows(engine) == []
    finally:
        engine.dispose()


def test_unheld_gives_the_positions_of_the_keys_not_held_in_order(
    engine: sa.Engine, people: list[int]
) -> None:
    reminders = _varied(people)
    ledger.claim_new(engine, reminders[1:3], TOKEN, NOW)
    _set(engine, _rows(engine)[0].id, status="sent")  # settled: still held
    keys = [r.key for r in reminders] + ["9" * 64, "0" * 64]  # not sorted
    assert ledger.unheld(engine, keys) == [0, 3, 4, 5]
    assert ledger.unheld(engine, keys[1:3]) == []
    assert ledger.unheld(engine, keys[3:]) == [0, 1, 2]
    assert ledger.unheld(engine, []) == []


def test_claimed_by_gives_this_runs_unfinished_claims_whole(
    engine: sa.Engine, people: list[int]
) -> None:
    reminders = _varied(people)
    theirs = "55555555-5555-5555-5555-555555555555"
    extra = [
        r._replace(item_id=r.item_id + 100, occurrence=r.occurrence + timedelta(days=9))
        for r in reminders
    ]
    assert ledger.claim_new(engine, reminders + extra, TOKEN, NOW) == 8
    assert ledger.claim_new(engine, [r._replace(item_id=500) for r in reminders], theirs, NOW) == 4
    rows = _rows(engine)
    mine = [row for row in rows if row.claim_token == TOKEN]
    _set(engine, mine[0].id, status="sent")
    _set(engine, mine[1].id, status="failed")
    _set(engine, mine[2].id, attempts=2)  # a retry taken back by this run
    expected = sorted(
        (
            Claimed(row.id, row.recipient_id, row.channel, row.address, row.item_kind,
                    row.item_id, row.stage, row.occurrence, 2 if row.id == mine[2].id else 0)
            for row in mine[2:]
        ),
        key=lambda c: (c.recipient_id, c.channel, c.id),
    )  # fmt: skip
    claimed = ledger.claimed_by(engine, TOKEN)
    assert claimed == expected
    # Kinds, stages and dates differ from row to row: each is read from its own row.
    assert min(len({c.item_kind for c in claimed}), len({c.stage for c in claimed})) > 1
    assert len({c.occurrence for c in claimed}) > 1
    assert [c.id for c in ledger.claimed_by(engine, theirs)] == [
        row.id
        for row in sorted(rows, key=lambda r: (r.recipient_id, r.channel, r.id))
        if row.claim_token == theirs
    ]
    assert ledger.claimed_by(engine, "66666666-6666-6666-6666-666666666666") == []


def test_an_outcome_stamps_its_rows_and_touches_no_other(
    engine: sa.Engine, people: list[int]
) -> None:
    reminders = _varied(people)
    theirs = "77777777-7777-7777-7777-777777777777"
    ledger.claim_new(engine, reminders[:3], TOKEN, NOW)
    ledger.claim_new(engine, reminders[3:], theirs, NOW)
    rows = _rows(engine)
    ours = [row.id for row in rows if row.claim_token == TOKEN]
    later = NOW + timedelta(minutes=3)
    done = Result((ours[0], ours[1]), True, "Nhắc việc", "d1")
    assert ledger.record(engine, TOKEN, [done], later) == 2
    theirs_row = next(row.id for row in rows if row.claim_token == theirs)
    assert ledger.record(engine, TOKEN, [Result((theirs_row,), True)], later) == 0
    after = {row.id: row for row in _rows(engine)}
    for row_id in ours[:2]:
        row = after[row_id]
        assert (row.status, row.sent_at, row.updated_at, row.subject) == (
            "sent", later, later, "Nhắc việc",
        )  # fmt: skip
    for row_id in (ours[2], theirs_row):
        assert (after[row_id].status, after[row_id].updated_at) == ("claimed", NOW)


def _compiled(dialect_name: str) -> str:
    # The drivers the product runs on (an engine is made without connecting).
    url = "postgresql+psycopg://" if dialect_name == "postgresql" else "sqlite://"
    dialect = sa.create_engine(url).dialect
    text = str(ledger._record_statement(dialect_name).compile(dialect=dialect))
    return " ".join(text.split()).lower()


def test_the_record_statement_finds_rows_by_id_and_keeps_the_status_index_out() -> None:
    pg = _compiled("postgresql")
    assert "where delivery_log.id = any(%(row_ids)s::integer[])" in pg  # one array parameter
    assert "and delivery_log.claim_token = %(token)s::varchar" in pg
    assert "and (delivery_log.status || '') = %(claimed)s::varchar" in pg
    lite = _compiled("sqlite")
    assert "where delivery_log.id in (select value from json_each(?))" in lite
    assert "and delivery_log.claim_token = ? and +delivery_log.status = ?" in lite
    for sql in (pg, lite):
        for column in ("status", "attempts", "uncertain_sends", "updated_at", "sent_at",
                       "next_attempt_at", "subject", "digest_id", "last_error"):  # fmt: skip
            assert f" {column}=" in sql.replace(" = ", "="), column


def test_on_sqlite_an_outcome_walks_the_ids_not_the_status_index(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        sql = str(ledger._RECORD["sqlite"].compile(dialect=engine.dialect))
        params = ledger._params(Result((1, 2), True), TOKEN, NOW, "sqlite")
        compiled = ledger._RECORD["sqlite"].compile(dialect=engine.dialect)
        values = tuple(
            compiled.construct_params(params)[name] for name in compiled.positiontup or ()
        )
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values).all()
        details = " | ".join(str(row[-1]) for row in plan)
        assert "INTEGER PRIMARY KEY" in details, details
        assert "status" not in details.lower(), details
    finally:
        engine.dispose()


def test_the_record_statement_writes_each_outcome_to_its_own_claimed_rows(
    engine: sa.Engine, people: list[int]
) -> None:
    """The statement ``_record_statement`` builds for this database, executed as
    ``record`` executes it (``_RECORD`` is built once at import: this builds it again)."""
    reminders = [
        Reminder(people[0], "email", "a@x.vn", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
        for i in range(8)
    ]
    theirs = "88888888-8888-8888-8888-888888888888"
    ledger.claim_new(engine, reminders[:7], TOKEN, NOW)
    ledger.claim_new(engine, reminders[7:], theirs, NOW)
    ids = [row.id for row in _rows(engine)]
    _set(engine, ids[5], status="sent", attempts=1, updated_at=NOW)  # ours, but finished
    dialect = engine.dialect.name
    later = NOW + timedelta(minutes=10)
    outcomes = [
        Result((ids[0], ids[1]), True, "Nhắc việc", "d-1", attempts=1),
        Result((ids[2],), False, "s", None, "421 busy", attempts=1, tries=2),
        Result((ids[3],), False, None, None, "timeout", ambiguous=True),
        Result((ids[4],), False, None, None, "no channel", permanent=True, tries=0),
        Result((ids[5], ids[7]), True, "late"),  # finished, and another run's: untouched
    ]
    params = [ledger._params(result, TOKEN, later, dialect) for result in outcomes]
    with engine.begin() as connection:
        written = connection.execute(ledger._record_statement(dialect), params)
        assert written.rowcount == 5
    rows = {row.id: row for row in _rows(engine)}
    columns = (
        "status", "attempts", "uncertain_sends", "updated_at", "sent_at", "next_attempt_at",
        "subject", "digest_id", "last_error",
    )  # fmt: skip
    expected = {
        ids[0]: ("sent", 1, 0, later, later, None, "Nhắc việc", "d-1", None),
        ids[1]: ("sent", 1, 0, later, later, None, "Nhắc việc", "d-1", None),
        ids[2]: ("failed", 2, 0, later, None, later + timedelta(minutes=30), "s", None, "421 busy"),
        ids[3]: ("ambiguous", 1, 1, later, None, later + timedelta(minutes=5), None, None, "timeout"),
        ids[4]: ("abandoned", 0, 0, later, None, None, None, None, "no channel"),
        ids[5]: ("sent", 1, 0, NOW, None, None, None, None, None),
        ids[6]: ("claimed", 0, 0, NOW, None, None, None, None, None),
        ids[7]: ("claimed", 0, 0, NOW, None, None, None, None, None),
    }  # fmt: skip
    for row_id, values in expected.items():
        assert tuple(getattr(rows[row_id], c) for c in columns) == values, row_id
    assert (rows[ids[7]].claim_token, rows[ids[6]].claim_token) == (theirs, TOKEN)
