"""The questions asked of the task list: any list, overdue, due soon, unit summaries.

Plain SQL text, run through a ``Reader`` (a bare DB-API connection for the command
line, an SQLAlchemy connection elsewhere); status is computed per row in Python from
the dates, and filtered in SQL by the same rule (``models.status``). Overdue and
due-soon lists read three disjoint branches of "open on that date", each on its own
index, so a million-task history costs what its open part costs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from models.awaiting import AWAITING_SQL, awaiting_ids
from models.errors import not_found
from models.folding import fold, fold_sql
from models.kinds import DocumentKind
from models.periods import Period
from models.sqlread import Reader, as_date, id_match, id_set_match, in_list
from models.status import (
    LATER_EXTENDED_SQL,
    LATER_EXTENSIONS_SQL,
    OPEN_BRANCH_INDEXES,
    OPEN_TODAY,
    StatusView,
    TaskStatus,
    due_in_force,
    due_in_force_sql,
    open_on,
    open_on_branches,
    status_case,
    task_status,
)
from models.task_tally import counts_by_owner


@dataclass(frozen=True)
class Reach:
    """Which tasks a person may see (built by ``models.access``; rendered to SQL here)."""

    unit_ids: Sequence[int] = ()  # tasks led or co-owned by these units
    person_id: int | None = None  # tasks this person leads or co-owns
    people_of_unit_ids: Sequence[int] = ()  # tasks led or co-owned by people in these units


@dataclass
class TaskFilter:
    task_ids: Sequence[int] | None = None
    document_id: int | None = None
    document_kinds: Sequence[DocumentKind] | None = None
    # "A unit's tasks": led by a unit in this set or by a person belonging to one
    # (callers pass a subtree: ``unit_scope``); with ``co_owned``, also the tasks such a
    # unit or person co-owns. The units summary counts by the same rule.
    unit_ids: Sequence[int] | None = None
    co_owned: bool = False
    person_id: int | None = None  # led or co-owned by this person
    # What a person answers for: led or co-owned by them, or led within a unit subtree
    # they manage (a secretary's feed, "my work").
    responsible_id: int | None = None
    statuses: Sequence[TaskStatus] | None = None
    min_days_overdue: int | None = None
    text: str | None = None  # in the title, description, ref or document number, folded
    # A completion reported and not yet confirmed (True), or none waiting (False): a state
    # shown beside the four statuses, never a fifth one (``models.awaiting``).
    awaiting: bool | None = None
    due_from: date | None = None  # the deadline in force within [due_from, due_to]
    due_to: date | None = None
    # A question about the past: progress as recorded by the end of ``as_of``. Off for the
    # present state (the web, reminders), where "today" may be injected.
    history: bool = False
    reach: Reach | None = None  # what a signed-in person may see; None: everything
    limit: int | None = None
    offset: int = 0


@dataclass(slots=True)  # a reminder run holds a hundred thousand: no per-row __dict__
class TaskRow:
    id: int
    document_kind: DocumentKind
    document_number: str
    issuing_body: str
    issued_on: date
    document_title: str
    ref: str
    title: str
    description: str | None
    lead_code: str
    lead_name: str
    start_on: date | None
    original_due_on: date | None
    due_on: date | None
    progress: int
    completed_on: date | None
    completion_note: str | None
    cancelled_on: date | None
    cancel_reason: str | None
    status: StatusView
    co_owners: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    awaiting: bool = False  # a reported completion waits for confirmation

    @property
    def extended(self) -> bool:
        return self.due_on != self.original_due_on

    def as_dict(self, as_of: date) -> dict[str, Any]:
        """The stable machine-readable form (``--format json``): codes, ISO dates, days.

        Documented in the README; add keys, never rename or drop them.
        """

        def iso(day: date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "description": self.description,
            "document": {
                "kind": self.document_kind.value,
                "number": self.document_number,
                "issuing_body": self.issuing_body,
                "issued_on": iso(self.issued_on),
                "title": self.document_title,
            },
            "lead": {"code": self.lead_code, "name": self.lead_name},
            "co_owners": [{"code": code, "name": name} for code, name in self.co_owners],
            "start_on": iso(self.start_on),
            "original_due_on": iso(self.original_due_on),
            "due_on": iso(self.due_on),
            "extended": self.extended,
            "status": self.status.status.value,
            "days_overdue": self.status.days_overdue,
            "days_left": self.status.days_left,
            "progress": self.progress,
            "completed_on": iso(self.completed_on),
            "cancelled_on": iso(self.cancelled_on),
            "as_of": as_of.isoformat(),
        }


_ROW_COLUMNS = """
SELECT t.id, d.kind, d.number, d.issuing_body, d.issued_on, d.title,
       t.ref, t.title, t.description,
       COALESCE(lu.code, lp.code), COALESCE(lu.name, lp.full_name),
       t.start_on, t.original_due_on, t.due_on, t.progress, t.completed_on,
       t.completion_note, t.cancelled_on, t.cancel_reason"""
_ROW_JOINS = """
JOIN document d ON d.id = t.document_id
LEFT JOIN unit lu ON lu.id = t.lead_unit_id
LEFT JOIN person lp ON lp.id = t.lead_person_id
"""
_ROW_SQL = f"{_ROW_COLUMNS}\nFROM task t{_ROW_JOINS}"
# PostgreSQL's default costs would hash whole document and person tables to join a page
# of tasks; looked up by primary key row by row it costs a small fraction of that
# (figures: docs/benchmarks.md). ``OFFSET 0`` keeps each lookup from
# being flattened back into a join. Units stay a plain join: as a lookup, the planner
# reads the small table whole for each task (0.6 ms a page for 200 units).
_LOOKUPS_PG = {
    "JOIN document d ON d.id = t.document_id": (
        "JOIN LATERAL (SELECT * FROM document WHERE id = t.document_id OFFSET 0) d ON true"
    ),
    "LEFT JOIN person lp ON lp.id = t.lead_person_id": (
        "LEFT JOIN LATERAL (SELECT code, full_name FROM person WHERE id = t.lead_person_id"
        " OFFSET 0) lp ON true"
    ),
    "LEFT JOIN person p ON p.id = c.person_id": (
        "LEFT JOIN LATERAL (SELECT code, full_name FROM person WHERE id = c.person_id"
        " OFFSET 0) p ON true"
    ),
}


def _by_key(sql: str, dialect: str) -> str:
    """``sql`` with its small joins as primary-key lookups on PostgreSQL."""
    if dialect == "postgresql":
        for join, lookup in _LOOKUPS_PG.items():
            sql = sql.replace(join, lookup)
    return sql


_CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit with room to spare


def _chunk(dialect: str) -> int:
    """Ids per query: PostgreSQL takes them as one array (``id_match``), so a reminder
    run's twenty thousand shown tasks are one query rather than twenty."""
    return 50_000 if dialect == "postgresql" else _CHUNK


