"""The figures of a periodic report, from the same query functions as every list.

A quarterly, six-monthly or annual report counts the tasks that fall due in the period's
data window (Decree 09/2019/NĐ-CP: the 15th of the month before the period to the 14th of its
last month, the ``decree09-*`` duty presets), as of the window's last day once the
period has closed. The figures are plain data, so they can be frozen as JSON and a later
draft can say what changed since.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from models.calendar import Roll, WorkCalendar
from models.duties import Cadence, DueRule, PeriodScheme
from models.duty_queries import compliance, duty_rows
from models.duty_schedule import PRESETS, periods_ending_between
from models.duty_status import DutyStatus
from models.explanations import ExplanationRow, explanation_rows
from models.extension_queries import extensions_approved_between
from models.periods import Period, parse_period
from models.queries import TaskFilter, list_tasks, overdue, subtree, unit_summaries
from models.sqlread import Reader
from models.status import TaskStatus

REPORTED_STATUSES = (
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.IN_PROGRESS,
    TaskStatus.OVERDUE,
)
_PRESET_BY_LENGTH = {
    1: "decree09-monthly",
    3: "decree09-quarterly",
    6: "decree09-half-yearly",
    12: "decree09-annual",
}
OVERDUE_LIMIT = 1000  # a report lists them all; a committee has dozens, not thousands


@dataclass
class _PresetRules:
    """A duty preset as the rules ``periods_ending_between`` reads."""

    cadence: Cadence
    period_scheme: PeriodScheme
    due_rule: DueRule
    due_value: int
    starts_on: date
    rrule: str | None = None
    roll: Roll = Roll.NONE
    ends_on: date | None = None


def report_window(period: Period) -> Period:
    """The period's data window under the Decree 09 preset of its length."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    preset = dict(PRESETS[_PRESET_BY_LENGTH[months]])
    rules = _PresetRules(starts_on=period.start, **preset)
    (found,) = periods_ending_between(rules, period.end, period.end, WorkCalendar())
    assert found.cutoff_start is not None and found.cutoff_end is not None
    return Period(period.key, found.cutoff_start, found.cutoff_end)


@dataclass
class UnitFigures:
    code: str
    name: str
    depth: int
    counts: dict[str, int]  # by task status code
    on_time_rate: float | None
    overdue_share: float | None


@dataclass
class OverdueTask:
    task_id: int
    document: str
    ref: str
    title: str
    lead_code: str
    lead_name: str
    due_on: str  # ISO date
    days: int


@dataclass
class ExtensionGranted:
    task_id: int
    title: str
    previous_due_on: str
    new_due_on: str
    approved_on: str
    approver: str
    reason: str


@dataclass
class ExplanationGiven:
    """An explanation request asked within the window, and its answer as of the report
    (``answered_on`` and ``answer`` empty: not answered by then)."""

    task_id: int
    title: str
    lead: str
    asked_by: str
    asked_on: str
    reason: str  # "overdue" | "at_risk"
    due_on: str
    answered_on: str
    answer: str
    files: list[str] = field(default_factory=list)  # the answer's files (frozen: by name)


@dataclass
class DutyFigures:
    unit_code: str
    unit_name: str
    counts: dict[str, int]  # by duty status code
    rate: float | None


@dataclass
class PeriodFigures:
    period_key: str
    window_start: str
    window_end: str
    as_of: str
    units: list[UnitFigures] = field(default_factory=list)
    overdue: list[OverdueTask] = field(default_factory=list)
    extensions: list[ExtensionGranted] = field(default_factory=list)
    duties: list[DutyFigures] = field(default_factory=list)
    explanations: list[ExplanationGiven] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PeriodFigures:
        return cls(
            period_key=data["period_key"],
            window_start=data["window_start"],
            window_end=data["window_end"],
            as_of=data["as_of"],
            units=[UnitFigures(**u) for u in data["units"]],
            overdue=[OverdueTask(**o) for o in data["overdue"]],
            extensions=[ExtensionGranted(**e) for e in data["extensions"]],
            duties=[DutyFigures(**d) for d in data["duties"]],
            # Frozen before explanations were reported: none then.
            explanations=[ExplanationGiven(**x) for x in data.get("explanations", [])],
        )

    def totals(self, depth: int = 0) -> dict[str, int]:
        """Counts over the top units of the tree (each already holds its sub-units)."""
        total = dict.fromkeys((s.value for s in REPORTED_STATUSES), 0)
        for unit in self.units:
            if unit.depth == depth:
                for status in total:
                    total[status] += unit.counts.get(status, 0)
        return total


