"""A duty instance's status on any date: submitted on time or late, pending, overdue, waived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.i18n import register


class DutyStatus(StrEnum):
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    PENDING = "pending"
    OVERDUE = "overdue"
    WAIVED = "waived"


OUTSTANDING = (DutyStatus.PENDING, DutyStatus.OVERDUE)


@dataclass(frozen=True)
class DutyStatusView:
    status: DutyStatus
    days: int = 0  # days late (submitted late, overdue) or days left (pending)


def duty_status(
    *, due_on: date, submitted_on: date | None, waived_on: date | None, as_of: date
) -> DutyStatusView:
    """As it stood at the end of ``as_of``: later submissions and waivers do not count yet."""
    if waived_on is not None and waived_on <= as_of:
        return DutyStatusView(DutyStatus.WAIVED)
    if submitted_on is not None and submitted_on <= as_of:
        if submitted_on <= due_on:
            return DutyStatusView(DutyStatus.SUBMITTED_ON_TIME)
        return DutyStatusView(DutyStatus.SUBMITTED_LATE, (submitted_on - due_on).days)
    if as_of <= due_on:
        return DutyStatusView(DutyStatus.PENDING, (due_on - as_of).days)
    return DutyStatusView(DutyStatus.OVERDUE, (as_of - due_on).days)


register(
    {
        "DutyStatus.submitted_on_time": {"vi": "Nộp đúng hạn", "en": "Submitted on time"},
        "DutyStatus.submitted_late": {"vi": "Nộp muộn", "en": "Submitted late"},
        "DutyStatus.pending": {"vi": "Chưa đến hạn", "en": "Pending"},
        "DutyStatus.overdue": {"vi": "Quá hạn chưa nộp", "en": "Overdue"},
        "DutyStatus.waived": {"vi": "Được miễn", "en": "Waived"},
        "DutyKind.report": {"vi": "Báo cáo", "en": "Report"},
        "DutyKind.meeting": {"vi": "Sinh hoạt/họp", "en": "Meeting"},
        "DutyKind.other": {"vi": "Nghĩa vụ khác", "en": "Other duty"},
    }
)