_MANAGED_SUBTREE = (
    "WITH RECURSIVE managed(id) AS (SELECT id FROM unit WHERE manager_id = :resp"
    " UNION ALL SELECT u.id FROM unit u JOIN managed m ON u.parent_id = m.id)"
    " SELECT id FROM managed"
)


def _led_or_co_owned(lead: list[str], co: list[str]) -> str:
    parts = list(lead)
    if co:
        parts.append(
            f"EXISTS (SELECT 1 FROM task_co_owner c WHERE c.task_id = t.id AND ({' OR '.join(co)}))"
        )
    return f"({' OR '.join(parts)})"


def _filters(
    f: TaskFilter, params: dict[str, Any], due: str = "t.due_on", dialect: str = ""
) -> list[str]:
    """WHERE conditions for ``f``; ``due`` is the SQL of the deadline in force."""
    where: list[str] = []
    if f.task_ids is not None:
        where.append(f"t.id IN {in_list('tid', f.task_ids, params)}")
    if f.document_id is not None:
        params["doc"] = f.document_id
        where.append("t.document_id = :doc")
    if f.document_kinds:
        kinds = in_list("kind", [k.value for k in f.document_kinds], params)
        where.append(f"t.document_id IN (SELECT id FROM document WHERE kind IN {kinds})")
    if f.unit_ids is not None:
        units = in_list("unit", f.unit_ids, params)
        people = f"(SELECT id FROM person WHERE unit_id IN {units})"
        lead = [f"t.lead_unit_id IN {units}", f"t.lead_person_id IN {people}"]
        co = [f"c.unit_id IN {units}", f"c.person_id IN {people}"] if f.co_owned else []
        where.append(_led_or_co_owned(lead, co))
    if f.person_id is not None:
        params["person"] = f.person_id
        where.append(_led_or_co_owned(["t.lead_person_id = :person"], ["c.person_id = :person"]))
    if f.responsible_id is not None:
        params["resp"] = f.responsible_id
        managed = f"({_MANAGED_SUBTREE})"
        lead = [
            "t.lead_person_id = :resp",
            f"t.lead_unit_id IN {managed}",
            f"t.lead_person_id IN (SELECT id FROM person WHERE unit_id IN {managed})",
        ]
        where.append(_led_or_co_owned(lead, ["c.person_id = :resp"]))
    if f.text:
        params["text"] = f"%{fold(f.text)}%"
        folded = [
            fold_sql(column, dialect)
            for column in ("t.title", "COALESCE(t.description, '')", "t.ref", "number")
        ]
        where.append(
            f"({folded[0]} LIKE :text OR {folded[1]} LIKE :text OR {folded[2]} LIKE :text"
            f" OR t.document_id IN (SELECT id FROM document WHERE {folded[3]} LIKE :text))"
        )
    if f.awaiting is not None:
        where.append(AWAITING_SQL if f.awaiting else f"NOT {AWAITING_SQL}")
    if f.due_from is not None:
        params["due_from"] = f.due_from
        where.append(f"{due} >= :due_from")
    if f.due_to is not None:
        params["due_to"] = f.due_to
        where.append(f"{due} <= :due_to")
    if f.reach is not None:
        where.append(_reach(f.reach, params, dialect))
    if f.statuses:
        statuses = in_list("st", [s.value for s in f.statuses], params)
        where.append(f"{status_case(due=due)} IN {statuses}")
    return where


def _later_extensions(reader: Reader, as_of: date) -> bool:
    return bool(reader.fetch(LATER_EXTENSIONS_SQL, {"as_of": as_of}))


