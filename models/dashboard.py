"""The leaders' dashboard: every unit of a subtree by the four official statuses, over any
period, with the trend over the periods before it and the units' duty compliance.

One function (``dashboard``) gives every figure the page, its exports and the year-end
emulation show, so a command could print the same table. Counting is the units summary's
(``unit_summaries``): a task counts for its lead unit (a person's own unit when a person
leads) and every unit above it, by its deadline in force on ``as_of`` falling in the
period and its status on ``as_of``. The task list filtered by the same unit, status and
deadline bounds (``TaskFilter.due_from``/``due_to``) lists exactly the counted tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.duty_queries import compliance, duty_rows
from models.duty_status import DutyStatus
from models.errors import TrackerError
from models.i18n import format_date, register, t
from models.periods import Period, parse_period, period_words
from models.queries import subtree, unit_summaries
from models.sqlread import Reader
from models.status import TaskStatus
from models.task_tally import totals_by_period

OFFICIAL_STATUSES = (
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.IN_PROGRESS,
    TaskStatus.OVERDUE,
)
PERIOD_KINDS = ("month", "quarter", "half", "year", "custom")
TREND_LENGTH = 6  # the chosen period and the five before it
CUSTOM_LIMIT_DAYS = 3 * 366  # a custom range longer than three years is a typo


def period_kind(period: Period) -> str:
    """Which picker a period comes from: month, quarter, half, year, or custom."""
    part = period.key[5:] if len(period.key) > 4 and period.key[4] == "-" else ""
    if ".." in period.key:
        return "custom"
    if not part:
        return "year"
    return {"Q": "quarter", "H": "half"}.get(part[0], "month")


def custom_period(start: date, end: date) -> Period:
    """A from–to range as a period; refused when reversed or absurdly long."""
    if end < start:
        raise TrackerError(
            "dashboard_range_reversed", start=format_date(start), end=format_date(end)
        )
    if (end - start).days > CUSTOM_LIMIT_DAYS:
        raise TrackerError("dashboard_range_too_long", years=CUSTOM_LIMIT_DAYS // 366)
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def _month_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _shift(period: Period, steps: int) -> Period:
    """The period ``steps`` periods of the same kind before (negative: after) this one."""
    kind = period_kind(period)
    if kind == "custom":
        length = (period.end - period.start).days + 1
        start = period.start - timedelta(days=length * steps)
        return custom_period(start, start + timedelta(days=length - 1))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    index = period.start.year * 12 + period.start.month - 1 - months * steps
    year, month = divmod(index, 12)
    if kind == "year":
        return parse_period(str(year))
    if kind == "half":
        return parse_period(f"{year}-H{month // 6 + 1}")
    if kind == "quarter":
        return parse_period(f"{year}-Q{month // 3 + 1}")
    return parse_period(_month_key(year, month + 1))


def periods_up_to(period: Period, count: int = TREND_LENGTH) -> list[Period]:
    """``count`` periods of the same kind ending with ``period``, oldest first."""
    return [_shift(period, steps) for steps in range(count - 1, -1, -1)]


def period_label(period: Period, lang: str) -> str:
    """ "quý II năm 2024", or "01/04/2024 – 15/05/2024" for a custom range."""
    if period_kind(period) == "custom":
        return t("dash.range", lang, start=format_date(period.start), end=format_date(period.end))
    return period_words(period.key, lang)


def current_period(kind: str, today: date) -> Period:
    """The month, quarter, half-year or year ``today`` falls in."""
    if kind == "year":
        return parse_period(str(today.year))
    if kind == "half":
        return parse_period(f"{today.year}-H{1 if today.month <= 6 else 2}")
    if kind == "month":
        return parse_period(_month_key(today.year, today.month))
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def period_choices(today: date) -> dict[str, list[Period]]:
    """What the picker offers, newest first: a year of months, two years of quarters,
    halves and three years (the current ones included; later ones only by custom range)."""
    return {
        "month": periods_up_to(current_period("month", today), 12)[::-1],
        "quarter": periods_up_to(current_period("quarter", today), 8)[::-1],
        "half": periods_up_to(current_period("half", today), 4)[::-1],
        "year": periods_up_to(current_period("year", today), 3)[::-1],
    }


@dataclass
class UnitLine:
    """One unit's row: task counts by status (its sub-units included), rates, and the
    reporting duties it owes itself that end in the period."""

    unit_id: int
    code: str
    name: str
    depth: int
    counts: dict[TaskStatus, int]
    duty_counts: dict[DutyStatus, int] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return sum(self.counts[s] for s in OFFICIAL_STATUSES)

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among the done (the same rule as ``UnitSummary``)."""
        done = self.counts[TaskStatus.DONE_ON_TIME] + self.counts[TaskStatus.DONE_LATE]
        return self.counts[TaskStatus.DONE_ON_TIME] / done if done else None

    @property
    def overdue_share(self) -> float | None:
        """Overdue among the tasks not cancelled."""
        live = sum(self.counts.values()) - self.counts[TaskStatus.CANCELLED]
        return self.counts[TaskStatus.OVERDUE] / live if live else None

    @property
    def duties_due(self) -> int:
        return sum(
            self.duty_counts.get(s, 0)
            for s in (DutyStatus.SUBMITTED_ON_TIME, DutyStatus.SUBMITTED_LATE, DutyStatus.OVERDUE)
        )

    @property
    def duty_rate(self) -> float | None:
        """Submitted on time among the duties fallen due (``Compliance.rate``'s rule)."""
        due = self.duties_due
        return self.duty_counts.get(DutyStatus.SUBMITTED_ON_TIME, 0) / due if due else None


