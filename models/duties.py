"""Recurring duties (reports owed, meetings to hold) and their per-period instances."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import Timestamped, created_at_field, enum_type
from models.calendar import Roll


class DutyKind(StrEnum):
    REPORT = "report"
    MEETING = "meeting"
    OTHER = "other"


class Cadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"
    RRULE = "rrule"


class PeriodScheme(StrEnum):
    CALENDAR = "calendar"
    # Decree 09/2019/NĐ-CP data cut-off windows (15th of the month before to the 14th).
    DECREE_09 = "decree_09"


class DueRule(StrEnum):
    DAY_OF_LAST_MONTH = "day_of_last_month"
    DAYS_AFTER_PERIOD_END = "days_after_period_end"
    WORKING_DAYS_AFTER_PERIOD_END = "working_days_after_period_end"
    DAYS_AFTER_CUTOFF = "days_after_cutoff"
    WORKING_DAYS_AFTER_CUTOFF = "working_days_after_cutoff"
    FIXED_DATE = "fixed_date"


class Duty(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    title: str = Field(max_length=500)
    description: str | None = None
    kind: DutyKind = Field(sa_type=enum_type(DutyKind, "duty_kind"))
    owed_to_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    cadence: Cadence = Field(sa_type=enum_type(Cadence, "cadence"))
    rrule: str | None = Field(default=None, max_length=500)
    period_scheme: PeriodScheme = Field(
        default=PeriodScheme.CALENDAR, sa_type=enum_type(PeriodScheme, "period_scheme")
    )
    due_rule: DueRule = Field(sa_type=enum_type(DueRule, "due_rule"))
    # The day of the month, or N days; for FIXED_DATE, MMDD (e.g. 1215 for 15 Dec).
    due_value: int = 0
    roll: Roll = Field(default=Roll.NEXT_WORKING_DAY, sa_type=enum_type(Roll, "roll"))
    starts_on: date
    ends_on: date | None = None
    active: bool = True

    __table_args__ = (
        sa.CheckConstraint("cadence <> 'rrule' OR rrule IS NOT NULL", name="rrule_given"),
    )


class DutyAssignee(SQLModel, table=True):
    """A unit that owes the duty."""

    __tablename__ = "duty_assignee"

    duty_id: int = Field(foreign_key="duty.id", primary_key=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, index=True)


class DutyInstance(Timestamped, table=True):
    """What one unit owes for one period."""

    __tablename__ = "duty_instance"

    id: int | None = Field(default=None, primary_key=True)
    duty_id: int = Field(foreign_key="duty.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    period_key: str = Field(max_length=20)  # "2024-Q1", "2024-H1", "2024-03", "2024"
    period_start: date
    period_end: date
    cutoff_start: date | None = None
    cutoff_end: date | None = None
    due_on: date = Field(index=True)
    waived_on: date | None = None
    waived_reason: str | None = None
    waived_by_id: int | None = Field(default=None, foreign_key="person.id")

    __table_args__ = (sa.UniqueConstraint("duty_id", "unit_id", "period_key"),)


class DutySubmission(SQLModel, table=True):
    __tablename__ = "duty_submission"

    id: int | None = Field(default=None, primary_key=True)
    instance_id: int = Field(foreign_key="duty_instance.id", index=True)
    submitted_on: date
    submitted_by_id: int | None = Field(default=None, foreign_key="person.id")
    reference: str | None = Field(default=None, max_length=500)
    note: str | None = None
    recorded_at: datetime = created_at_field()