NARROW_REACH_UNITS = 3


def _narrow(reach: Reach | None) -> bool:
    return reach is not None and (
        len(reach.unit_ids) + len(reach.people_of_unit_ids) <= NARROW_REACH_UNITS
    )


def _reach_lists(reach: Reach, params: dict[str, Any]) -> tuple[str | None, str | None]:
    """The reach's units and its units' people as SQL lists (None: none), its person
    bound as ``:reach_p``."""
    if reach.person_id is not None:
        params["reach_p"] = reach.person_id
    u = in_list("reach_u", list(reach.unit_ids), params) if reach.unit_ids else None
    people_units = list(reach.people_of_unit_ids)
    pu = (
        f"(SELECT id FROM person WHERE unit_id IN {in_list('reach_pu', people_units, params)})"
        if people_units
        else None
    )
    return u, pu


def _reach(reach: Reach, params: dict[str, Any], dialect: str = "") -> str:
    """A person's reach as SQL, in the form that suits its width.

    Narrow (a person and a unit or two): ``t.id IN`` a union of index lookups, so a
    few tasks among a million cost what they cost. Wide (a manager's subtree): a test
    on each row, so a page walks the deadline index and stops once it is full.
    """
    if not reach.unit_ids and not reach.people_of_unit_ids and reach.person_id is None:
        return "1 = 0"
    u, pu = _reach_lists(reach, params)
    if not _narrow(reach):
        return _reach_test(reach, u, pu)
    union = " UNION ".join(
        f"SELECT {task_id} FROM {source} WHERE {owner}"
        for source, owner, task_id in _owner_branches(reach, u, pu, dialect)
    )
    if dialect == "postgresql":
        # As an array, PostgreSQL reads the few tasks by primary key; as IN (subquery) it
        # would hash-join them against a scan of the whole table.
        return f"t.id = ANY(ARRAY({union}))"
    return f"t.id IN ({union})"


def _reach_test(reach: Reach, u: str | None, pu: str | None) -> str:
    """The reach as a test on each row ``t`` (its lead, or a co-owner, within it)."""
    lead, co = [], []
    if u:
        lead.append(f"t.lead_unit_id IN {u}")
        co.append(f"c.unit_id IN {u}")
    if reach.person_id is not None:
        lead.append("t.lead_person_id = :reach_p")
        co.append("c.person_id = :reach_p")
    if pu:
        lead.append(f"t.lead_person_id IN {pu}")
        co.append(f"c.person_id IN {pu}")
    co_owned = f"SELECT 1 FROM task_co_owner c WHERE c.task_id = t.id AND ({' OR '.join(co)})"
    return f"({' OR '.join([*lead, f'EXISTS ({co_owned})'])})"


# The owner indexes each branch reads: (led, co-owned) by unit and by person; of the open
# tasks alone (partial: migration 0022) or of all.
_OWNER_INDEXES = {
    False: (("", "ix_task_co_owner_unit_id"), ("", "ix_task_co_owner_person_id")),
    True: (
        ("ix_task_open_lead_unit", "ix_task_co_owner_open_unit"),
        ("ix_task_open_lead_person", "ix_task_co_owner_open_person"),
    ),
}


def _owner_branches(
    reach: Reach,
    u: str | None,
    pu: str | None,
    dialect: str,
    open_only: bool = False,
    unit_by_unit: bool = False,
) -> list[tuple[str, str, str]]:
    """A reach as index lookups: (table, owner condition, task id column) for the tasks
    led and co-owned by its units, its person and its units' people; with ``open_only``,
    of the tasks open today alone (the co-owners' copy: ``models.co_owner_copies``);
    ``unit_by_unit``: a lookup per unit (of ``u``'s parameters), each one index range in
    deadline order, where one for a list of units is read whole and sorted."""
    # SQLite's statistics saw co-owner people as mostly NULL and scanned (their indexes
    # hold the set values only since 0023): pinned all the same, an error and not a slow
    # query should a plan stray.
    pin = dialect == "sqlite"
    (lead_unit, co_unit), (lead_person, co_person) = (
        tuple(
            (f"{table} INDEXED BY {index}" if pin and index else table)
            for table, index in zip(("task", "task_co_owner"), pair, strict=True)
        )
        for pair in _OWNER_INDEXES[open_only]
    )
    led = f" AND {OPEN_TODAY}" if open_only else ""
    co = " AND task_open" if open_only else ""
    parts: list[tuple[str, str, str]] = []
    units = [f"= :reach_u{i}" for i in range(len(reach.unit_ids))] if unit_by_unit else [f"IN {u}"]
    for test in units if u else []:
        parts.append((lead_unit, f"lead_unit_id {test}{led}", "id"))
        parts.append((co_unit, f"unit_id {test}{co}", "task_id"))
    for match in ([":reach_p"] if reach.person_id is not None else []) + ([pu] if pu else []):
        test = f"= {match}" if match.startswith(":") else f"IN {match}"
        parts.append((lead_person, f"lead_person_id {test}{led}", "id"))
        parts.append((co_person, f"person_id {test}{co}", "task_id"))
    return parts


