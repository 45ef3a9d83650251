"""Tasks counted ahead: per unit and per lead person, per half-month of deadline and per
state, so that any period's four official statuses come from summing a few thousand rows
instead of classifying a hundred thousand tasks (the dashboard, the units summary, the
year-end emulation at a million tasks).

Grain. ``bucket`` is a half-month of today's deadline (``due_on``): days 1–14 and 15 to
the month's end, numbered ``(year * 12 + month - 1) * 2 + (day >= 15)``. Months,
quarters, halves and years are whole buckets, and so are the Decree 09 report windows
(15th to 14th). ``state`` is what a task is NOW, as a ``STATUS_BY_CODE`` position: done on
time (0), done late (1), open (2, "in progress" — overdue or not depends on the day asked)
or cancelled (5). Tasks without a deadline are not counted (no period holds them).
``unit_tally`` counts a task for its lead unit, or its lead person's unit;
``person_tally`` counts the tasks a person leads.

Kept exact by database triggers, so every door that writes a task — the lifecycle,
imports and re-imports, org changes, deletes, a hand-written ``UPDATE`` — keeps it right
in the same transaction: on ``task`` (insert, delete, and an update of the deadline, the
completion or cancellation dates or the lead) and on ``person`` (a person moved to another
unit moves the counts of the tasks they lead). A maintenance call in ``models/`` would
have to be remembered by every present and future writer; the database cannot forget.
Caution for later migrations: SQLite drops a table's triggers with the table, so a
batch-mode (copy and rename) migration of ``task`` or ``person`` must call
``install_tally_triggers`` again (``tests/models/test_task_tally.py`` checks head).

Reading (``counts_by_owner``; ``totals_by_period`` for several periods at once) is exact
for any "as of" day, not only today: the buckets wholly inside the period come from the
tally, the partial ones at its edges from ``task``; the open tasks of the bucket holding
``as_of`` (in progress until their deadline, overdue after it) are counted by the tally
on one side and those of the fewer days on the other side moved across from ``task``
(``_here_side``); the few tasks completed or cancelled after ``as_of`` are taken out as
the tally counts them and put back as they stood then; and the few tasks whose deadline
was extended after ``as_of`` are recounted by the deadline then in force.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from models.sqlread import Reader, id_match
from models.status import LATER_EXTENDED_SQL, STATUS_BY_CODE, TaskStatus, due_in_force_sql
from models.status import status_case as _status_case

if TYPE_CHECKING:  # the report path reads the tallies without loading the ORM
    from sqlalchemy.engine import Connection

OPEN_STATE = STATUS_BY_CODE.index(TaskStatus.IN_PROGRESS)
OVERDUE_CODE = STATUS_BY_CODE.index(TaskStatus.OVERDUE)
_STATUSES = tuple(TaskStatus)
LATER_EVENTS_SQL = (
    "SELECT 1 FROM task WHERE completed_on > :as_of"
    " UNION ALL SELECT 1 FROM task WHERE cancelled_on > :as_of LIMIT 1"
)
"""Whether any task was completed or cancelled after ``:as_of`` (each on its partial
index): for a question about today, none."""
_CODES = tuple(STATUS_BY_CODE.index(s) for s in _STATUSES)


def bucket_of(day: date) -> int:
    """The half-month ``day`` falls in (the same arithmetic as the triggers')."""
    return (day.year * 12 + day.month - 1) * 2 + (day.day >= 15)


def bucket_span(bucket: int) -> tuple[date, date]:
    """The first and last day of a half-month."""
    month_index, second = divmod(bucket, 2)
    year, month0 = divmod(month_index, 12)
    if second:
        return date(year, month0 + 1, 15), date(
            year, month0 + 1, calendar.monthrange(year, month0 + 1)[1]
        )
    return date(year, month0 + 1, 1), date(year, month0 + 1, 14)


# ---- the SQL the triggers and the backfill share, per backend ---------------------------


def _state_sql(t: str) -> str:
    return (
        f"(CASE WHEN {t}.cancelled_on IS NOT NULL THEN 5"
        f" WHEN {t}.completed_on IS NOT NULL THEN"
        f" (CASE WHEN {t}.completed_on <= {t}.due_on THEN 0 ELSE 1 END) ELSE 2 END)"
    )


def _bucket_sql(day: str, dialect: str) -> str:
    if dialect == "postgresql":
        return (
            f"((EXTRACT(YEAR FROM {day})::int * 12 + EXTRACT(MONTH FROM {day})::int - 1) * 2"
            f" + (EXTRACT(DAY FROM {day})::int >= 15)::int)"
        )
    # SQLite stores a date as 'YYYY-MM-DD'.
    return (
        f"((CAST(substr({day}, 1, 4) AS INTEGER) * 12 + CAST(substr({day}, 6, 2) AS INTEGER)"
        f" - 1) * 2 + (CAST(substr({day}, 9, 2) AS INTEGER) >= 15))"
    )


def _unit_of(t: str) -> str:
    return f"COALESCE({t}.lead_unit_id, (SELECT unit_id FROM person WHERE id = {t}.lead_person_id))"


def _add(t: str, delta: int, dialect: str) -> list[str]:
    """Statements adding ``delta`` for the task row ``t`` (NEW or OLD) to both tallies,
    dropping a row that falls to zero (the tally holds only what exists)."""
    bucket, state = _bucket_sql(f"{t}.due_on", dialect), _state_sql(t)
    out = []
    for table, owner, owner_sql in (
        ("unit_tally", "unit_id", _unit_of(t)),
        ("person_tally", "person_id", f"{t}.lead_person_id"),
    ):
        # INSERT … SELECT … WHERE (never VALUES): the WHERE skips a task without a
        # deadline (or a person-less lead) and keeps SQLite's upsert parse unambiguous.
        out.append(
            f"INSERT INTO {table} (bucket, {owner}, state, n)"
            f" SELECT {bucket}, {owner_sql}, {state}, {delta}"
            f" WHERE {t}.due_on IS NOT NULL AND {owner_sql} IS NOT NULL"
            f" ON CONFLICT (bucket, {owner}, state) DO UPDATE SET n = {table}.n + excluded.n"
        )
        out.append(
            f"DELETE FROM {table} WHERE bucket = {bucket} AND {owner} = {owner_sql}"
            f" AND state = {state} AND n = 0"
        )
    return out


_WATCHED = ("due_on", "completed_on", "cancelled_on", "lead_unit_id", "lead_person_id")

# A person moved to another unit: the tasks they lead move with them (their own tally).
_MOVE = [
    "UPDATE unit_tally SET n = unit_tally.n - p.n FROM person_tally p"
    " WHERE p.person_id = NEW.id AND unit_tally.bucket = p.bucket"
    " AND unit_tally.unit_id = OLD.unit_id AND unit_tally.state = p.state",
    "INSERT INTO unit_tally (bucket, unit_id, state, n)"
    " SELECT bucket, NEW.unit_id, state, n FROM person_tally WHERE person_id = NEW.id"
    " ON CONFLICT (bucket, unit_id, state) DO UPDATE SET n = unit_tally.n + excluded.n",
    "DELETE FROM unit_tally WHERE unit_id = OLD.unit_id AND n = 0"
    " AND bucket IN (SELECT bucket FROM person_tally WHERE person_id = NEW.id)",
]


def _sqlite_triggers() -> list[str]:
    def body(statements: list[str]) -> str:
        return "BEGIN " + "; ".join(statements) + "; END"

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _WATCHED)
    return [
        "CREATE TRIGGER task_tally_insert AFTER INSERT ON task " + body(_add("NEW", 1, "sqlite")),
        "CREATE TRIGGER task_tally_delete AFTER DELETE ON task " + body(_add("OLD", -1, "sqlite")),
        f"CREATE TRIGGER task_tally_update AFTER UPDATE OF {', '.join(_WATCHED)} ON task"
        f" WHEN {changed} " + body(_add("OLD", -1, "sqlite") + _add("NEW", 1, "sqlite")),
        "CREATE TRIGGER person_tally_move AFTER UPDATE OF unit_id ON person"
        " WHEN OLD.unit_id IS NOT NEW.unit_id " + body(_MOVE),
    ]