@dataclass
class TrendPoint:
    period: Period
    counts: dict[TaskStatus, int]

    @property
    def on_time_rate(self) -> float | None:
        done = self.counts[TaskStatus.DONE_ON_TIME] + self.counts[TaskStatus.DONE_LATE]
        return self.counts[TaskStatus.DONE_ON_TIME] / done if done else None


@dataclass
class Dashboard:
    period: Period
    as_of: date
    units: list[UnitLine]
    trend: list[TrendPoint]

    def ranking(self) -> list[UnitLine]:
        """The units one level below the top (the top itself when it has none) that have
        done something, best on-time rate first, then fewest overdue, then by code."""
        depth = 1 if any(u.depth == 1 for u in self.units) else 0
        ranked = [u for u in self.units if u.depth == depth and u.on_time_rate is not None]
        return sorted(ranked, key=lambda u: (-(u.on_time_rate or 0), u.overdue_share or 0, u.code))


def unit_lines(reader: Reader, roots: Sequence[int], period: Period, as_of: date) -> list[UnitLine]:
    """Every unit below ``roots`` in tree order, zeros included, with its duties."""
    lines: list[UnitLine] = []
    for root in roots:
        for s in unit_summaries(reader, period, as_of, root, keep_empty=True):
            lines.append(UnitLine(s.unit_id, s.code, s.name, s.depth, s.counts))
    units = sorted({u.unit_id for u in lines})
    if units:
        rows = duty_rows(
            reader, as_of, unit_ids=units, period_end_from=period.start, period_end_to=period.end
        )
        by_code = {c.unit_code: c.counts for c in compliance(rows)}
        for line in lines:
            line.duty_counts = dict(by_code.get(line.code, {}))
    return lines


def dashboard(
    reader: Reader,
    roots: Sequence[int],
    period: Period,
    as_of: date,
    trend_length: int = TREND_LENGTH,
) -> Dashboard:
    """Every figure of the dashboard for the subtrees of ``roots``: the units' lines for
    ``period`` and, for the trend, the roots' totals over the periods ending with it."""
    lines = unit_lines(reader, roots, period, as_of)
    scope = {line.unit_id for line in lines}  # each unit once, however the roots nest
    everyone = len(scope) == reader.fetch("SELECT count(*) FROM unit", {})[0][0]
    periods = periods_up_to(period, trend_length)
    # The roots' totals only, every earlier period in one reading (the chosen one's are
    # its lines'): the units' counts summed, no tree to build.
    earlier = totals_by_period(
        reader,
        [(p.start, p.end) for p in periods if p != period],
        as_of,
        None if everyone else scope,
    )
    trend = [TrendPoint(p, _totals(lines) if p == period else earlier.pop(0)) for p in periods]
    return Dashboard(period, as_of, lines, trend)


def _totals(lines: Sequence[UnitLine]) -> dict[TaskStatus, int]:
    totals = dict.fromkeys(TaskStatus, 0)
    for line in lines:
        if line.depth == 0:
            for status, n in line.counts.items():
                totals[status] += n
    return totals


def scope_units(reader: Reader, roots: Sequence[int]) -> set[int]:
    """Every unit the dashboard of ``roots`` shows."""
    return {u for root in roots for u in subtree(reader, root)}


register(
    {
        "dash.range": {"vi": "{start} – {end}", "en": "{start} – {end}"},
        "dash.col.duties_due": {"vi": "Báo cáo đến hạn", "en": "Duties due"},
        "dash.col.duties_on_time": {"vi": "Báo cáo đúng hạn", "en": "Duties on time"},
        "dash.col.duty_rate": {"vi": "Tỷ lệ nộp báo cáo đúng hạn", "en": "Duty on-time rate"},
        "error.dashboard_range_reversed": {
            "vi": "Ngày bắt đầu {start} sau ngày kết thúc {end}.",
            "en": "The start {start} is after the end {end}.",
        },
        "error.dashboard_range_too_long": {
            "vi": "Khoảng thời gian quá dài: tối đa {years} năm.",
            "en": "The range is too long: at most {years} years.",
        },
    }
)