def _open_reach_sql(reach: Reach, params: dict[str, Any], dialect: str) -> str:
    """A reach's tasks open on ``:as_of`` and due by ``:high``, as (id, deadline), by
    deadline: those open today from the owners' partial indexes of open tasks, those
    closed since ``:as_of`` (few: none, asked about today) by the closing indexes."""
    u, pu = _reach_lists(reach, params)
    branches = [
        f"SELECT {task_id} AS id, due_on AS due FROM {source} WHERE {owner} AND due_on <= :high"
        for source, owner, task_id in _owner_branches(reach, u, pu, dialect, open_only=True)
    ]
    _today, *closed_since = open_on_branches()
    for closed, index in zip(closed_since, OPEN_BRANCH_INDEXES[1:], strict=True):
        # Each by its own index: SQLite would otherwise scan the million for the OR.
        source = f"task t INDEXED BY {index}" if dialect == "sqlite" else "task t"
        branches.append(
            f"SELECT t.id AS id, t.due_on AS due FROM {source} WHERE {closed}"
            f" AND t.due_on <= :high AND {_reach_test(reach, u, pu)}"
        )
    return f"SELECT id, due FROM ({' UNION '.join(branches)}) open_tasks ORDER BY due, id"


def _reach_page_sql(
    reach: Reach, params: dict[str, Any], dialect: str, limit: int, offset: int
) -> str:
    """One page of a narrow reach's dated tasks by deadline, read from the owner indexes,
    which hold the deadline (the co-owners' copy: ``models.co_owner_copies``): each
    branch yields its first ``offset + limit`` in order, the union is cut to the page."""
    u, pu = _reach_lists(reach, params)
    n = offset + limit
    branches = [
        f"SELECT * FROM (SELECT {task_id} AS id, due_on AS due FROM {source} WHERE {owner}"
        f" AND due_on IS NOT NULL ORDER BY due_on, {task_id} LIMIT {n}) b{i}"
        for i, (source, owner, task_id) in enumerate(
            _owner_branches(reach, u, pu, dialect, unit_by_unit=True)
        )
    ]
    return (
        f"SELECT id FROM ({' UNION '.join(branches)}) page"
        f" ORDER BY due, id LIMIT {limit} OFFSET {offset}"
    )


def _rows(
    reader: Reader,
    ids: Sequence[int],
    as_of: date,
    history: bool = False,
    later: bool | None = None,  # whether extensions were approved after as_of, if known
) -> list[TaskRow]:
    """Full rows for ``ids``, in the order given, with co-owners, as they stood on
    ``as_of``: the deadline in force then, done (or cancelled) only if done by then,
    and, with ``history``, progress as recorded by the end of that day."""
    found: dict[int, TaskRow] = {}
    make = _row_maker(as_of)
    size = _chunk(reader.dialect)
    for start in range(0, len(ids), size):
        params: dict[str, Any] = {}
        chunk = ids[start : start + size]
        match = id_match("t.id", "id", chunk, params, reader.dialect)
        for r in reader.fetch(f"{_by_key(_ROW_SQL, reader.dialect)} WHERE {match}", params):
            found[r[0]] = make(r)
    return _as_of(reader, [found[i] for i in ids if i in found], as_of, history, later)


_UNSEEN = object()


def _row_maker(as_of: date) -> Callable[[Sequence[Any]], TaskRow]:
    """Turns a row of ``_ROW_COLUMNS`` into a ``TaskRow`` as of a date (its status set
    by ``_as_of``, once extensions are applied)."""
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    kinds: dict[Any, DocumentKind] = {}
    days: dict[Any, date | None] = {}  # SQLite's date text, parsed once per distinct value

    def day(value: Any) -> date | None:
        found = days.get(value, _UNSEEN)
        if found is _UNSEEN:
            found = days[value] = as_date(value)
        return found  # type: ignore[return-value]

    def make(r: Sequence[Any]) -> TaskRow:
        # The driver makes a new string per row; a document's words and an owner's
        # code and name are shared by all their tasks instead.
        kind = kinds.get(r[1])
        if kind is None:
            kind = kinds[r[1]] = DocumentKind(r[1])
        done, cancelled = day(r[15]), day(r[17])
        done_then = done is not None and done <= as_of
        cancelled_then = cancelled is not None and cancelled <= as_of
        return TaskRow(
            id=r[0], document_kind=kind, document_number=share(r[2], r[2]),
            issuing_body=share(r[3], r[3]), issued_on=day(r[4]) or as_of,
            document_title=share(r[5], r[5]), ref=r[6], title=r[7], description=r[8],
            lead_code=share(r[9], r[9]), lead_name=share(r[10], r[10]), start_on=day(r[11]),
            original_due_on=day(r[12]), due_on=day(r[13]), progress=r[14],
            completed_on=done if done_then else None,
            completion_note=r[16] if done_then else None,
            cancelled_on=cancelled if cancelled_then else None,
            cancel_reason=r[18] if cancelled_then else None,
            status=StatusView(TaskStatus.STANDING),  # set by ``_as_of``
        )  # fmt: skip

    return make


