"""Year-end emulation (thi đua): per unit and per person, the year's task and duty
figures, and a score by the committee's rules (``models.emulation_rules``).

The year is the annual report's data window (Decree 09: 15 December to 14 December),
counted as of the window's last day once it has ended, so the table matches the annual
report. Like that report's figures, the table is frozen the first time it is read after
the cut-off (``models.period_snapshots``): later edits do not rewrite a review already
held. Scores are computed when shown, from the frozen figures and today's rules.

Units are counted by the dashboard's rule (``models.dashboard.unit_lines``: a unit and
everything below it); people by the tasks they lead themselves.

Past ``models.directory_view.PEOPLE_SHOWN`` people in the scope (as the directory), the
page lists one unit's people at a time and every unit with its head count
(``people_choice``): counting five thousand people's year costs more than all the rest
of the page, and ranking five thousand names helps nobody at a review. The spreadsheet,
the print view (``?everyone=1``) and the frozen figures keep everyone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.dashboard import unit_lines
from models.directory_view import PEOPLE_SHOWN
from models.duty_status import DutyStatus
from models.emulation_rules import EmulationRules
from models.explanations import explanations_asked
from models.i18n import register
from models.period_snapshots import PeriodSnapshot
from models.period_statistics import report_window
from models.periods import Period, parse_period
from models.queries import subtree
from models.sqlread import Reader, SqlAlchemyReader, in_list
from models.status import TaskStatus
from models.task_tally import counts_by_owner

SNAPSHOT_PREFIX = "thi-dua-"  # beside the periodic reports' keys in ``period_snapshot``


@dataclass
class EmulationLine:
    """One unit's or person's year. ``explanations``: the explanations asked about its
    tasks within the year (``models.explanations``); None in figures frozen before
    explanations were recorded (shown empty, scoring nothing)."""

    code: str
    name: str
    unit: str  # the unit's own name, or the person's unit
    depth: int  # tree depth for units; 0 for people
    led: int  # tasks due in the year, not cancelled
    on_time: int
    late: int
    in_progress: int
    overdue: int
    duties_on_time: int | None = None  # units only
    duties_missed: int | None = None  # submitted late or still overdue
    explanations: int | None = None

    def score(self, rules: EmulationRules) -> float:
        points = (
            rules.on_time * self.on_time
            + rules.late * self.late
            + rules.overdue * self.overdue
            + rules.in_progress * self.in_progress
            + rules.duty_on_time * (self.duties_on_time or 0)
            + rules.duty_missed * (self.duties_missed or 0)
            + rules.explanation * (self.explanations or 0)
        )
        return round(points, 2)


@dataclass
class EmulationFigures:
    year: int
    window_start: str  # ISO dates
    window_end: str
    as_of: str
    units: list[EmulationLine]
    people: list[EmulationLine]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EmulationFigures:
        return cls(
            year=data["year"],
            window_start=data["window_start"],
            window_end=data["window_end"],
            as_of=data["as_of"],
            units=[EmulationLine(**u) for u in data["units"]],
            people=[EmulationLine(**p) for p in data["people"]],
        )

    def ranked_people(self, rules: EmulationRules) -> list[EmulationLine]:
        return sorted(self.people, key=lambda p: (-p.score(rules), p.code))


def year_window(year: int) -> Period:
    """The annual report's data window of ``year``."""
    return report_window(parse_period(str(year)))


def _line(
    code: str, name: str, unit: str, depth: int, counts: dict[TaskStatus, int]
) -> EmulationLine:
    s = TaskStatus
    on_time, late = counts.get(s.DONE_ON_TIME, 0), counts.get(s.DONE_LATE, 0)
    in_progress, overdue = counts.get(s.IN_PROGRESS, 0), counts.get(s.OVERDUE, 0)
    return EmulationLine(
        code,
        name,
        unit,
        depth,
        led=on_time + late + in_progress + overdue,
        on_time=on_time,
        late=late,
        in_progress=in_progress,
        overdue=overdue,
    )