def _postgres_triggers() -> list[str]:
    def function(name: str, statements: list[str]) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            + " ".join(f"{s};" for s in statements)
            + " RETURN NULL; END; $$ LANGUAGE plpgsql"
        )

    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _WATCHED)
    return [
        function("task_tally_insert", _add("NEW", 1, "postgresql")),
        function("task_tally_delete", _add("OLD", -1, "postgresql")),
        function("task_tally_update", _add("OLD", -1, "postgresql") + _add("NEW", 1, "postgresql")),
        function("person_tally_move", _MOVE),
        "CREATE TRIGGER task_tally_insert AFTER INSERT ON task"
        " FOR EACH ROW EXECUTE FUNCTION task_tally_insert()",
        "CREATE TRIGGER task_tally_delete AFTER DELETE ON task"
        " FOR EACH ROW EXECUTE FUNCTION task_tally_delete()",
        f"CREATE TRIGGER task_tally_update AFTER UPDATE OF {', '.join(_WATCHED)} ON task"
        f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION task_tally_update()",
        "CREATE TRIGGER person_tally_move AFTER UPDATE OF unit_id ON person"
        " FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)"
        " EXECUTE FUNCTION person_tally_move()",
    ]


TRIGGERS = ("task_tally_insert", "task_tally_delete", "task_tally_update", "person_tally_move")