def _as_of(
    reader: Reader, rows: list[TaskRow], as_of: date, history: bool, later: bool | None
) -> list[TaskRow]:
    """``rows`` as they stood on ``as_of`` (deadline then, status), with co-owners."""
    _rewind(reader, rows, as_of, history, later)
    for row in rows:
        row.status = task_status(
            due_on=row.due_on,
            completed_on=row.completed_on,
            cancelled_on=row.cancelled_on,
            as_of=as_of,
        )
    _attach_co_owners(reader, rows)
    waiting = awaiting_ids(reader, [row.id for row in rows])
    for row in rows:
        row.awaiting = row.id in waiting
    return rows


def end_of_day(reader: Reader, day: date) -> Any:
    """The first instant after ``day`` in the committee's timezone, as the database
    compares recorded timestamps (SQLite: naive UTC text; PostgreSQL: aware)."""
    from zoneinfo import ZoneInfo

    from models.settings import get_settings

    zone = ZoneInfo(get_settings().timezone)
    instant = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    if reader.dialect == "sqlite":
        return instant.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return instant


def _rewind(
    reader: Reader, rows: list[TaskRow], as_of: date, history: bool, later: bool | None = None
) -> None:
    """Undo, on the rows, what happened after ``as_of``: extensions approved later, and
    progress recorded later. Two cheap probes skip all of it for questions about today."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    if _later_extensions(reader, as_of) if later is None else later:
        for task_id, extensions in _extensions_after(reader, ids, as_of).items():
            row = by_id[task_id]
            row.due_on = due_in_force(row.due_on, extensions, as_of)
    if not history:
        return
    cutoff = end_of_day(reader, as_of)
    if not reader.fetch(_LATER_EVENTS_SQL, {"cutoff": cutoff}):
        return
    for start in range(0, len(ids), _CHUNK):
        params = {"cutoff": cutoff}
        chunk = in_list("id", ids[start : start + _CHUNK], params)
        sql = (
            "SELECT task_id, changes FROM task_event"
            f" WHERE at >= :cutoff AND task_id IN {chunk} ORDER BY id DESC"
        )
        for task_id, changes in reader.fetch(sql, params):
            change = (json.loads(changes) if isinstance(changes, str) else changes or {}).get(
                "progress"
            )
            row = by_id[task_id]
            if change is not None and row.completed_on is None:
                row.progress = int(change[0])


def _extensions_after(
    reader: Reader, ids: Sequence[int], as_of: date
) -> dict[int, list[tuple[date, date]]]:
    """(approved on, previous deadline) of the extensions of ``ids`` approved after ``as_of``."""
    approved: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        params: dict[str, Any] = {"as_of": as_of}
        chunk = in_list("id", ids[start : start + _CHUNK], params)
        sql = (
            "SELECT task_id, approved_on, previous_due_on FROM deadline_extension"
            f" WHERE approved_on > :as_of AND task_id IN {chunk}"
        )
        for task_id, approved_on, previous in reader.fetch(sql, params):
            approved[task_id].append((as_date(approved_on) or as_of, as_date(previous) or as_of))
    return approved


_LATER_EVENTS_SQL = "SELECT 1 FROM task_event WHERE at >= :cutoff LIMIT 1"


def _attach_co_owners(reader: Reader, rows: list[TaskRow]) -> None:
    owners: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [row.id for row in rows]
    size = _chunk(reader.dialect)
    for start in range(0, len(ids), size):
        params: dict[str, Any] = {}
        match = id_match("c.task_id", "id", ids[start : start + size], params, reader.dialect)
        sql = (
            "SELECT c.task_id, COALESCE(u.code, p.code), COALESCE(u.name, p.full_name)"
            " FROM task_co_owner c LEFT JOIN unit u ON u.id = c.unit_id"
            " LEFT JOIN person p ON p.id = c.person_id"
            f" WHERE {match} ORDER BY c.task_id, c.id"
        )
        for task_id, code, name in reader.fetch(_by_key(sql, reader.dialect), params):
            owners[task_id].append((code, name))
    for row in rows:
        row.co_owners = owners.get(row.id, [])


def rows_by_id(reader: Reader, ids: Sequence[int], as_of: date) -> list[TaskRow]:
    """The tasks ``ids`` as of a date, in the order given, unknown ids left out: what
    ``list_tasks`` with only ``task_ids`` returns, without the query that sorts them."""
    return _rows(reader, ids, as_of)


def states_by_id(reader: Reader, ids: Sequence[int], as_of: date) -> dict[int, StatusView]:
    """The status of the tasks ``ids`` as of a date, unknown ids left out: the same as
    ``rows_by_id(...)[i].status`` without the words. A reminder run decides, counts and
    orders every claimed task from these and reads in full only those its messages show.

    One query for all ids, and ``task_status`` once per distinct (deadline, completed,
    cancelled) as the driver gives them: a hundred thousand tasks share a few hundred.
    """
    params: dict[str, Any] = {}
    match = id_set_match("id", "ids", ids, params, reader.dialect)
    sql = f"SELECT id, due_on, completed_on, cancelled_on FROM task WHERE {match}"
    found = {
        task_id: (due, done, cancelled)
        for task_id, due, done, cancelled in reader.fetch(sql, params)
    }
    if found and _later_extensions(reader, as_of):
        for task_id, extensions in _extensions_after(reader, list(found), as_of).items():
            due, done, cancelled = found[task_id]
            found[task_id] = (due_in_force(as_date(due), extensions, as_of), done, cancelled)
    views: dict[tuple[Any, Any, Any], StatusView] = {}
    states: dict[int, StatusView] = {}
    for task_id, dates in found.items():
        view = views.get(dates)
        if view is None:
            due, done, cancelled = map(as_date, dates)
            view = views[dates] = task_status(
                due_on=due, completed_on=done, cancelled_on=cancelled, as_of=as_of
            )
        states[task_id] = view
    return states


def list_tasks(reader: Reader, f: TaskFilter, as_of: date) -> list[TaskRow]:
    """Any list of tasks as of a date, ordered by the deadline then in force (standing
    tasks last).

    Dated and standing tasks are read apart, each in plain index order: one ORDER BY
    over an expression (standing last) would sort every matching row to show a page.
    For a date before an extension was approved, the deadline then is an expression.
    """
    params: dict[str, Any] = {"as_of": as_of}
    due = due_in_force_sql() if _later_extensions(reader, as_of) else "t.due_on"
    where = _filters(f, params, due, reader.dialect)

    def ids(extra: str, limit: int | None, offset: int) -> list[int]:
        sql = f"SELECT t.id FROM task t WHERE {' AND '.join([extra, *where])}"
        sql += f" ORDER BY {due}, t.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [int(r[0]) for r in reader.fetch(sql, params)]

    if f.limit is not None and due == "t.due_on" and _reach_only(f):
        assert f.reach is not None
        page = _reach_page_sql(f.reach, params, reader.dialect, f.limit, f.offset)
        dated = [int(r[0]) for r in reader.fetch(page, params)]
    else:
        dated = ids(f"{due} IS NOT NULL", f.limit, f.offset)
    if f.limit is not None and len(dated) >= f.limit:
        return _rows(reader, dated, as_of, f.history)
    if f.limit is None:
        return _rows(reader, dated + ids(f"{due} IS NULL", None, 0), as_of, f.history)
    if dated or f.offset == 0:
        skipped = 0  # the page starts among the dated tasks: standing ones follow at once
    else:
        count = f"SELECT count(*) FROM task t WHERE {' AND '.join([f'{due} IS NOT NULL', *where])}"
        skipped = f.offset - int(reader.fetch(count, params)[0][0])
    standing = ids(f"{due} IS NULL", f.limit - len(dated), max(skipped, 0))
    return _rows(reader, dated + standing, as_of, f.history)


def _reach_only(f: TaskFilter, narrow: bool = True) -> bool:
    """Whether ``f`` asks for a (narrow) reach's tasks and nothing else (the plain list a
    member opens, the home page's lists): then they are read from the owner indexes."""
    if f.reach is None or (narrow and not _narrow(f.reach)):
        return False
    if not (f.reach.unit_ids or f.reach.people_of_unit_ids or f.reach.person_id is not None):
        return False
    return replace(f, reach=None, limit=None, offset=0, history=False) == TaskFilter()


