"""Tasks created by documents: one accountable lead, co-owners, deadline extensions."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import Timestamped, created_at_field, partial_index, present_index
from models.status import OPEN_TODAY


class Task(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    # The task's key within its document ("1", "2.a"): re-imports update, never duplicate.
    ref: str = Field(max_length=40)
    title: str = Field(max_length=1000)
    description: str | None = None
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    lead_person_id: int | None = Field(default=None, foreign_key="person.id")
    start_on: date | None = None
    # Both None for a standing task. ``original_due_on`` never changes after creation;
    # extensions move ``due_on``, the deadline in force.
    original_due_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    progress: int = 0
    completed_on: date | None = None
    completion_note: str | None = None
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    # A sub-task (giao lại): a part of ``parent_id`` given by its lead unit's manager to
    # one of the unit's people; the parent's progress rolls up (``models.rollup``).
    parent_id: int | None = Field(default=None, foreign_key="task.id")

    __table_args__ = (
        sa.UniqueConstraint("document_id", "ref"),
        # The owner with the deadline and id: a person's or a unit's task ids read from
        # the index alone, and in deadline order (migrations 0019, 0020).
        sa.Index("ix_task_lead_unit_id", "lead_unit_id", "due_on", "id"),
        sa.Index("ix_task_lead_person_id", "lead_person_id", "due_on", "id"),
        # The open part of a long history, in deadline order: what reminders, overdue and
        # due-soon lists read (a partial index stays small while the history grows).
        partial_index("ix_task_open_due_on", "due_on", "id", where=OPEN_TODAY),
        # Each owner's open tasks by deadline: a manager's overdue and due-soon counts
        # without the units' whole history (0022).
        *(
            partial_index(
                f"ix_task_open_lead_{owner}", f"lead_{owner}_id", "due_on", "id", where=OPEN_TODAY
            )
            for owner in ("unit", "person")
        ),
        # Tasks closed after a past date were open then: "as of" questions read these.
        # Partial, so a lookup of open tasks (IS NULL) can never pick them by mistake.
        *(
            present_index(f"ix_task_{column}", column)
            for column in ("completed_on", "cancelled_on")
        ),
        # A task's sub-tasks: few tasks have a parent (0023).
        present_index("ix_task_parent_id", "parent_id"),
        sa.CheckConstraint(
            "(lead_unit_id IS NULL AND lead_person_id IS NOT NULL)"
            " OR (lead_unit_id IS NOT NULL AND lead_person_id IS NULL)",
            name="one_lead",
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        sa.CheckConstraint(
            "(due_on IS NULL AND original_due_on IS NULL)"
            " OR (due_on IS NOT NULL AND original_due_on IS NOT NULL)",
            name="deadline_pair",
        ),
    )


class TaskCoOwner(SQLModel, table=True):
    """A co-operating owner (phối hợp): a unit or a person, never both."""

    __tablename__ = "task_co_owner"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    # The task's deadline and whether it is open (neither completed nor cancelled),
    # copied by the database's triggers (``models.co_owner_copies``): an owner's tasks,
    # and their open ones, read in deadline order from the indexes. Never written here.
    due_on: date | None = None
    task_open: bool | None = None

    # NULLs are distinct in unique constraints, so each pair guards only its own kind.
    __table_args__ = (
        # The co-owned task's deadline and id in the index: a page of an owner's tasks
        # by deadline without reading the rows (0019, 0020). Each index holds its own
        # kind of owner only (0023): most co-owners are units.
        *(
            present_index(f"ix_task_co_owner_{owner}_id", f"{owner}_id", "due_on", "task_id")
            for owner in ("unit", "person")
        ),
        # The open co-owned tasks alone (0022).
        *(
            partial_index(
                f"ix_task_co_owner_open_{owner}",
                f"{owner}_id",
                "due_on",
                "task_id",
                where=f"task_open AND {owner}_id IS NOT NULL",
            )
            for owner in ("unit", "person")
        ),
        sa.UniqueConstraint("task_id", "unit_id"),
        sa.UniqueConstraint("task_id", "person_id"),
        sa.CheckConstraint(
            "(unit_id IS NULL AND person_id IS NOT NULL)"
            " OR (unit_id IS NOT NULL AND person_id IS NULL)",
            name="one_owner",
        ),
    )


class DeadlineExtension(SQLModel, table=True):
    __tablename__ = "deadline_extension"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    previous_due_on: date
    new_due_on: date
    reason: str
    approved_by_id: int = Field(foreign_key="person.id")
    approved_on: date = Field(index=True)  # "as of" questions: approved after a date
    created_at: datetime = created_at_field()
