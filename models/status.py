"""A task's status on any date, computed from its dates and never typed in.

The classification Vietnamese government task tracking uses: done on time, done late,
in progress within the deadline, overdue; plus standing (no deadline) and cancelled.
The same rule exists twice, as Python (one task) and as SQL (a million tasks); a test
holds them to the same answers.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
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


def status_case(t: str = "t", as_of: str = ":as_of") -> str:
    """The same rule as ``task_status``, as a SQL CASE over table alias ``t``."""
    return (
        f"(CASE WHEN {t}.cancelled_on IS NOT NULL AND {t}.cancelled_on <= {as_of} THEN 'cancelled'"
        f" WHEN {t}.completed_on IS NOT NULL AND {t}.completed_on <= {as_of} THEN"
        f" (CASE WHEN {t}.due_on IS NULL OR {t}.completed_on <= {t}.due_on"
        f" THEN 'done_on_time' ELSE 'done_late' END)"
        f" WHEN {t}.due_on IS NULL THEN 'standing'"
        f" WHEN {t}.due_on >= {as_of} THEN 'in_progress'"
        f" ELSE 'overdue' END)"
    )


def open_on(t: str = "t", as_of: str = ":as_of") -> str:
    """Neither completed nor cancelled by the end of ``as_of``."""
    return (
        f"(({t}.completed_on IS NULL OR {t}.completed_on > {as_of})"
        f" AND ({t}.cancelled_on IS NULL OR {t}.cancelled_on > {as_of}))"
    )


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
