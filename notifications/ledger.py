"""The delivery log as a ledger of claims: exactly once per recipient, item, stage, occurrence.

A run claims a delivery by inserting its row under a unique key *before* sending
(``INSERT ... ON CONFLICT DO NOTHING``); a row another run holds is left alone. The
owner renews its claims while it sends (``heartbeat``); rows that failed (after their
back-off) or were claimed by a run that died (lease run out) are reclaimed with a
compare-and-set ``UPDATE``. Outcomes are written as sends complete, in batches, guarded
by the claim token. Every step commits on its own, so a crash at any point leaves the
ledger telling the next run what is still to do, and how many copies may be out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

from models.base import table_of
from models.deliveries import DeliveryLog, DeliveryStatus
from models.item_kinds import ItemKind
from notifications.gc_pause import gc_paused
from notifications.planner import Reminder, idempotency_keys

D = table_of(DeliveryLog)
_SAMPLE = 500


_COLUMNS = (
    "idempotency_key", "recipient_id", "channel", "address", "item_kind", "item_id", "stage",
    "occurrence", "status", "attempts", "uncertain_sends", "claim_token", "claimed_at",
    "created_at", "updated_at",
)  # fmt: skip
_PLANNED = 8  # the first columns come from the reminder, the rest are the same for all


def claim_new(engine: Engine, reminders: Sequence[Reminder], token: str, now: datetime) -> int:
    """Insert a claimed row for each reminder not yet in the ledger (others are skipped).

    Set-based: the keys are computed once, the ones not yet held are found by one
    query (a re-run the same day stops there), and they go in with one statement, in
    one transaction: SQLite ``executemany ... ON CONFLICT DO NOTHING``, PostgreSQL
    ``COPY`` (``_copy_claims``). The unique key still decides: a row another run
    inserted meanwhile is left to it. Returns rows claimed.
    """
    with gc_paused():
        keys = idempotency_keys(reminders)
        # In key order, which is recipient order (a key starts with the recipient's id):
        # the probe walks the unique index once, and the rows go in one after another
        # at the end of the table and of each index, not at random places. A digest's
        # rows then sit side by side too, and recording its outcome rewrites a few
        # pages, not one page per row.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys = [keys[i] for i in order]
        # A sample first: on the first run of a day few keys are held, and probing all
        # of them would only confirm it. Either way ON CONFLICT below decides.
        sample = keys[:: max(1, len(keys) // _SAMPLE)]
        held = len(unheld(engine, sample)) < len(sample)
        fresh = unheld(engine, keys) if held else range(len(keys))
    if not fresh:
        return 0
    dialect = engine.dialect
    stamp = _bound(D.c.claimed_at, dialect, now)
    status = _bound(D.c.status, dialect, DeliveryStatus.CLAIMED.value)
    same = (status, 0, 0, token, stamp, stamp, stamp)

    text = _Text()

    def _rows(chosen: Sequence[int], tail: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
        # Made one at a time as they are sent, never all at once: a quarter of a million.
        for at in chosen:
            r = reminders[order[at]]
            yield (keys[at], r[0], r[1], r[2], text[r[3]], r[4], text[r[5]],
                   r.occurrence.isoformat(), *tail)  # fmt: skip

    with engine.begin() as connection:
        if dialect.name == "postgresql":
            return _copy_claims(connection, lambda tail: _rows(fresh, tail), same)
        if dialect.name != "sqlite":
            raise NotImplementedError(f"no claim statement for {dialect.name}")
        sql = (
            f"INSERT INTO delivery_log ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_COLUMNS))})"
            " ON CONFLICT (idempotency_key) DO NOTHING"
        )
        cursor = _cursor(connection)
        cursor.executemany(sql, _rows(fresh, same))  # rows made as the driver takes them
        return int(cursor.rowcount)


class _Text(dict[str, str]):
    """Each distinct kind or stage as a plain ``str``, made once: both are ``StrEnum``
    members (equal to their values), and the drivers bind a ``str`` subclass only after
    looking for an adapter for its type, which costs more than the whole plain value."""

    def __missing__(self, key: str) -> str:
        plain = self[key] = str.__str__(key)
        return plain


def _cursor(connection: sa.Connection) -> Any:
    """The driver's own cursor, inside this connection's transaction: no per-row work
    by SQLAlchemy for a quarter of a million rows."""
    driver = connection.connection.driver_connection
    assert driver is not None
    return driver.cursor()


def _bound(column: sa.Column[Any], dialect: sa.Dialect, value: object) -> object:
    """``value`` as the column's type sends it to this database (once, not per row)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process(value) if process is not None else value