def _people(
    reader: Reader, units: Sequence[int], window: Period, as_of: date, *, few: bool = False
) -> list[EmulationLine]:
    """The tasks each person of ``units`` leads themselves, due in the window (counted
    from the tally, ``models.task_tally``). ``few``: read only these people's tally rows
    (one unit's), not everyone's."""
    if not units:
        return []
    params: dict[str, Any] = {}
    # The scope's people with their names, in one read (no id list sent back).
    named = reader.fetch(
        "SELECT p.id, p.code, p.full_name, u.name FROM person p JOIN unit u ON u.id = p.unit_id"
        f" WHERE p.unit_id IN {in_list('unit', units, params)}",
        params,
    )
    owners = {int(row[0]) for row in named} if few else None
    led = counts_by_owner(reader, window.start, window.end, as_of, "person", owners)
    lines = [
        _line(code, name, unit, 0, led[int(pid)])
        for pid, code, name, unit in named
        if int(pid) in led
    ]
    return sorted(lines, key=lambda line: line.code)


def _subtree_sums(reader: Reader, counts: dict[int, int]) -> dict[str, int]:
    """``counts`` per unit id summed over each unit's subtree, by unit code (one read of
    the tree, not one recursive query per unit)."""
    rows = reader.fetch("SELECT id, parent_id, code FROM unit", {})
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id, _ in rows:
        children.setdefault(parent_id, []).append(unit_id)
    totals: dict[int, int] = {}

    def total(unit_id: int) -> int:
        if unit_id not in totals:
            totals[unit_id] = counts.get(unit_id, 0) + sum(
                total(c) for c in children.get(unit_id, [])
            )
        return totals[unit_id]

    return {code: total(unit_id) for unit_id, _, code in rows}


def emulation_figures(
    reader: Reader,
    year: int,
    as_of: date,
    roots: Sequence[int],
    people_units: Collection[int] | None = None,
) -> EmulationFigures:
    """The year's figures for the subtrees of ``roots`` as of ``as_of`` (live): every
    unit, and the people of the scope (``people_units``: only those of these units)."""
    window = year_window(year)
    units = []
    for line in unit_lines(reader, roots, window, as_of):
        entry = _line(line.code, line.name, line.name, line.depth, line.counts)
        entry.duties_on_time = line.duty_counts.get(DutyStatus.SUBMITTED_ON_TIME, 0)
        entry.duties_missed = line.duty_counts.get(DutyStatus.SUBMITTED_LATE, 0) + (
            line.duty_counts.get(DutyStatus.OVERDUE, 0)
        )
        units.append(entry)
    scope = sorted({u for root in roots for u in subtree(reader, root)})
    if people_units is None:
        people = _people(reader, scope, window, as_of)
    else:
        chosen = [u for u in scope if u in people_units]
        people = _people(reader, chosen, window, as_of, few=True)
    by_unit, by_person = explanations_asked(reader, window.start, window.end, as_of)
    below = _subtree_sums(reader, by_unit)  # a unit's line counts its subtree, as its tasks
    for entry in units:
        entry.explanations = below.get(entry.code, 0)
    for entry in people:
        entry.explanations = by_person.get(entry.code, 0)
    return EmulationFigures(
        year, window.start.isoformat(), window.end.isoformat(), as_of.isoformat(), units, people
    )


@dataclass
class EmulationTable:
    figures: EmulationFigures
    frozen_on: date | None  # None while the year is open (live figures)


