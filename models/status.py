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
from typing import Any

import sqlalchemy as sa

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


def status_sql(columns: Any, as_of: date) -> sa.ColumnElement[str]:
    """The same rule as ``task_status`` as a SQL CASE over ``columns`` (a table's .c)."""
    cancelled = sa.and_(columns.cancelled_on.is_not(None), columns.cancelled_on <= as_of)
    done = sa.and_(columns.completed_on.is_not(None), columns.completed_on <= as_of)
    return sa.case(
        (cancelled, TaskStatus.CANCELLED.value),
        (
            done,
            sa.case(
                (
                    sa.or_(columns.due_on.is_(None), columns.completed_on <= columns.due_on),
                    TaskStatus.DONE_ON_TIME.value,
                ),
                else_=TaskStatus.DONE_LATE.value,
            ),
        ),
        (columns.due_on.is_(None), TaskStatus.STANDING.value),
        (columns.due_on >= as_of, TaskStatus.IN_PROGRESS.value),
        else_=TaskStatus.OVERDUE.value,
    )


def open_on_sql(columns: Any, as_of: date) -> sa.ColumnElement[bool]:
    """Neither completed nor cancelled by the end of ``as_of``."""
    return sa.and_(
        sa.or_(columns.completed_on.is_(None), columns.completed_on > as_of),
        sa.or_(columns.cancelled_on.is_(None), columns.cancelled_on > as_of),
    )


def overdue_sql(columns: Any, as_of: date) -> sa.ColumnElement[bool]:
    return sa.and_(open_on_sql(columns, as_of), columns.due_on < as_of)


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