def period_figures(
    reader: Reader, period_key: str, as_of: date, root_id: int | None = None
) -> PeriodFigures:
    """Every figure of the report, each from the query that answers it elsewhere."""
    period = parse_period(period_key)
    window = report_window(period)
    scope = subtree(reader, root_id) if root_id is not None else None
    summaries = unit_summaries(reader, window, as_of, root_id)
    late = overdue(reader, TaskFilter(unit_ids=scope, limit=OVERDUE_LIMIT), as_of)
    granted = [e for e in extensions_approved_between(reader, window.start, min(window.end, as_of))]
    titles = {
        r.id: r
        for r in list_tasks(
            reader, TaskFilter(task_ids=[e.task_id for e in granted], unit_ids=scope), as_of
        )
    }
    # Duties keep their own periods: those ending within the calendar period (its months,
    # its quarter, a half-year or year ending with it), each with its own deadline.
    duties = duty_rows(
        reader, as_of, unit_ids=scope, period_end_from=period.start, period_end_to=period.end
    )
    until = min(window.end, as_of)
    asked = [
        x
        for x in explanation_rows(reader, asked_from=window.start, until=until)
        if scope is None or x.unit_id in scope
    ]
    return PeriodFigures(
        period_key=window.key,
        window_start=window.start.isoformat(),
        window_end=window.end.isoformat(),
        as_of=as_of.isoformat(),
        units=[
            UnitFigures(
                s.code,
                s.name,
                s.depth,
                {k.value: v for k, v in s.counts.items()},
                s.on_time_rate,
                s.overdue_share,
            )
            for s in summaries
        ],
        overdue=[
            OverdueTask(
                r.id,
                r.document_number,
                r.ref,
                r.title,
                r.lead_code,
                r.lead_name,
                (r.due_on or as_of).isoformat(),
                r.status.days_overdue,
            )
            for r in late.rows
        ],
        extensions=[
            ExtensionGranted(
                e.task_id,
                titles[e.task_id].title,
                e.previous_due_on.isoformat(),
                e.new_due_on.isoformat(),
                e.approved_on.isoformat(),
                e.approver_name,
                e.reason,
            )
            for e in granted
            if e.task_id in titles
        ],
        duties=[
            DutyFigures(c.unit_code, c.unit_name, {k.value: v for k, v in c.counts.items()}, c.rate)
            for c in compliance(duties)
        ],
        explanations=[_given(x, as_of) for x in asked],
    )


def _given(x: ExplanationRow, as_of: date) -> ExplanationGiven:
    answered = x.answered_on is not None and x.answered_on <= as_of
    return ExplanationGiven(
        x.task_id,
        x.title,
        x.lead,
        x.asked_by,
        x.asked_on.isoformat(),
        x.reason,
        x.due_on.isoformat(),
        x.answered_on.isoformat() if answered and x.answered_on else "",
        (x.answer or "") if answered else "",
        list(x.files) if answered else [],
    )


@dataclass(frozen=True)
class Change:
    """One figure that differs from the frozen report: ``what`` is a catalog key."""

    what: str
    subject: str
    before: str
    after: str


def changes_since(frozen: PeriodFigures, current: PeriodFigures) -> list[Change]:
    """What a later draft would show differently from the frozen figures."""
    found: list[Change] = []
    old_units = {u.code: u for u in frozen.units}
    for unit in current.units:
        old = old_units.pop(unit.code, None)
        for status in (s.value for s in REPORTED_STATUSES):
            before = old.counts.get(status, 0) if old else 0
            after = unit.counts.get(status, 0)
            if before != after:
                found.append(Change(f"TaskStatus.{status}", unit.code, str(before), str(after)))
    for code, old in old_units.items():
        for status in (s.value for s in REPORTED_STATUSES):
            if old.counts.get(status, 0):
                found.append(Change(f"TaskStatus.{status}", code, str(old.counts[status]), "0"))
    old_late = {o.task_id: o for o in frozen.overdue}
    new_late = {o.task_id: o for o in current.overdue}
    for task_id in sorted(old_late.keys() - new_late.keys()):
        found.append(Change("change.no_longer_overdue", old_late[task_id].title, "", ""))
    for task_id in sorted(new_late.keys() - old_late.keys()):
        found.append(Change("change.newly_overdue", new_late[task_id].title, "", ""))
    old_ext = {(e.task_id, e.new_due_on) for e in frozen.extensions}
    for e in current.extensions:
        if (e.task_id, e.new_due_on) not in old_ext:
            found.append(Change("change.extension_added", e.title, e.previous_due_on, e.new_due_on))
    old_duties = {d.unit_code: d for d in frozen.duties}
    for duty in current.duties:
        previous = old_duties.get(duty.unit_code)
        for status in DutyStatus:
            before = previous.counts.get(status.value, 0) if previous else 0
            after = duty.counts.get(status.value, 0)
            if before != after:
                found.append(
                    Change(f"DutyStatus.{status.value}", duty.unit_code, str(before), str(after))
                )
    return found