def in_reach(reader: Reader, task_id: int, reach: Reach | None) -> bool:
    """Whether the task exists and falls within ``reach`` (None: anywhere).

    The same rule as ``_reach``, for one task: its owners read by id (two indexed
    lookups) and tested here, never the whole reach. A test holds the two together.
    """
    found = reader.fetch(
        "SELECT t.lead_unit_id, t.lead_person_id, p.unit_id FROM task t"
        " LEFT JOIN person p ON p.id = t.lead_person_id WHERE t.id = :id",
        {"id": task_id},
    )
    if not found:
        return False
    if reach is None:
        return True
    co_owners = reader.fetch(
        "SELECT c.unit_id, c.person_id, p.unit_id FROM task_co_owner c"
        " LEFT JOIN person p ON p.id = c.person_id WHERE c.task_id = :id",
        {"id": task_id},
    )
    owners = [found[0], *co_owners]
    units, people_units = set(reach.unit_ids), set(reach.people_of_unit_ids)
    return any(
        (unit_id is not None and unit_id in units)
        or (person_id is not None and person_id == reach.person_id)
        or (person_id is not None and person_unit in people_units)
        for unit_id, person_id, person_unit in owners
    )


@dataclass
class Page:
    rows: list[TaskRow]
    total: int  # how many match, of which ``rows`` is one page