def emulation_table(
    session: Session,
    year: int,
    today: date,
    roots: Sequence[int],
    people_units: Collection[int] | None = None,
) -> EmulationTable:
    """The year's table as a review shows it ``today``: live until the cut-off, then as
    of the cut-off and frozen at the first reading after it (one snapshot per root,
    everyone in it). ``people_units``: list only the people of these units (frozen
    figures: the people these units hold now). Commits nothing: the caller commits, so
    a failed page stores nothing."""
    window = year_window(year)
    reader = SqlAlchemyReader(session.connection())
    if today <= window.end:
        figures = emulation_figures(reader, year, today, roots, people_units)
        return EmulationTable(figures, None)
    parts: list[EmulationFigures] = []
    frozen_on = today
    for root in roots:
        stored = session.exec(
            select(PeriodSnapshot).where(
                PeriodSnapshot.period_key == f"{SNAPSHOT_PREFIX}{year}",
                PeriodSnapshot.scope_unit_id == root,
            )
        ).first()
        if stored is None:
            figures = emulation_figures(reader, year, window.end, [root])
            stored = PeriodSnapshot(
                period_key=f"{SNAPSHOT_PREFIX}{year}",
                scope_unit_id=root,
                window_end=window.end,
                frozen_on=today,
                figures=figures.to_json(),
            )
            session.add(stored)
            session.flush()
        parts.append(EmulationFigures.from_json(stored.figures))
        frozen_on = min(frozen_on, stored.frozen_on)
    people = sorted(
        {p.code: p for part in parts for p in part.people}.values(), key=lambda p: p.code
    )
    if people_units is not None:
        params: dict[str, Any] = {}
        held = reader.fetch(
            f"SELECT code FROM person WHERE unit_id IN {in_list('unit', people_units, params)}",
            params,
        )
        codes = {row[0] for row in held}
        people = [p for p in people if p.code in codes]
    merged = EmulationFigures(
        year,
        window.start.isoformat(),
        window.end.isoformat(),
        window.end.isoformat(),
        [u for p in parts for u in p.units],
        people,
    )
    return EmulationTable(merged, frozen_on if parts else None)


@dataclass
class PeopleChoice:
    """Whose people the page lists. ``units``: None for everyone in the scope, else
    these units' own people (none when no unit is chosen yet); ``counts``: each unit's
    own head count, by code; ``chosen``: the chosen unit's code."""

    units: list[int] | None
    counts: dict[str, int]
    chosen: str | None
    total: int

    @property
    def by_unit(self) -> bool:
        return self.units is not None


def people_choice(
    reader: Reader, roots: Sequence[int], chosen: str, everyone: bool
) -> PeopleChoice:
    """Everyone (``everyone``, or a scope of at most ``PEOPLE_SHOWN`` people), else the
    people of the ``chosen`` unit's code when it is in the scope (else of no unit)."""
    scope = sorted({u for root in roots for u in subtree(reader, root)})
    params: dict[str, Any] = {}
    rows = reader.fetch(
        "SELECT u.id, u.code, count(p.id) FROM unit u JOIN person p ON p.unit_id = u.id"
        f" WHERE u.id IN {in_list('unit', scope, params)} GROUP BY u.id, u.code",
        params,
    )
    counts = {str(code): int(n) for _, code, n in rows}
    total = sum(counts.values())
    picked = [int(unit_id) for unit_id, code, _ in rows if code == chosen]
    if everyone or (total <= PEOPLE_SHOWN and not picked):
        return PeopleChoice(None, counts, None, total)
    return PeopleChoice(picked, counts, chosen if picked else None, total)


register(
    {
        "emu.col.person": {"vi": "Cá nhân", "en": "Person"},
        "emu.col.led": {"vi": "Nhiệm vụ chủ trì", "en": "Tasks led"},
        "emu.col.on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
        "emu.col.late": {"vi": "Hoàn thành trễ hạn", "en": "Done late"},
        "emu.col.in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
        "emu.col.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "emu.col.duties_on_time": {"vi": "Báo cáo đúng hạn", "en": "Duties on time"},
        "emu.col.duties_missed": {"vi": "Báo cáo trễ/chưa nộp", "en": "Duties late or missed"},
        "emu.col.explanations": {"vi": "Yêu cầu giải trình", "en": "Explanations requested"},
        "emu.col.score": {"vi": "Điểm", "en": "Score"},
        "emu.col.rank": {"vi": "Xếp hạng", "en": "Rank"},
        "emu.title": {"vi": "Kết quả thi đua năm {year}", "en": "Year-end emulation {year}"},
        "emu.sheet.units": {"vi": "Đơn vị", "en": "Units"},
        "emu.sheet.people": {"vi": "Cá nhân", "en": "People"},
        "emu.window": {
            "vi": "Số liệu từ {start} đến {end}",
            "en": "Figures from {start} to {end}",
        },
    }
)
