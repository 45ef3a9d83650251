"""Carry-over (chuyển tiếp): a meeting starts from the open items of earlier meetings.

The agenda draft of a meeting lists the tasks still open on its day among the documents
adopted by the same unit's earlier meetings: status, progress, the latest note. At the
meeting the office marks each one: continued (nothing changes but the record), given a
new deadline (through ``models.lifecycle.extend_deadline``, so the history says so) or
closed as done (``complete_task``) or dropped (``cancel_task``). A task is marked once
per meeting; every mark is kept (``CarryOverMark``) and shown in the task's history.
Who may mark: ``models.access.can_mark_carry_over``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

from models.base import enum_type
from models.errors import TrackerError, not_found
from models.i18n import register
from models.inputs import check_text
from models.lifecycle import cancel_task, complete_task, extend_deadline
from models.meetings import Meeting
from models.org import Person
from models.sqlread import Reader, SqlAlchemyReader, as_date
from models.status import StatusView, open_on, task_status
from models.tasks import Task
from models.timestamps import UTCDateTime, utcnow


class CarryDecision(StrEnum):
    CONTINUED = "continued"
    REDEADLINED = "redeadlined"
    DONE = "done"
    CANCELLED = "cancelled"


class CarryOverMark(SQLModel, table=True):
    """What a meeting decided about one task carried over to it."""

    __tablename__ = "carry_over_mark"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    decision: CarryDecision = Field(sa_type=enum_type(CarryDecision, "carry_decision"))
    new_due_on: date | None = None
    note: str | None = None
    marked_by_id: int = Field(foreign_key="person.id")
    marked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    __table_args__ = (sa.UniqueConstraint("meeting_id", "task_id"),)


@dataclass(frozen=True)
class CarryItem:
    """One open task of an earlier meeting's document, as the agenda shows it."""

    task_id: int
    title: str
    document: str  # the document's number
    meeting_on: date  # the earlier meeting that adopted it
    lead: str
    due_on: date | None
    status: StatusView
    progress: int
    last_note: str | None
    decision: CarryDecision | None  # already marked at this meeting
    new_due_on: date | None


def carry_over(
    reader: Reader, unit_id: int, day: date, meeting_id: int | None = None
) -> list[CarryItem]:
    """The open tasks (on ``day``) of the documents of the unit's meetings held before
    ``day``, oldest meeting first, then by document and task; with the marks of meeting
    ``meeting_id`` (a task it already closed stays listed, with its mark). Without a
    meeting: the draft for a meeting not recorded yet (``dondoc agenda``)."""
    sql = (
        "SELECT t.id, t.title, d.number, m.held_on, COALESCE(u.name, p.full_name), t.due_on,"
        " t.completed_on, t.cancelled_on, t.progress,"
        " (SELECT e.note FROM task_event e WHERE e.task_id = t.id AND e.note IS NOT NULL"
        "  ORDER BY e.at DESC, e.id DESC LIMIT 1),"
        " k.decision, k.new_due_on"
        " FROM task t JOIN document d ON d.id = t.document_id"
        " JOIN meeting m ON m.id = d.meeting_id"
        " LEFT JOIN unit u ON u.id = t.lead_unit_id LEFT JOIN person p ON p.id = t.lead_person_id"
        " LEFT JOIN carry_over_mark k ON k.task_id = t.id AND k.meeting_id = :meeting"
        " WHERE m.unit_id = :unit AND m.held_on < :as_of AND m.id <> :meeting"
        f" AND ({open_on()} OR k.id IS NOT NULL)"
        " ORDER BY m.held_on, d.number, t.id"
    )
    params: dict[str, Any] = {"meeting": meeting_id or 0, "unit": unit_id, "as_of": day}
    items = []
    for row in reader.fetch(sql, params):
        due, done, dropped = as_date(row[5]), as_date(row[6]), as_date(row[7])
        status = task_status(due_on=due, completed_on=done, cancelled_on=dropped, as_of=day)
        items.append(
            CarryItem(
                int(row[0]), str(row[1]), str(row[2]), as_date(row[3]) or day, str(row[4]),
                due, status, int(row[8]), row[9],
                CarryDecision(row[10]) if row[10] else None, as_date(row[11]),
            )
        )  # fmt: skip
    return items


def mark(
    session: Session,
    meeting: Meeting,
    task: Task,
    decision: CarryDecision,
    by: Person,
    *,
    new_due_on: date | None = None,
    note: str | None = None,
) -> CarryOverMark:
    """Record the meeting's decision on a carried-over task, and make it so: a new
    deadline is an extension approved by ``by`` on the meeting's day, "done" completes it
    that day, "cancelled" drops it (a reason is then required)."""
    assert meeting.id is not None and task.id is not None and by.id is not None
    check_text("note", note)
    note = (note or "").strip() or None
    listed = carry_over(_reader(session), meeting.unit_id, meeting.held_on, meeting.id)
    if task.id not in {i.task_id for i in listed}:
        raise not_found("task", task.id)
    taken = session.exec(
        select(CarryOverMark).where(
            CarryOverMark.meeting_id == meeting.id, CarryOverMark.task_id == task.id
        )
    ).first()
    if taken is not None:
        raise TrackerError("carry_marked", task=f"#{task.id}")
    day = meeting.held_on
    if decision is CarryDecision.REDEADLINED:
        if new_due_on is None:
            raise TrackerError("carry_new_date", field="new_due_on")
        reason = note or f"Cuộc họp ngày {day.strftime('%d/%m/%Y')}"
        extend_deadline(session, task, new_due_on, reason, by, day, by.code)
    elif decision is CarryDecision.DONE:
        complete_task(session, task, day, by.code, note, today=day)
    elif decision is CarryDecision.CANCELLED:
        if note is None:
            raise TrackerError("carry_reason", field="note")
        cancel_task(session, task, day, note, by.code)
    found = CarryOverMark(
        meeting_id=meeting.id,
        task_id=task.id,
        decision=decision,
        new_due_on=new_due_on if decision is CarryDecision.REDEADLINED else None,
        note=note,
        marked_by_id=by.id,
    )
    session.add(found)
    session.flush()
    return found


def marks_of(session: Session, task_id: int) -> list[tuple[CarryOverMark, Meeting]]:
    rows = session.exec(
        select(CarryOverMark, Meeting)
        .join(Meeting, col(Meeting.id) == CarryOverMark.meeting_id)
        .where(CarryOverMark.task_id == task_id)
        .order_by(col(CarryOverMark.id))
    )
    return [(m, g) for m, g in rows]


def _reader(session: Session) -> Reader:
    return SqlAlchemyReader(session.connection())


register(
    {
        "CarryDecision.continued": {"vi": "Tiếp tục thực hiện", "en": "Continued"},
        "CarryDecision.redeadlined": {"vi": "Điều chỉnh thời hạn", "en": "New deadline"},
        "CarryDecision.done": {"vi": "Kết thúc (đã hoàn thành)", "en": "Closed (done)"},
        "CarryDecision.cancelled": {"vi": "Kết thúc (không thực hiện)", "en": "Closed (dropped)"},
        "error.carry_marked": {
            "vi": "Nhiệm vụ {task} đã được cuộc họp này xử lý.",
            "en": "Task {task} was already marked at this meeting.",
        },
        "error.carry_new_date": {
            "vi": "Cần ghi thời hạn mới (ngày/tháng/năm).",
            "en": "Please give the new deadline (dd/mm/yyyy).",
        },
        "error.carry_reason": {
            "vi": "Cần ghi lý do kết thúc nhiệm vụ.",
            "en": "Please give the reason for dropping the task.",
        },
    }
)
