"""Each managed unit's figures for the weekly manager digest, now and a week before.

Every figure comes from the domain's as-of queries: ``unit_summaries`` (the rule of
``dondoc report units``) for the rows, ``overview``'s table too, and ``overdue`` for the
list. Both count what a unit *leads* (its sub-units and their people included), so a
unit's overdue count is the length of its overdue list; what it only co-owns is counted
on a line of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.engine import Engine

from models.duty_groups import DutyGroup, group_duties
from models.duty_queries import duty_rows
from models.duty_status import DutyStatus
from models.period_statistics import REPORTED_STATUSES
from models.periods import Period
from models.queries import TaskFilter, TaskRow, UnitSummary, overdue, subtree, unit_summaries
from models.sqlread import Reader, SqlAlchemyReader
from models.status import TaskStatus

TOP_OVERDUE = 10  # tasks listed per managed unit; the link leads to all of them
# Every task with a deadline, whenever it falls: the overdue count is then the length of
# the overdue list (a year's window would drop last year's overdue tasks from the count).
ALL_DEADLINES = Period("all", date(1900, 1, 1), date(2199, 12, 31))
LAST_WEEK = timedelta(days=7)
# The report's four statuses, in the order a manager reads them: open work first.
SHOWN = (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE, TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
assert set(SHOWN) == set(REPORTED_STATUSES)


@dataclass(frozen=True)
class UnitRow:
    """One unit's figures now and a week before (``before`` None: no task then)."""

    code: str
    name: str
    now: UnitSummary
    before: UnitSummary | None
    total: bool = False  # the whole of a manager's unit, below its sub-units

    def count(self, status: TaskStatus) -> int:
        return self.now.counts[status]

    def change(self, status: TaskStatus) -> int:
        return self.now.counts[status] - (self.before.counts[status] if self.before else 0)


@dataclass
class UnitState:
    """What a manager hears about one unit they manage."""

    unit_id: int
    code: str
    name: str
    rows: list[UnitRow]
    overdue_total: int  # the length of the full overdue list (led by the unit)
    overdue: list[TaskRow] = field(default_factory=list)  # the first TOP_OVERDUE of it
    co_owned_overdue: int = 0  # overdue tasks the unit only co-owns
    duty_groups: list[DutyGroup] = field(default_factory=list)  # overdue, longest first

    @property
    def worth_sending(self) -> bool:
        return any(r.now.total for r in self.rows) or bool(self.duty_groups)


def _summaries(reader: Reader, as_of: date) -> dict[int, UnitSummary]:
    return {s.unit_id: s for s in unit_summaries(reader, ALL_DEADLINES, as_of)}


def _row(summaries: tuple[dict[int, UnitSummary], dict[int, UnitSummary]], unit: int) -> UnitRow:
    now, before = summaries
    found = now[unit]
    return UnitRow(found.code, found.name, found, before.get(unit))


def _units(reader: Reader) -> tuple[dict[int, tuple[str, str]], dict[int, list[int]]]:
    units = reader.fetch("SELECT id, code, name, parent_id FROM unit WHERE active", {})
    names = {int(r[0]): (str(r[1]), str(r[2])) for r in units}
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, _code, _name, parent_id in sorted(units, key=lambda r: r[1]):
        if parent_id is not None:
            children[int(parent_id)].append(int(unit_id))
    return names, children


def collect(
    engine: Engine, as_of: date, unit_ids: list[int], top: int = TOP_OVERDUE
) -> dict[int, UnitState]:
    """The state of each unit on ``as_of``: a row per sub-unit (or the unit itself when it
    has none), then the whole; its overdue tasks and duties."""
    states: dict[int, UnitState] = {}
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        summaries = (_summaries(reader, as_of), _summaries(reader, as_of - LAST_WEEK))
        names, children = _units(reader)
        for unit_id in unit_ids:
            if unit_id not in names:
                continue
            code, name = names[unit_id]
            empty = UnitSummary(unit_id, code, name, 0, dict.fromkeys(TaskStatus, 0))
            summaries[0].setdefault(unit_id, empty)
            for child in children.get(unit_id, []):  # a sub-unit without tasks: a row of 0
                summaries[0].setdefault(
                    child, UnitSummary(child, *names[child], 1, dict.fromkeys(TaskStatus, 0))
                )
            rows = [_row(summaries, c) for c in children.get(unit_id, [])]
            whole = _row(summaries, unit_id)
            rows.append(UnitRow(whole.code, whole.name, whole.now, whole.before, total=True))
            scope = subtree(reader, unit_id)
            page = overdue(reader, TaskFilter(unit_ids=scope, limit=top), as_of)
            with_co = overdue(reader, TaskFilter(unit_ids=scope, co_owned=True, limit=1), as_of)
            late_duties = [
                r
                for r in duty_rows(reader, as_of, unit_ids=scope)
                if r.status.status is DutyStatus.OVERDUE
            ]
            states[unit_id] = UnitState(
                unit_id,
                code,
                name,
                rows,
                page.total,
                page.rows,
                with_co.total - page.total,
                group_duties(late_duties),
            )
    return states


def overview(engine: Engine, as_of: date) -> list[UnitRow]:
    """Every active unit in tree order (those without tasks too): the operator's table."""
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        now, before = _summaries(reader, as_of), _summaries(reader, as_of - LAST_WEEK)
        names, children = _units(reader)
    below = {c for parent, kids in children.items() if parent in names for c in kids}
    rows: list[UnitRow] = []

    def visit(unit_id: int) -> None:
        code, name = names[unit_id]
        empty = UnitSummary(unit_id, code, name, 0, dict.fromkeys(TaskStatus, 0))
        rows.append(UnitRow(code, name, now.get(unit_id, empty), before.get(unit_id)))
        for child in children.get(unit_id, []):
            visit(child)

    for root in sorted((u for u in names if u not in below), key=lambda u: names[u][0]):
        visit(root)
    return rows
