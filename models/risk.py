"""Acting before a deadline slips: the advisory "at risk" indicator and "stale work".

Neither changes a task's official status (``models.status``: the four statuses the
committee reports). They are warnings for people: a task at 5 % with two days left
should not look like one at 95 %, and a task nobody touched for two months should not
stay invisible until it is late.

- **At risk** (open, before or on its deadline): its progress is behind the elapsed
  share of the time allowed by more than ``margin`` percentage points, or nobody
  recorded anything on it for ``idle_days`` days while less than ``little_done`` % is done.
  The time allowed runs from the task's start (else its document's issue date) to the
  deadline in force.
- **Stale** (open, any status): nothing recorded on it for ``stale_after(kind)`` days,
  per kind of document (a plan may move slower than a directive).

"Recorded" means any entry of the task's history (progress, note, extension, owners…),
read as the committee's local day. The rule lives here once; pages, digests and the
stale reminders ask ``task_risks``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from models.i18n import register
from models.kinds import DocumentKind
from models.queries import end_of_day
from models.settings import SettingsError, get_settings
from models.sqlread import Reader, as_date, id_set_match
from models.status import open_on


@dataclass(frozen=True)
class RiskRules:
    """The committee's thresholds (environment: ``DONDOC_RISK_MARGIN``,
    ``DONDOC_RISK_IDLE_DAYS``, ``DONDOC_RISK_LITTLE_DONE``, ``DONDOC_STALE_DAYS``)."""

    margin: int = 20  # percentage points behind the elapsed share of the time allowed
    idle_days: int = 14  # no entry for this many days ...
    little_done: int = 50  # ... while progress is below this: at risk
    stale_days: int = 30  # no entry for this many days: stale (every kind)
    stale_by_kind: tuple[tuple[str, int], ...] = ()  # ("plan", 60): per document kind

    def stale_after(self, kind: str) -> int:
        return dict(self.stale_by_kind).get(kind, self.stale_days)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RiskRules:
        env = os.environ if environ is None else environ
        default = cls()
        stale, by_kind = _stale_setting(env.get("DONDOC_STALE_DAYS") or "", default.stale_days)
        return cls(
            margin=_number(env, "DONDOC_RISK_MARGIN", default.margin, 0, 100),
            idle_days=_number(env, "DONDOC_RISK_IDLE_DAYS", default.idle_days, 1, 3650),
            little_done=_number(env, "DONDOC_RISK_LITTLE_DONE", default.little_done, 0, 100),
            stale_days=stale,
            stale_by_kind=by_kind,
        )


def _number(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name) or ""
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _stale_setting(text: str, default: int) -> tuple[int, tuple[tuple[str, int], ...]]:
    """``"30"`` or ``"30,plan=60,directive=15"``: every kind, then kinds of their own."""
    every, kinds = default, dict[str, int]()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        kind, _, days = part.rpartition("=")
        kind = kind.strip()
        if kind and kind not in {k.value for k in DocumentKind}:
            choices = ", ".join(k.value for k in DocumentKind)
            raise SettingsError(f"DONDOC_STALE_DAYS: unknown kind {kind!r} (choose: {choices})")
        value = _number({"v": days.strip()}, "v", 0, 1, 3650) if days.strip() else 0
        if value < 1:
            raise SettingsError(f"DONDOC_STALE_DAYS: {part!r} needs a number of days from 1")
        if kind:
            kinds[kind] = value
        else:
            every = value
    return every, tuple(sorted(kinds.items()))


@lru_cache(maxsize=1)
def risk_rules() -> RiskRules:
    return RiskRules.from_environment()


class RiskReason(StrEnum):
    BEHIND = "behind"  # progress behind the elapsed share of the time
    IDLE = "idle"  # nothing recorded for a while, little done


@dataclass(frozen=True, slots=True)
class Risk:
    reason: RiskReason
    expected: int  # the elapsed share of the time allowed, in % (what "on track" would be)
    idle_days: int  # days since the latest entry in the history


def at_risk(
    *,
    start_on: date,
    due_on: date | None,
    progress: int,
    last_entry: date,
    as_of: date,
    rules: RiskRules,
) -> Risk | None:
    """The advisory warning for an open task on ``as_of``, or None.

    Only before or on the deadline: an overdue task already says so officially, and a
    standing task (no deadline) has no time allowed. Behind means
    ``progress + margin < elapsed share`` (exactly at the margin is not yet at risk).
    """
    if due_on is None or as_of > due_on:
        return None
    span = (due_on - start_on).days
    elapsed = max(0, (as_of - start_on).days)
    # Exact integers: progress + margin < 100 * elapsed / span
    behind = span <= 0 or (progress + rules.margin) * span < 100 * min(elapsed, span)
    expected = 100 if span <= 0 else min(100, (100 * elapsed) // span)
    idle = max(0, (as_of - last_entry).days)
    if behind and progress < 100:
        return Risk(RiskReason.BEHIND, expected, idle)
    if idle >= rules.idle_days and progress < rules.little_done:
        return Risk(RiskReason.IDLE, expected, idle)
    return None


def is_stale(*, kind: str, last_entry: date, as_of: date, rules: RiskRules) -> bool:
    """No entry in the history for ``stale_after(kind)`` days or more."""
    return (as_of - last_entry).days >= rules.stale_after(kind)


@dataclass(frozen=True, slots=True)
class TaskRisk:
    """What the warnings know of one open task on a day."""

    task_id: int
    kind: str  # the document's kind
    due_on: date | None
    progress: int
    last_entry: date
    idle_days: int
    risk: Risk | None
    stale: bool


def _local_day(value: Any, zone: ZoneInfo) -> date:
    if isinstance(value, str):  # SQLite: naive UTC text
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(zone).date()
    found = as_date(value)
    assert found is not None
    return found


def task_risks(
    reader: Reader,
    as_of: date,
    task_ids: Sequence[int] | None = None,
    rules: RiskRules | None = None,
) -> dict[int, TaskRisk]:
    """The open tasks' warnings on ``as_of`` (all open tasks, or those of ``task_ids``).

    One query: each task's deadline, progress, start (else the document's issue date),
    kind and latest history entry up to the end of ``as_of``. Closed tasks are left out.
    """
    rules = rules or risk_rules()
    params: dict[str, Any] = {"as_of": as_of, "until": end_of_day(reader, as_of)}
    where = open_on()
    if task_ids is not None:
        if not task_ids:
            return {}
        where += " AND " + id_set_match(
            "t.id", "ids", sorted(set(task_ids)), params, reader.dialect
        )
    sql = (
        "SELECT t.id, d.kind, t.due_on, t.progress, COALESCE(t.start_on, d.issued_on),"
        " (SELECT MAX(e.at) FROM task_event e WHERE e.task_id = t.id AND e.at < :until),"
        " t.created_at"
        " FROM task t JOIN document d ON d.id = t.document_id"
        f" WHERE {where}"
    )
    zone = ZoneInfo(get_settings().timezone)
    found: dict[int, TaskRisk] = {}
    for task_id, kind, raw_due, progress, raw_start, latest, created in reader.fetch(sql, params):
        due = as_date(raw_due)
        start = as_date(raw_start) or as_of
        last = _local_day(latest if latest is not None else created, zone)
        last = min(last, as_of)
        risk = at_risk(
            start_on=start,
            due_on=due,
            progress=int(progress),
            last_entry=last,
            as_of=as_of,
            rules=rules,
        )
        stale = is_stale(kind=str(kind), last_entry=last, as_of=as_of, rules=rules)
        found[int(task_id)] = TaskRisk(
            int(task_id), str(kind), due, int(progress), last, (as_of - last).days, risk, stale
        )
    return found


register(
    {
        "risk.badge": {"vi": "Có nguy cơ chậm", "en": "At risk"},
        "risk.behind": {
            "vi": "Tiến độ {progress}% — thời gian đã qua {expected}%",
            "en": "Progress {progress}% — {expected}% of the time has passed",
        },
        "risk.idle": {
            "vi": "{days} ngày chưa cập nhật, mới đạt {progress}%",
            "en": "No update for {days} days, {progress}% done",
        },
        "risk.stale": {
            "vi": "{days} ngày chưa cập nhật",
            "en": "No update for {days} days",
        },
    }
)