def install_tally_triggers(connection: Connection) -> None:
    """Create the triggers that keep both tallies exact."""
    dialect = connection.dialect.name
    for statement in _postgres_triggers() if dialect == "postgresql" else _sqlite_triggers():
        connection.exec_driver_sql(statement)


def drop_tally_triggers(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name in TRIGGERS:
        table = "person" if name.startswith("person") else "task"
        connection.exec_driver_sql(
            f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER {name}"
        )
        if postgres:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def recount_sql(table: Literal["unit_tally", "person_tally"], dialect: str) -> str:
    """The tally as counted from ``task`` now: the backfill, and the tests' reference."""
    bucket, state = _bucket_sql("t.due_on", dialect), _state_sql("t")
    if table == "unit_tally":
        return (
            f"SELECT {bucket}, COALESCE(t.lead_unit_id, p.unit_id), {state}, count(*)"
            " FROM task t LEFT JOIN person p ON p.id = t.lead_person_id"
            " WHERE t.due_on IS NOT NULL GROUP BY 1, 2, 3"
        )
    return (
        f"SELECT {bucket}, t.lead_person_id, {state}, count(*) FROM task t"
        " WHERE t.due_on IS NOT NULL AND t.lead_person_id IS NOT NULL GROUP BY 1, 2, 3"
    )


def backfill_tallies(connection: Connection) -> None:
    """Count every task once (one ``INSERT … SELECT … GROUP BY`` per tally)."""
    dialect = connection.dialect.name
    connection.exec_driver_sql(
        "INSERT INTO unit_tally (bucket, unit_id, state, n) " + recount_sql("unit_tally", dialect)
    )
    connection.exec_driver_sql(
        "INSERT INTO person_tally (bucket, person_id, state, n) "
        + recount_sql("person_tally", dialect)
    )


def recount_tallies(connection: Connection) -> None:
    """Both tallies counted afresh from ``task``: after a bulk load made with the
    triggers dropped (``drop_tally_triggers``, then ``install_tally_triggers``)."""
    connection.exec_driver_sql("DELETE FROM unit_tally")
    connection.exec_driver_sql("DELETE FROM person_tally")
    backfill_tallies(connection)


# ---- reading -----------------------------------------------------------------------------


def _source(by: Literal["unit", "person"]) -> tuple[str, str, str, str]:
    """The owner expression over ``task t``, the tally, its owner column, and the FROM
    clause (ending where a condition may follow)."""
    if by == "unit":
        return (
            "COALESCE(t.lead_unit_id, p.unit_id)",
            "unit_tally",
            "unit_id",
            "task t LEFT JOIN person p ON p.id = t.lead_person_id WHERE",
        )
    return (
        "t.lead_person_id",
        "person_tally",
        "person_id",
        "task t WHERE t.lead_person_id IS NOT NULL AND",
    )


def _whole_buckets(start: date, end: date) -> tuple[int, int]:
    """The first and last half-month wholly inside ``start``..``end`` (first > last: none)."""
    first, last = bucket_of(start), bucket_of(end)
    if bucket_span(first)[0] < start:
        first += 1
    if bucket_span(last)[1] > end:
        last -= 1
    return first, last


def _task_parts(
    reader: Reader,
    start: date,
    end: date,
    as_of: date,
    by: Literal["unit", "person"],
    params: dict[str, Any],
    later_events: bool,
    key: str = "",
    only: str = "",
) -> list[str]:
    """Every part of a period's counts read from ``task`` rather than the tally, each
    selecting ``(o, s, n)``: owner, status code, count (negative: taken out). ``key``
    names this period's parameters apart when several periods share one statement;
    ``only`` (`` AND …``) keeps some owners."""
    owner, _table, _owner_col, source = _source(by)
    status = _status_case(as_code=True)

    def counted(where: str, sign: str = "", due: str | None = None) -> str:
        code = _status_case(due=due, as_code=True) if due else status
        return (
            f"SELECT {owner} AS o, {code} AS s, {sign}count(*) AS n"
            f" FROM {source} {where}{only} GROUP BY 1, 2"
        )

    def between(name: str, low: date, high: date) -> str:
        params[f"{key}{name}_from"], params[f"{key}{name}_to"] = low, high
        return f"t.due_on >= :{key}{name}_from AND t.due_on <= :{key}{name}_to"

    parts: list[str] = []
    first, last = _whole_buckets(start, end)
    if first > last:  # no whole half-month inside: every task from ``task``
        parts.append(counted(between("all", start, end)))
    else:
        full_from, full_to = bucket_span(first)[0], bucket_span(last)[1]
        if start < full_from:
            parts.append(counted(between("head", start, full_from - timedelta(days=1))))
        if full_to < end:
            parts.append(counted(between("tail", full_to + timedelta(days=1), end)))
        here = bucket_of(as_of)
        # Along the deadline index that carries the owners and both dates (no row
        # lookups); SQLite would otherwise pick a narrower index and read every row.
        indexed = " INDEXED BY ix_task_due_on_owners" if reader.dialect == "sqlite" else ""
        along = source.replace("task t", "task t" + indexed, 1)
        if first <= here <= last:
            # Open now, so open on ``as_of`` too (a later completion is not "now open"):
            # in progress from ``as_of`` on, overdue before. The tally counts all of
            # ``as_of``'s half-month on the side ``_here_side`` names; the tasks of the
            # other side's days are read here and moved across (the fewer days: a few
            # hundred tasks rather than the half-month's ten thousand at a million).
            side, days = _here_side(as_of)
            if days is not None:
                other = OVERDUE_CODE if side is TaskStatus.IN_PROGRESS else OPEN_STATE
                moved = (
                    f" FROM {along} {between('here', *days)}"
                    f" AND t.completed_on IS NULL AND t.cancelled_on IS NULL{only} GROUP BY 1"
                )
                parts.append(f"SELECT {owner} AS o, {other} AS s, count(*) AS n{moved}")
                code = STATUS_BY_CODE.index(side)
                parts.append(f"SELECT {owner} AS o, {code} AS s, -count(*) AS n{moved}")
        # Completed or cancelled after ``as_of``: out as tallied, in as they stood then.
        # None for a question about today (nothing is completed in the future); for an
        # earlier day, read along the period's deadlines: every task completed since
        # that day, whatever its deadline, can be ten times as many.
        if later_events:
            later = (
                f"{between('full', full_from, full_to)}"
                f" AND (t.completed_on > :as_of OR t.cancelled_on > :as_of){only}"
            )
            parts.append(
                f"SELECT {owner} AS o, {_state_sql('t')} AS s, -count(*) AS n"
                f" FROM {along} {later} GROUP BY 1, 2"
            )
            parts.append(
                f"SELECT {owner} AS o, {status} AS s, count(*) AS n FROM {along} {later}"
                " GROUP BY 1, 2"
            )
    # Extended after ``as_of``: out by today's deadline, in by the one in force then.
    params[f"{key}start"], params[f"{key}end"] = start, end
    extended = f"t.id IN ({LATER_EXTENDED_SQL}) AND "
    parts.append(counted(f"{extended}t.due_on >= :{key}start AND t.due_on <= :{key}end", "-"))
    in_force = due_in_force_sql()
    parts.append(
        counted(f"{extended}{in_force} >= :{key}start AND {in_force} <= :{key}end", due=in_force)
    )
    return parts


def _later_events(reader: Reader, as_of: date) -> bool:
    return bool(reader.fetch(LATER_EVENTS_SQL, {"as_of": as_of}))


def counts_by_owner(
    reader: Reader,
    start: date,
    end: date,
    as_of: date,
    by: Literal["unit", "person"],
    owners: Collection[int] | None = None,
) -> dict[int, dict[TaskStatus, int]]:
    """Per unit (a task's lead unit, or its lead person's unit) or per lead person: the
    tasks whose deadline in force on ``as_of`` falls in ``start``..``end``, by their status
    on ``as_of`` (``models.status``) — the same figures as classifying every task.
    ``owners``: only these (one unit's people: their few tally rows along the tally's
    person index, not the year's fifty thousand)."""
    params: dict[str, Any] = {"as_of": as_of}
    owner, table, owner_col, _source_sql = _source(by)
    first, last = _whole_buckets(start, end)
    tally: dict[str, Any] = {"first": first, "last": last, "here": bucket_of(as_of)}
    only = only_tally = ""
    if owners is not None:
        ids = sorted(owners)
        only = " AND " + id_match(owner, "owner", ids, params, reader.dialect)
        only_tally = " AND " + id_match(owner_col, "owner", ids, tally, reader.dialect)
    later = _later_events(reader, as_of)
    counts: dict[int, list[int]] = {}
    if first <= last:
        # The whole half-months, summed per owner straight from the tally (no union to
        # carry its rows through; ``_tally_columns`` says which rows are which status).
        for owner_id, *sums in reader.fetch(
            f"SELECT {owner_col}, {_tally_columns(as_of)} FROM {table}"
            f" WHERE bucket >= :first AND bucket <= :last{only_tally} GROUP BY {owner_col}",
            tally,
        ):
            counts[int(owner_id)] = [int(n or 0) for n in sums]
    parts = _task_parts(reader, start, end, as_of, by, params, later, only=only)
    for owner_id, code, n in reader.fetch(" UNION ALL ".join(parts), params):
        if owner_id is not None:
            line = counts.setdefault(int(owner_id), [0] * len(_STATUSES))
            line[_CODES.index(int(code))] += int(n)
    return {
        owner_id: dict(zip(_STATUSES, line, strict=True))
        for owner_id, line in counts.items()
        if any(line)
    }


def _here_side(as_of: date) -> tuple[TaskStatus, tuple[date, date] | None]:
    """Where the tally puts the open tasks of ``as_of``'s own half-month, and the days
    whose open tasks belong on the other side (None: no such day). In progress when
    fewer of its days fall before ``as_of`` than from it on (those few days' tasks are
    then overdue), else overdue (and the days from ``as_of`` on are in progress)."""
    low, high = bucket_span(bucket_of(as_of))
    if (as_of - low).days <= (high - as_of).days:
        before = (low, as_of - timedelta(days=1))
        return TaskStatus.IN_PROGRESS, before if as_of > low else None
    return TaskStatus.OVERDUE, (as_of, high)


def _tally_columns(as_of: date) -> str:
    """A sum per status (``TaskStatus`` order) over tally rows, as of ``as_of`` (whose
    half-month is ``:here``): open tasks are in progress in a later half-month, overdue
    in an earlier one, and those of ``:here`` itself on ``_here_side`` (``_task_parts``
    moves the other side's). No tally row is "standing" (no deadline, no row)."""
    ahead = ">=" if _here_side(as_of)[0] is TaskStatus.IN_PROGRESS else ">"
    behind = "<" if ahead == ">=" else "<="
    tests = {
        TaskStatus.DONE_ON_TIME: f"state = {STATUS_BY_CODE.index(TaskStatus.DONE_ON_TIME)}",
        TaskStatus.DONE_LATE: f"state = {STATUS_BY_CODE.index(TaskStatus.DONE_LATE)}",
        TaskStatus.IN_PROGRESS: f"state = {OPEN_STATE} AND bucket {ahead} :here",
        TaskStatus.OVERDUE: f"state = {OPEN_STATE} AND bucket {behind} :here",
        TaskStatus.CANCELLED: f"state = {STATUS_BY_CODE.index(TaskStatus.CANCELLED)}",
    }
    return ", ".join(
        f"sum(n) FILTER (WHERE {tests[status]})" if status in tests else "0" for status in _STATUSES
    )


def totals_by_period(
    reader: Reader,
    periods: Sequence[tuple[date, date]],
    as_of: date,
    units: Collection[int] | None = None,
) -> list[dict[TaskStatus, int]]:
    """For each ``(start, end)``: the tasks of ``units`` (None: every unit) by status on
    ``as_of``, summed — ``counts_by_owner(…, "unit")`` added up over ``units``, period by
    period, in two statements whatever the number of periods (the dashboard's trend).

    The tally is read in its own order (half-month first) and summed per half-month, so
    SQLite streams it without sorting (six years of a million tasks: 66,000 rows read,
    144 returned); the parts read from ``task`` are each period's, tagged with its index.
    """
    totals = [dict.fromkeys(TaskStatus, 0) for _ in periods]
    if not periods:
        return totals
    params: dict[str, Any] = {"as_of": as_of}
    later = _later_events(reader, as_of)
    tagged: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(periods):
        for part in _task_parts(reader, start, end, as_of, "unit", params, later, f"p{i}_"):
            tagged.append(f"SELECT {i} AS p, k.o, k.s, k.n FROM ({part}) k")
        spans.append(_whole_buckets(start, end))
    for i, owner_id, code, n in reader.fetch(" UNION ALL ".join(tagged), params):
        if owner_id is not None and (units is None or int(owner_id) in units):
            totals[int(i)][STATUS_BY_CODE[int(code)]] += int(n)
    whole = [(first, last) for first, last in spans if first <= last]
    if not whole:
        return totals
    tally: dict[str, Any] = {
        "first": min(f for f, _ in whole),
        "last": max(last for _, last in whole),
        "here": bucket_of(as_of),
    }
    scope = ""
    if units is not None:
        scope = " AND " + id_match("unit_id", "unit", sorted(units), tally, reader.dialect)
    rows = reader.fetch(
        f"SELECT bucket, {_tally_columns(as_of)} FROM unit_tally"
        f" WHERE bucket >= :first AND bucket <= :last{scope} GROUP BY bucket",
        tally,
    )
    for bucket, *sums in rows:
        for (first, last), counts in zip(spans, totals, strict=True):
            if first <= bucket <= last:
                for status, n in zip(_STATUSES, sums, strict=True):
                    counts[status] += int(n or 0)
    return totals