def _copy_claims(
    connection: sa.Connection,
    rows: Callable[[tuple[object, ...]], Iterable[tuple[object, ...]]],
    same: tuple[object, ...],
) -> int:
    """PostgreSQL: ``COPY`` straight into the log, in a savepoint. The rows were probed
    unheld, so this nearly always succeeds; if another run inserted one meanwhile (or
    the sample missed a held one), the unique key fails the whole ``COPY`` and the rows
    go through a temporary table and ``ON CONFLICT DO NOTHING`` instead (the straight
    ``COPY`` saves the temporary table's cost)."""
    from psycopg.errors import UniqueViolation  # here: SQLite-only runs never load it

    # The same values for every row, as the text COPY reads them: adapted once, not per row.
    text = tuple(v.isoformat() if isinstance(v, datetime) else str(v) for v in same)
    cursor = _cursor(connection)
    cursor.execute("SAVEPOINT claim_copy")
    try:
        with cursor.copy(f"COPY delivery_log ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for row in rows(text):
                copy.write_row(row)
    except UniqueViolation:
        cursor.execute("ROLLBACK TO SAVEPOINT claim_copy")
    else:
        copied = int(cursor.rowcount)
        cursor.execute("RELEASE SAVEPOINT claim_copy")
        return copied
    planned = _COLUMNS[:_PLANNED]
    cursor.execute(
        "CREATE TEMPORARY TABLE claim_in ON COMMIT DROP AS"
        f" SELECT {', '.join(planned)} FROM delivery_log WITH NO DATA"
    )
    with cursor.copy(f"COPY claim_in ({', '.join(planned)}) FROM STDIN") as copy:
        for row in rows(()):
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO delivery_log ({', '.join(_COLUMNS)})"
        f" SELECT {', '.join(planned)}, {', '.join(['%s'] * len(same))} FROM claim_in"
        " ON CONFLICT (idempotency_key) DO NOTHING",
        same,
    )
    return int(cursor.rowcount)


def unheld(engine: Engine, keys: Sequence[str]) -> list[int]:
    """The positions in ``keys`` of those the ledger does not hold yet, in order: one
    query, whatever their number. Only these come back (none on a same-day re-run), and
    sorted keys probe the unique index in order: faster than at random.

    On PostgreSQL each key looks itself up (a lateral subquery with ``LIMIT``: no plan
    but a loop over the keys with an index probe exists), whatever the statistics say.
    Written as ``NOT EXISTS``, the join was left to the planner, and statistics saying
    the ledger was empty while it held a morning's claims gave a loop reading the whole
    materialised index for every key: a same-day re-run of 131,307 keys still running
    after minutes. Probes cost what the keys cost, on a ledger of a day or of years. With
    fresh statistics on a ledger of one day (the benchmark's), the planner hashed the
    whole ledger instead: 1.0-1.6 s against 1.8-3.0 s for 262,310 keys on a busy machine
    (its own probing plan took as long as these); on a ledger of months that plan reads
    every row kept, on every run.
    """
    if not keys:
        return []
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # The keys as one text split by the server, not a text[] parameter: the
            # driver adapts an array element by element, most of a re-run's CPU for a
            # quarter of a million keys. Keys hold no newline.
            sql = (
                "SELECT k.at - 1 FROM unnest(string_to_array(%s, E'\\n'))"
                " WITH ORDINALITY AS k(key, at) LEFT JOIN LATERAL (SELECT 1 AS held"
                " FROM delivery_log d WHERE d.idempotency_key = k.key LIMIT 1) h ON true"
                " WHERE h.held IS NULL ORDER BY k.at"
            )
            # A loop of a quarter of a million probes is costed high enough for PostgreSQL
            # to compile it (JIT), which took 0.35-0.4 s of the probes' 2-3 s, for nothing.
            connection.exec_driver_sql("SET LOCAL jit = off")
            found = connection.exec_driver_sql(sql, ("\n".join(keys),))
        else:
            sql = (
                "SELECT k.key FROM json_each(?) AS k WHERE NOT EXISTS"
                " (SELECT 1 FROM delivery_log d WHERE d.idempotency_key = k.value)"
                " ORDER BY k.key"
            )
            found = connection.exec_driver_sql(sql, (json.dumps(list(keys)),))
        return list(found.scalars())


# Transient failures wait before the next try (then every two hours, all day long):
# a burst of runs close together cannot use up a delivery's chances.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1))
BACKOFF_CAP = timedelta(hours=2)
ZERO = timedelta(0)
MAX_UNCERTAIN = 2  # sends that may have arrived: never a third copy
DIED = "the run holding this delivery stopped before recording it: it may have been sent"