def _open_window(reader: Reader, f: TaskFilter, as_of: date, low: date | None, high: date) -> Page:
    """Open tasks whose deadline in force on ``as_of`` is in ``[low, high]``, by that
    deadline: one branch per index.

    A task extended after ``as_of`` had another deadline then: such tasks (none, for
    questions about today) leave the indexed branches and form a fourth, which reads
    the deadline in force then from the extensions.
    """
    params: dict[str, Any] = {"as_of": as_of, "high": high}
    later = _later_extensions(reader, as_of)
    extra = _filters(f, params, dialect=reader.dialect)
    if low is not None:
        params["low"] = low

    def window(due: str) -> str:
        return f"{due} <= :high" + (f" AND {due} >= :low" if low is not None else "")

    if _narrow(f.reach):
        # A person's own few tasks: read them once by id, filter and sort them here.
        due = due_in_force_sql() if later else "t.due_on"
        source = "task t NOT INDEXED" if reader.dialect == "sqlite" else "task t"
        where = " AND ".join([open_on(), window(due), *extra])
        sql = f"SELECT t.id FROM {source} WHERE {where} ORDER BY {due}, t.id"
        found = [int(r[0]) for r in reader.fetch(sql, params)]
        chosen = found[f.offset : f.offset + (f.limit or 100)]
        return Page(_rows(reader, chosen, as_of, f.history, later), len(found))
    limit = (f.limit or 100) + f.offset
    branches = [" AND ".join([branch, window("t.due_on"), *extra]) for branch in open_on_branches()]
    # SQLite would rather walk the deadline index to skip a sort, reading the whole
    # history; pin each branch to its own index (an error, not a slow query, if missing).
    sources = (
        [f"task t INDEXED BY {index}" for index in OPEN_BRANCH_INDEXES]
        if reader.dialect == "sqlite"
        else ["task t"] * 3
    )
    selects = ["t.due_on"] * 3
    if reader.dialect == "postgresql":
        # Asked about the past, PostgreSQL would walk the whole deadline index in order
        # to skip a sort, filtering out nearly every task (most of the query's time) for
        # the few completed or cancelled after ``as_of``. An expression it cannot read
        # from that index makes it find those few by their own indexes, then sort them.
        selects[1:] = ["t.due_on + 0"] * 2
    if later:
        extended = f"({LATER_EXTENDED_SQL})"
        branches = [f"{b} AND t.id NOT IN {extended}" for b in branches]
        due = due_in_force_sql()
        then = " AND ".join([f"t.id IN {extended}", open_on(), window(due), *extra])
        branches.append(then)
        sources.append("task t")
        selects.append(due)
    page_sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT t.id, {due_sql} AS due FROM {source} WHERE {w}"
        f" ORDER BY 2, t.id LIMIT {limit}) b{i}"
        for i, (source, w, due_sql) in enumerate(zip(sources, branches, selects, strict=True))
    )
    page = (
        f"SELECT id, due FROM ({page_sql}) u ORDER BY due, id"
        f" LIMIT {int(f.limit or 100)} OFFSET {int(f.offset)}"
    )
    count = " + ".join(
        f"(SELECT count(*) FROM {source} WHERE {w})"
        for source, w in zip(sources, branches, strict=True)
    )
    # The page, its tasks' rows and the total in one statement: one plan and one round
    # trip instead of three, and no list of ids sent back. CROSS JOIN keeps SQLite's join
    # order (the page first, then each task by id); PostgreSQL chooses it by itself.
    sql = (
        f"WITH page(id, due) AS ({page}) {_ROW_COLUMNS}, ({count})"
        f" FROM page CROSS JOIN task t {_by_key(_ROW_JOINS, reader.dialect)}"
        " WHERE t.id = page.id ORDER BY page.due, page.id"
    )
    fetched = reader.fetch(sql, params)
    make = _row_maker(as_of)
    rows = [make(r) for r in fetched]
    if fetched:
        total = int(fetched[0][19])
    else:  # an empty page: nothing matches, unless the page lies past the end
        total = int(reader.fetch(f"SELECT {count}", params)[0][0]) if f.offset else 0
    return Page(_as_of(reader, rows, as_of, f.history, later), total)


def overdue(reader: Reader, f: TaskFilter, as_of: date) -> Page:
    """Open tasks past their deadline, longest overdue first."""
    latest = as_of - timedelta(days=max(f.min_days_overdue or 1, 1))
    return _open_window(reader, f, as_of, None, latest)


def due_soon(reader: Reader, f: TaskFilter, as_of: date, days: int) -> Page:
    """Open tasks due from ``as_of`` to ``as_of + days``, soonest first."""
    return _open_window(reader, f, as_of, as_of, as_of + timedelta(days=days))


def overdue_and_due_soon(
    reader: Reader, f: TaskFilter, as_of: date, days: int
) -> tuple[Page, Page]:
    """``overdue`` and ``due_soon`` together: for a reach, one read of its tasks serves
    both (the same rule: open on ``as_of``, split at ``as_of``)."""
    params: dict[str, Any] = {"as_of": as_of, "high": as_of + timedelta(days=days)}
    later = _later_extensions(reader, as_of)
    if f.reach is not None and not later and _reach_only(f, narrow=False):
        # What a person answers for, of any width: its open tasks from the owner indexes.
        sql = _open_reach_sql(f.reach, params, reader.dialect)
    elif not _narrow(f.reach):
        return overdue(reader, f, as_of), due_soon(reader, f, as_of, days)
    else:
        due = due_in_force_sql() if later else "t.due_on"
        source = "task t NOT INDEXED" if reader.dialect == "sqlite" else "task t"
        extra = _filters(f, params, due, dialect=reader.dialect)
        where = " AND ".join([open_on(), f"{due} <= :high", *extra])
        sql = f"SELECT t.id, {due} FROM {source} WHERE {where} ORDER BY 2, t.id"
    found = [(int(r[0]), as_date(r[1])) for r in reader.fetch(sql, params)]
    late = [i for i, due in found if due is not None and due < as_of]
    soon = [i for i, due in found if due is not None and due >= as_of]
    size = f.limit or 100
    shown_late, shown_soon = (ids[f.offset : f.offset + size] for ids in (late, soon))
    rows = _rows(reader, shown_late + shown_soon, as_of, f.history, later)  # one read for both
    first = set(shown_late)
    return (
        Page([row for row in rows if row.id in first], len(late)),
        Page([row for row in rows if row.id not in first], len(soon)),
    )


