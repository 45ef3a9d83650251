"""A task's status on any date, computed from its dates and never typed in.

The classification Vietnamese government task tracking uses: done on time, done late,
in progress within the deadline, overdue; plus standing (no deadline) and cancelled.
The same rule exists twice, as Python (one task) and as SQL (a million tasks); a test
holds them to the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.i18n import register


class TaskStatus(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    STANDING = "standing"
    CANCELLED = "cancelled"


OPEN_STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE, TaskStatus.STANDING)


@dataclass(frozen=True, slots=True)
class StatusView:
    status: TaskStatus
    days_overdue: int = 0  # for OVERDUE, and how late a DONE_LATE task was finished
    days_left: int | None = None  # for IN_PROGRESS: 0 on the deadline day


def task_status(
    *, due_on: date | None, completed_on: date | None, cancelled_on: date | None, as_of: date
) -> StatusView:
    """Status as it stood at the end of ``as_of``; later completions do not count yet."""
    if cancelled_on is not None and cancelled_on <= as_of:
        return StatusView(TaskStatus.CANCELLED)
    if completed_on is not None and completed_on <= as_of:
        if due_on is None or completed_on <= due_on:
            return StatusView(TaskStatus.DONE_ON_TIME)
        return StatusView(TaskStatus.DONE_LATE, days_overdue=(completed_on - due_on).days)
    if due_on is None:
        return StatusView(TaskStatus.STANDING)
    if as_of <= due_on:
        return StatusView(TaskStatus.IN_PROGRESS, days_left=(due_on - as_of).days)
    return StatusView(TaskStatus.OVERDUE, days_overdue=(as_of - due_on).days)


def due_in_force(
    due_on: date | None, later_extensions: Iterable[tuple[date, date]], as_of: date
) -> date | None:
    """The deadline in force at the end of ``as_of``, from today's ``due_on``.

    ``later_extensions`` are ``(approved_on, previous_due_on)`` of the task's extensions:
    each one approved after ``as_of`` had not happened yet, and the earliest of them
    starts from the deadline that was in force then.
    """
    later = sorted((a, previous) for a, previous in later_extensions if a > as_of)
    return later[0][1] if later else due_on


def due_in_force_sql(t: str = "t", as_of: str = ":as_of") -> str:
    """``due_in_force`` in SQL over table alias ``t``: today's deadline, unless an
    extension approved after ``as_of`` says which one was in force then."""
    return (
        f"COALESCE((SELECT e.previous_due_on FROM deadline_extension e"
        f" WHERE e.task_id = {t}.id AND e.approved_on > {as_of}"
        f" ORDER BY e.approved_on, e.id LIMIT 1), {t}.due_on)"
    )


LATER_EXTENDED_SQL = "SELECT task_id FROM deadline_extension WHERE approved_on > :as_of"
"""The tasks whose deadline in force on ``:as_of`` is not today's (few, for any date)."""

LATER_EXTENSIONS_SQL = "SELECT 1 FROM deadline_extension WHERE approved_on > :as_of LIMIT 1"
"""Whether any extension was approved after ``:as_of``: when none was (every question
about today), the deadline in force then is the one in force now, and queries use the
plain column with its indexes."""


STATUS_BY_CODE = tuple(TaskStatus)
"""``status_case(..., as_code=True)`` gives each status as its position here."""


def status_case(
    t: str = "t", as_of: str = ":as_of", due: str | None = None, as_code: bool = False
) -> str:
    """The same rule as ``task_status``, as a SQL CASE over table alias ``t``.

    ``due`` is the SQL of the deadline in force (default: the ``due_on`` column). With
    ``as_code``, each status is its position in ``STATUS_BY_CODE``: a small integer
    groups faster than text (the units summary groups tens of thousands of tasks).
    """
    d = due or f"{t}.due_on"

    def v(status: TaskStatus) -> str:
        return str(STATUS_BY_CODE.index(status)) if as_code else f"'{status.value}'"

    s = TaskStatus
    return (
        f"(CASE WHEN {t}.cancelled_on IS NOT NULL AND {t}.cancelled_on <= {as_of}"
        f" THEN {v(s.CANCELLED)}"
        f" WHEN {t}.completed_on IS NOT NULL AND {t}.completed_on <= {as_of} THEN"
        f" (CASE WHEN {d} IS NULL OR {t}.completed_on <= {d}"
        f" THEN {v(s.DONE_ON_TIME)} ELSE {v(s.DONE_LATE)} END)"
        f" WHEN {d} IS NULL THEN {v(s.STANDING)}"
        f" WHEN {d} >= {as_of} THEN {v(s.IN_PROGRESS)}"
        f" ELSE {v(s.OVERDUE)} END)"
    )


def open_on(t: str = "t", as_of: str = ":as_of") -> str:
    """Neither completed nor cancelled by the end of ``as_of``."""
    return (
        f"(({t}.completed_on IS NULL OR {t}.completed_on > {as_of})"
        f" AND ({t}.cancelled_on IS NULL OR {t}.cancelled_on > {as_of}))"
    )


# Open today (neither completed nor cancelled): the predicate of the partial indexes of
# open tasks (``ix_task_open_due_on``, ``ix_task_open_lead_unit``, ``..._lead_person``).
OPEN_TODAY = "completed_on IS NULL AND cancelled_on IS NULL"

# The index that serves each branch of ``open_on_branches``, in the same order.
OPEN_BRANCH_INDEXES = ("ix_task_open_due_on", "ix_task_completed_on", "ix_task_cancelled_on")


def open_on_branches(t: str = "t", as_of: str = ":as_of") -> tuple[str, str, str]:
    """``open_on`` split into three disjoint cases, each served by its own index:
    still open today (a partial index), completed after ``as_of``, cancelled after it.
    """
    return (
        f"({t}.completed_on IS NULL AND {t}.cancelled_on IS NULL)",
        f"({t}.completed_on > {as_of}"
        f" AND ({t}.cancelled_on IS NULL OR {t}.cancelled_on > {as_of}))",
        f"({t}.completed_on IS NULL AND {t}.cancelled_on > {as_of})",
    )


register(
    {
        "TaskStatus.done_on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
        "TaskStatus.done_late": {"vi": "Hoàn thành quá hạn", "en": "Done late"},
        "TaskStatus.in_progress": {"vi": "Đang thực hiện trong hạn", "en": "In progress on time"},
        "TaskStatus.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "TaskStatus.standing": {"vi": "Thường xuyên", "en": "Standing"},
        "TaskStatus.cancelled": {"vi": "Đã hủy", "en": "Cancelled"},
    }
)


def parse_status(text: str) -> TaskStatus:
    """A status as a user types it: the code or its label in either language, any case,
    with or without accents ("overdue", "quá hạn", "qua han", "Done late")."""
    from models.errors import TrackerError
    from models.i18n import match_enum

    status = match_enum(TaskStatus, text)
    if status is not None:
        return status
    choices = ", ".join(status.value for status in TaskStatus)
    raise TrackerError("bad_status", value=text, choices=choices)


register(
    {
        "error.bad_status": {
            "vi": "Tình trạng «{value}» không hợp lệ; chọn: {choices} (hoặc tên tiếng Việt).",
            "en": "Status «{value}» is not valid; choose: {choices} (or its Vietnamese name).",
        },
    }
)