def retry_at(now: datetime, attempts: int) -> datetime:
    """When a delivery that has failed ``attempts`` times may be tried again."""
    return now + (BACKOFF[attempts - 1] if 0 < attempts <= len(BACKOFF) else BACKOFF_CAP)


def reclaim(
    engine: Engine, token: str, now: datetime, lease_cutoff: datetime, kinds: Sequence[ItemKind]
) -> int:
    """Take over, of the given item kinds only, what is due for another try and the
    claims of runs that died.

    A dead run's claim counts as one uncertain send (it may have gone out just before
    the crash); a row already uncertain once is then settled as ambiguous, not re-sent.
    Each kind of run takes back only its own kinds: it can build and send no other.
    """
    if not kinds:
        return 0
    due = sa.or_(D.c.next_attempt_at.is_(None), D.c.next_attempt_at <= now)
    retryable = sa.and_(
        D.c.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.AMBIGUOUS.value]),
        D.c.uncertain_sends < MAX_UNCERTAIN,
        due,
    )
    stale = sa.and_(D.c.status == DeliveryStatus.CLAIMED.value, D.c.claimed_at < lease_cutoff)
    own = D.c.item_kind.in_(list(kinds))
    with engine.begin() as connection:
        connection.execute(
            D.update()
            .where(own, stale, D.c.uncertain_sends >= MAX_UNCERTAIN - 1)
            .values(
                status=DeliveryStatus.AMBIGUOUS.value,
                uncertain_sends=MAX_UNCERTAIN,
                claim_token=None,
                last_error=DIED,
                updated_at=now,
            )
        )
        taken = connection.execute(
            D.update()
            .where(own, sa.or_(retryable, stale))
            .values(
                uncertain_sends=sa.case(
                    (D.c.status == DeliveryStatus.CLAIMED.value, D.c.uncertain_sends + 1),
                    else_=D.c.uncertain_sends,
                ),
                last_error=sa.case(
                    (D.c.status == DeliveryStatus.CLAIMED.value, DIED), else_=D.c.last_error
                ),
                status=DeliveryStatus.CLAIMED.value,
                claim_token=token,
                claimed_at=now,
                updated_at=now,
            )
        )
        return int(taken.rowcount)


def heartbeat(engine: Engine, token: str, now: datetime, skip_newer: timedelta = ZERO) -> int:
    """Renew this run's unfinished claims, so no other run takes them over while it sends.

    Claims renewed (or made) less than ``skip_newer`` ago are left as they are: the
    first beat of a run that has just claimed a quarter of a million rows writes none.
    """
    statement = (
        D.update()
        .where(D.c.claim_token == token, D.c.status == DeliveryStatus.CLAIMED.value)
        .where(D.c.claimed_at <= now - skip_newer)
        .values(claimed_at=now)
    )
    with engine.begin() as connection:
        return int(connection.execute(statement).rowcount)


class Claimed(NamedTuple):
    """A row this run holds (a tuple: a morning run reads a quarter of a million)."""

    id: int
    recipient_id: int
    channel: str
    address: str | None
    item_kind: str
    item_id: int
    stage: str
    occurrence: str
    attempts: int


_GROUPED = itemgetter(1, 2, 0)  # recipient, channel, id: a digest's rows together, in order


def claimed_by(engine: Engine, token: str) -> list[Claimed]:
    """This run's unfinished claims by recipient, channel and id, in one query, rows
    straight from the driver."""
    mark = "%s" if engine.dialect.name == "postgresql" else "?"
    sql = (
        f"SELECT {', '.join(Claimed._fields)} FROM delivery_log"
        f" WHERE claim_token = {mark} AND status = {mark}"
    )
    with engine.connect() as connection, gc_paused():
        cursor = _cursor(connection)
        cursor.execute(sql, (token, DeliveryStatus.CLAIMED.value))
        # The driver makes a new string per row and column; the few distinct channels,
        # addresses, kinds, stages and dates are shared instead (a third of the memory).
        shared: dict[str, str] = {}
        share = shared.setdefault
        rows = [
            Claimed(i, who, share(ch, ch), share(to, to), share(k, k), item, share(st, st),
                    share(oc, oc), tries)
            for i, who, ch, to, k, item, st, oc, tries in cursor
        ]  # fmt: skip
        # Sorted here rather than by ORDER BY: SQLite's sorter copies every whole row,
        # which costs more than reading them unsorted and sorting the tuples.
        rows.sort(key=_GROUPED)
        return rows