@dataclass
class UnitSummary:
    unit_id: int
    code: str
    name: str
    depth: int
    counts: dict[TaskStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among the done: the completion-on-time rate."""
        done = self.counts[TaskStatus.DONE_ON_TIME] + self.counts[TaskStatus.DONE_LATE]
        return self.counts[TaskStatus.DONE_ON_TIME] / done if done else None

    @property
    def overdue_share(self) -> float | None:
        """Overdue among the tasks not cancelled."""
        live = self.total - self.counts[TaskStatus.CANCELLED]
        return self.counts[TaskStatus.OVERDUE] / live if live else None


def unit_summaries(
    reader: Reader,
    period: Period,
    as_of: date,
    root_id: int | None = None,
    *,
    keep_empty: bool = False,
) -> list[UnitSummary]:
    """Per unit, the tasks whose deadline falls in ``period``, by status on ``as_of``.

    A task counts for its lead unit (a person's own unit when a person leads) and for
    every unit above it; the list runs in tree order from ``root_id`` (default: all).
    Units with nothing due are left out unless ``keep_empty`` (the dashboard shows them).
    """
    # Counted from the tally (``models.task_tally``): a few thousand rows, not every task.
    own = counts_by_owner(reader, period.start, period.end, as_of, "unit")
    zero = dict.fromkeys(TaskStatus, 0)  # copied, not rebuilt: iterating an enum is slow
    units: dict[int, tuple[Any, ...]] = {
        row[0]: tuple(row) for row in reader.fetch("SELECT id, code, name, parent_id FROM unit", {})
    }
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, _code, _name, parent_id in units.values():
        children[parent_id].append(unit_id)
    result: list[UnitSummary] = []

    def visit(unit_id: int, depth: int) -> dict[TaskStatus, int]:
        index = len(result)
        totals = own.get(unit_id) or zero.copy()
        result.append(UnitSummary(unit_id, units[unit_id][1], units[unit_id][2], depth, totals))
        for child in sorted(children.get(unit_id, []), key=lambda u: units[u][1]):
            for status, count in visit(child, depth + 1).items():
                totals[status] += count
        result[index].counts = totals
        return totals

    roots = (
        [root_id]
        if root_id is not None
        else sorted(children.get(None, []), key=lambda u: units[u][1])
    )
    for root in roots:
        visit(root, 0)
    return [s for s in result if keep_empty or s.total > 0 or s.unit_id == root_id]


def find_code(reader: Reader, table: str, code: str) -> int | None:
    """The id of a unit or person by code (``table`` is ours, never user input)."""
    assert table in ("unit", "person")
    rows = reader.fetch(f"SELECT id FROM {table} WHERE code = :code", {"code": code})
    return int(rows[0][0]) if rows else None


LABEL_CODE = " · "  # a pick-list's label of a name two people share: "Name · code"


def find_person_named(reader: Reader, text: str) -> int | None:
    """The person a filter names as typed or picked: a code, a key ("person:code"), a
    pick-list label ("Name · code"), or a name only one person bears (accents and case
    as written). None when nobody, or several people, answer to it."""
    text = text.strip()
    kind, _, bare = text.partition(":")
    code = bare if kind == "person" and bare else text.rpartition(LABEL_CODE)[2]
    found = find_code(reader, "person", code)
    if found is not None:
        return found
    rows = reader.fetch("SELECT id FROM person WHERE full_name = :name", {"name": text})
    return int(rows[0][0]) if len(rows) == 1 else None


def unit_scope(reader: Reader, code: str) -> list[int]:
    """The unit named by ``code`` and every unit below it: what "unit X" means in a filter."""
    unit_id = find_code(reader, "unit", code)
    if unit_id is None:
        raise not_found("unit", code)
    return subtree(reader, unit_id)


def person_by_code(reader: Reader, code: str) -> int:
    found = find_code(reader, "person", code)
    if found is None:
        raise not_found("person", code)
    return found


def document_by_number(reader: Reader, number: str) -> int:
    found = reader.fetch("SELECT id FROM document WHERE number = :n", {"n": number})
    if len(found) != 1:
        raise not_found("document", number)
    return int(found[0][0])


def directory(reader: Reader, table: str) -> list[tuple[int, str, str]]:
    """Every unit or person as (id, code, name), by code (``table`` is ours)."""
    assert table in ("unit", "person")
    name = "name" if table == "unit" else "full_name"
    return [
        (int(r[0]), r[1], r[2])
        for r in reader.fetch(f"SELECT id, code, {name} FROM {table} ORDER BY code", {})
    ]


def subtree(reader: Reader, unit_id: int) -> list[int]:
    """The unit and every unit below it (recursive CTE: the tree may be deep)."""
    sql = (
        "WITH RECURSIVE tree(id) AS (SELECT id FROM unit WHERE id = :root"
        " UNION ALL SELECT u.id FROM unit u JOIN tree ON u.parent_id = tree.id) SELECT id FROM tree"
    )
    return sorted(int(r[0]) for r in reader.fetch(sql, {"root": unit_id}))
