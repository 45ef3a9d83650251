"""Extension requests and completion confirmation: the approval workflow on a task.

An owner asks; a manager above the task (or the tracking office) decides. Approving an
extension or confirming a completion goes through ``models.lifecycle`` (so the task's
own history records the change); the request row keeps who asked, when, why, and who
decided. Whether a reported completion waits for confirmation is a committee setting.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

from models.base import enum_type
from models.errors import TrackerError
from models.i18n import register
from models.lifecycle import check_completion, check_extension, complete_task, extend_deadline
from models.org import Person, Unit
from models.tasks import Task
from models.timestamps import UTCDateTime, utcnow


class RequestKind(StrEnum):
    EXTENSION = "extension"
    COMPLETION = "completion"


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"  # an extension refused, or a completion sent back


class TaskRequest(SQLModel, table=True):
    """One request on a task and its decision (the decision fields are set once)."""

    __tablename__ = "task_request"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    kind: RequestKind = Field(sa_type=enum_type(RequestKind, "request_kind"))
    state: RequestState = Field(
        default=RequestState.PENDING, sa_type=enum_type(RequestState, "request_state")
    )
    requested_by_id: int = Field(foreign_key="person.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    new_due_on: date | None = None  # extension: the deadline asked for
    completed_on: date | None = None  # completion: the day the owner says it was done
    note: str | None = None  # the reason (extension) or the completion note
    decided_by_id: int | None = Field(default=None, foreign_key="person.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = None

    __table_args__ = (
        # At most one open request of each kind per task: a second click asks nothing new.
        sa.Index(
            "uq_task_request_pending",
            "task_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("state = 'pending'"),
            postgresql_where=sa.text("state = 'pending'"),
        ),
    )


class CommitteeSetting(SQLModel, table=True):
    """Per committee (a unit heading a tree): how its tasks are followed up."""

    __tablename__ = "committee_setting"

    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    # A completion reported by an owner waits for a manager's confirmation.
    confirm_completion: bool = False


def _task_unit_id(session: Session, task: Task) -> int:
    if task.lead_unit_id is not None:
        return task.lead_unit_id
    person = session.get(Person, task.lead_person_id)
    assert person is not None
    return person.unit_id


def needs_confirmation(session: Session, task: Task) -> bool:
    """Whether this task's committee (any unit above the task) asks for confirmation.

    The few settings are read at once: most committees have none, and a task page then
    walks no unit (it asked unit by unit, two round trips per level)."""
    chosen = select(CommitteeSetting.unit_id, CommitteeSetting.confirm_completion)
    settings = dict(session.exec(chosen).all())
    unit_id: int | None = _task_unit_id(session, task) if settings else None
    seen: set[int] = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        if unit_id in settings:
            return bool(settings[unit_id])
        unit = session.get(Unit, unit_id)
        unit_id = unit.parent_id if unit is not None else None
    return False


def set_confirm_completion(session: Session, unit: Unit, on: bool) -> None:
    assert unit.id is not None
    setting = session.get(CommitteeSetting, unit.id) or CommitteeSetting(unit_id=unit.id)
    setting.confirm_completion = on
    session.add(setting)
    session.flush()


def pending(session: Session, task: Task, kind: RequestKind) -> TaskRequest | None:
    return session.exec(
        select(TaskRequest).where(
            TaskRequest.task_id == task.id,
            TaskRequest.kind == kind,
            TaskRequest.state == RequestState.PENDING,
        )
    ).first()


def requests_of(session: Session, task: Task) -> list[TaskRequest]:
    return list(
        session.exec(
            select(TaskRequest).where(TaskRequest.task_id == task.id).order_by(col(TaskRequest.id))
        )
    )


def _ensure_open(task: Task) -> None:
    if task.completed_on is not None or task.cancelled_on is not None:
        raise TrackerError("request_task_closed", task=f"#{task.id}")


def request_extension(
    session: Session,
    task: Task,
    by: Person,
    new_due_on: date,
    reason: str,
    *,
    at: datetime | None = None,
) -> TaskRequest:
    """Ask for a later deadline (``at``: when it is asked, default now); refused on the
    spot for what the extension itself would be refused for."""
    _ensure_open(task)
    if not reason.strip():
        raise TrackerError("request_reason")
    check_extension(task, new_due_on, reason)
    if pending(session, task, RequestKind.EXTENSION) is not None:
        raise TrackerError("request_pending")
    assert task.id is not None and by.id is not None
    request = TaskRequest(
        task_id=task.id,
        kind=RequestKind.EXTENSION,
        requested_by_id=by.id,
        new_due_on=new_due_on,
        note=reason.strip(),
        requested_at=at or utcnow(),
    )
    session.add(request)
    session.flush()
    return request


def report_completion(
    session: Session,
    task: Task,
    by: Person,
    on: date,
    note: str | None,
    *,
    at: datetime | None = None,
    today: date | None = None,
) -> TaskRequest | None:
    """Done at once, or a request waiting for confirmation if the committee asks for one
    (``at``: when it is reported, default now); a date the completion itself would refuse
    is refused now, not at the confirmation (``today``: the committee's by default)."""
    _ensure_open(task)
    if not needs_confirmation(session, task):
        complete_task(session, task, on, by.code, note or None, today=today)
        return None
    if pending(session, task, RequestKind.COMPLETION) is not None:
        raise TrackerError("request_pending")
    check_completion(session, task, on, note or None, today=today)
    assert task.id is not None and by.id is not None
    request = TaskRequest(
        task_id=task.id,
        kind=RequestKind.COMPLETION,
        requested_by_id=by.id,
        completed_on=on,
        note=(note or "").strip() or None,
        requested_at=at or utcnow(),
    )
    session.add(request)
    session.flush()
    return request


def decide(
    session: Session,
    request: TaskRequest,
    by: Person,
    approve: bool,
    today: date,
    note: str | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """Approve (extend / complete through the lifecycle) or refuse; decided only once
    (``at``: when, default now; it ends the approver's reminders from that day on)."""
    if request.state is not RequestState.PENDING:
        raise TrackerError("request_decided")
    if not approve and not (note or "").strip():
        raise TrackerError("request_reason")
    task = session.get(Task, request.task_id)
    assert task is not None
    if approve and request.kind is RequestKind.EXTENSION:
        assert request.new_due_on is not None
        extend_deadline(session, task, request.new_due_on, request.note or "", by, today, by.code)
    elif approve:
        assert request.completed_on is not None
        complete_task(session, task, request.completed_on, by.code, request.note)
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.decided_by_id, request.decided_at = by.id, at or utcnow()
    request.decision_note = (note or "").strip() or None
    session.add(request)
    session.flush()


register(
    {
        "error.request_task_closed": {
            "vi": "Nhiệm vụ {task} đã kết thúc, không gửi đề nghị được nữa.",
            "en": "Task {task} is closed; no request can be made.",
        },
        "error.request_reason": {
            "vi": "Cần ghi lý do.",
            "en": "Please give a reason.",
        },
        "error.request_pending": {
            "vi": "Đã có một đề nghị đang chờ duyệt.",
            "en": "A request is already waiting for a decision.",
        },
        "error.request_decided": {
            "vi": "Đề nghị này đã được xử lý.",
            "en": "This request has already been decided.",
        },
        "RequestKind.extension": {"vi": "Đề nghị gia hạn", "en": "Extension request"},
        "RequestKind.completion": {"vi": "Báo cáo hoàn thành", "en": "Completion report"},
        "RequestState.pending": {"vi": "Chờ duyệt", "en": "Waiting for a decision"},
        "RequestState.approved": {"vi": "Đã duyệt", "en": "Approved"},
        "RequestState.rejected": {"vi": "Không duyệt / trả lại", "en": "Refused / sent back"},
    }
)