@dataclass(frozen=True)
class Result:
    row_ids: tuple[int, ...]
    ok: bool
    subject: str | None = None
    digest_id: str | None = None
    error: str | None = None
    permanent: bool = False
    ambiguous: bool = False  # the server may have taken it
    attempts: int = 0  # the most any of these rows had been tried before (for back-off)
    tries: int = 1  # sends made now (0: settled without a send: item closed, no channel)


def _record_statement(dialect: str) -> sa.Update:
    """One UPDATE per outcome, for all of a digest's rows at once (a digest carries
    dozens): the ids as one array parameter, guarded by the claim token (fencing).

    The rows are always found by id. The status guard is written so that no index on
    the status can serve it: the statistics of a log of sent rows say hardly any row is
    claimed, and PostgreSQL then fetched "every claimed row" through the status index
    for each outcome, all of the run's claims each time (a morning run read a billion
    index entries that way; docs/benchmarks.md).
    """
    ids: sa.BindParameter[Any] = sa.bindparam("row_ids")
    if dialect == "postgresql":
        ours = D.c.id == sa.func.any(sa.type_coerce(ids, postgresql.ARRAY(sa.Integer())))
        status: sa.ColumnElement[Any] = sa.literal_column("(delivery_log.status || '')")
    else:  # SQLite: the ids as a JSON array
        ours = D.c.id.in_(sa.select(sa.column("value")).select_from(sa.func.json_each(ids)))
        status = sa.literal_column("+delivery_log.status")  # unary "+": SQLite's way
    return (
        D.update()
        .where(ours, D.c.claim_token == sa.bindparam("token"))
        .where(status == sa.bindparam("claimed", DeliveryStatus.CLAIMED.value))
        .values(
            status=sa.bindparam("new_status"),
            attempts=D.c.attempts + sa.bindparam("tried", type_=sa.Integer()),
            uncertain_sends=D.c.uncertain_sends + sa.bindparam("uncertain", type_=sa.Integer()),
            updated_at=sa.bindparam("now"),
            sent_at=sa.bindparam("sent_time"),
            next_attempt_at=sa.bindparam("retry_time"),
            subject=sa.bindparam("new_subject"),
            digest_id=sa.bindparam("new_digest_id"),
            last_error=sa.bindparam("error"),
        )
    )


_RECORD = {name: _record_statement(name) for name in ("postgresql", "sqlite")}


def _params(result: Result, token: str, now: datetime, dialect: str) -> dict[str, object]:
    if result.ok:
        status, sent_time, retry_time = DeliveryStatus.SENT, now, None
    elif result.permanent:
        status, sent_time, retry_time = DeliveryStatus.ABANDONED, None, None
    else:
        status = DeliveryStatus.AMBIGUOUS if result.ambiguous else DeliveryStatus.FAILED
        sent_time, retry_time = None, retry_at(now, result.attempts + max(result.tries, 1))
    ids = list(result.row_ids)
    return {
        "row_ids": ids if dialect == "postgresql" else json.dumps(ids),
        "token": token,
        "new_status": status.value,
        "tried": result.tries,
        "uncertain": int(result.ambiguous),
        "now": now,
        "sent_time": sent_time,
        "retry_time": retry_time,
        "new_subject": result.subject,
        "new_digest_id": result.digest_id,
        "error": None if result.ok else result.error,
    }


def record(engine: Engine, token: str, results: Sequence[Result], now: datetime) -> int:
    """Write outcomes in one statement batch, guarded by the claim token (fencing).

    Returns how many rows were written: fewer than given means another run holds them
    now, and this run must stop sending.
    """
    dialect = engine.dialect.name
    params = [_params(result, token, now, dialect) for result in results if result.row_ids]
    if not params:
        return 0
    with engine.begin() as connection:
        done = connection.execute(_RECORD[dialect], params)
        return int(done.rowcount)


def unreported_failures(engine: Engine, max_attempts: int) -> list[int]:
    """Rows still undelivered after ``max_attempts`` tries (or settled as ambiguous) that
    the tracking office has not been told about yet."""
    failing = sa.or_(
        sa.and_(D.c.status == DeliveryStatus.FAILED.value, D.c.attempts >= max_attempts),
        sa.and_(D.c.status == DeliveryStatus.AMBIGUOUS.value, D.c.uncertain_sends >= MAX_UNCERTAIN),
    )
    query = sa.select(D.c.id).where(failing, D.c.reported_at.is_(None)).order_by(D.c.id)
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())
