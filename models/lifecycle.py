"""Every change to a task, each one recorded in the task's append-only history.

These are the only functions that change a task, so no change escapes the history.
Each change first locks the task's row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
takes its write lock at BEGIN IMMEDIATE) and re-reads it, so two concurrent changes
serialise: the second sees the deadline the first set, or is refused cleanly.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models.clock import today as committee_today
from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.i18n import Term, register
from models.inputs import check_text
from models.meetings import Document
from models.org import Person, Unit
from models.rollup import ROLLED_UP_FROM, rolled_up
from models.tasks import DeadlineExtension, Task, TaskCoOwner
from models.timestamps import utcnow

Owner = Unit | Person

# Fields an update may set directly; the others change only through their own verbs.
EDITABLE_FIELDS = ("title", "description", "start_on", "lead_unit_id", "lead_person_id")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def record(
    session: Session,
    task: Task,
    action: TaskAction,
    actor: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
    note: str | None = None,
) -> TaskEvent:
    assert task.id is not None, "flush the task before recording its history"
    check_text("actor", actor, 120)
    event = TaskEvent(
        task_id=task.id,
        actor=actor,
        action=action,
        changes={k: [_jsonable(b), _jsonable(a)] for k, (b, a) in (changes or {}).items()},
        note=note,
    )
    session.add(event)
    if task.parent_id is not None and action in _ROLL_UP_ON:
        _roll_up(session, task.parent_id, actor, task.id)
    return event


# What changes a sub-task's share of its parent's progress.
_ROLL_UP_ON = frozenset(
    {
        TaskAction.CREATED,
        TaskAction.PROGRESS,
        TaskAction.COMPLETED,
        TaskAction.CANCELLED,
        TaskAction.REOPENED,
    }
)


def _roll_up(session: Session, parent_id: int, actor: str, child_id: int) -> None:
    """Set an open parent's progress to what its sub-tasks give (``models.rollup``),
    recorded in its history as a progress change naming the sub-task that moved it."""
    parent = session.get(Task, parent_id)
    if parent is None:
        return
    lock(session, parent)
    if parent.completed_on is not None or parent.cancelled_on is not None:
        return
    children = session.exec(select(Task).where(Task.parent_id == parent_id)).all()
    value = rolled_up(
        [(c.progress, c.completed_on is not None, c.cancelled_on is not None) for c in children]
    )
    if value is None or value == parent.progress:
        return
    before, parent.progress = parent.progress, value
    session.add(parent)
    changes = {"progress": (before, value), ROLLED_UP_FROM: (None, child_id)}
    record(session, parent, TaskAction.PROGRESS, actor, changes)


def lock(session: Session, task: Task) -> Task:
    """Hold the task's row until the transaction ends and read its current values.

    Pending changes are flushed first, so re-reading loses nothing of this transaction;
    a task already locked (or created) in this transaction is not read again.
    """
    if task.id is None or task.id in _held(session):
        return task
    session.flush()
    session.refresh(task, with_for_update=True)
    _held(session).add(task.id)
    return task


def _held(session: Session) -> set[int]:
    """Ids of the tasks this session's current transaction holds."""
    session.connection()  # begin the transaction now, so it can be told from the next one
    transaction = session.get_transaction()
    held = session.info.get("dondoc_locked_tasks")
    if held is None or held[0] is not transaction:
        held = session.info["dondoc_locked_tasks"] = (transaction, set())
    ids: set[int] = held[1]
    return ids


def _label(task: Task) -> str:
    return f"#{task.id} «{task.title}»"


def _ensure_open(task: Task, action: str) -> None:
    if task.cancelled_on is not None:
        raise TrackerError(
            "task_closed", task=_label(task), state=Term("state.cancelled"), action=Term(action)
        )
    if task.completed_on is not None:
        raise TrackerError(
            "task_closed", task=_label(task), state=Term("state.completed"), action=Term(action)
        )


def lead_columns(lead: Owner) -> dict[str, Any]:
    if isinstance(lead, Unit):
        return {"lead_unit_id": lead.id, "lead_person_id": None}
    return {"lead_unit_id": None, "lead_person_id": lead.id}


def check_task_dates(document: Document, start_on: date | None, due_on: date | None) -> None:
    """A deadline cannot precede the document that set it, nor the task's start."""
    if due_on is not None and due_on < document.issued_on:
        raise TrackerError(
            "deadline_before_issue", field="deadline", deadline=due_on, issued=document.issued_on
        )
    if due_on is not None and start_on is not None and due_on < start_on:
        raise TrackerError(
            "deadline_before_start", field="deadline", deadline=due_on, start=start_on
        )


def create_task(
    session: Session,
    *,
    document: Document,
    ref: str,
    title: str,
    lead: Owner,
    actor: str,
    due_on: date | None = None,
    start_on: date | None = None,
    description: str | None = None,
    co_owners: Iterable[Owner] = (),
    parent_id: int | None = None,
) -> Task:
    assert document.id is not None
    check_text("ref", ref, 40)
    check_text("title", title, 1000)
    check_text("description", description)
    check_task_dates(document, start_on, due_on)
    taken = session.exec(
        select(Task.id).where(Task.document_id == document.id, Task.ref == ref)
    ).first()
    if taken is not None:
        raise TrackerError(
            "task_ref_taken", field="ref", ref=ref, document=document.number, id=taken
        )
    task = Task(
        document_id=document.id,
        ref=ref,
        title=title,
        description=description,
        start_on=start_on,
        original_due_on=due_on,
        due_on=due_on,
        parent_id=parent_id,
        **lead_columns(lead),
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    _held(session).add(task.id)  # a row this transaction inserted is its own
    owners = list(co_owners)
    _replace_co_owners(session, task, owners, actor, log=False)
    created: dict[str, tuple[Any, Any]] = {
        "due_on": (None, due_on),
        "co_owners": ([], [_owner_label(o) for o in owners]),
    }
    record(session, task, TaskAction.CREATED, actor, created)
    return task


def co_owners_of(session: Session, task: Task) -> list[TaskCoOwner]:
    return list(
        session.exec(
            select(TaskCoOwner).where(TaskCoOwner.task_id == task.id).order_by(col(TaskCoOwner.id))
        )
    )


def _owner_key(unit_id: int | None, person_id: int | None) -> str:
    return f"unit:{unit_id}" if unit_id is not None else f"person:{person_id}"


def _owner_label(owner: Owner) -> str:
    return _owner_key(owner.id, None) if isinstance(owner, Unit) else _owner_key(None, owner.id)


def _replace_co_owners(
    session: Session, task: Task, owners: list[Owner], actor: str, *, log: bool
) -> bool:
    current = {_owner_key(c.unit_id, c.person_id): c for c in co_owners_of(session, task)}
    wanted: dict[str, Owner] = {}
    for owner in owners:
        wanted[_owner_label(owner)] = owner
    if set(current) == set(wanted):
        return False
    for key, row in current.items():
        if key not in wanted:
            session.delete(row)
    for key, owner in wanted.items():
        if key not in current:
            unit_id, person_id = (owner.id, None) if isinstance(owner, Unit) else (None, owner.id)
            assert task.id is not None
            session.add(TaskCoOwner(task_id=task.id, unit_id=unit_id, person_id=person_id))
    session.flush()
    if log:
        changes = {"co_owners": (sorted(current), sorted(wanted))}
        record(session, task, TaskAction.OWNERS_CHANGED, actor, changes)
    return True


def set_co_owners(session: Session, task: Task, owners: Iterable[Owner], actor: str) -> bool:
    """Replace the co-operating owners; records the change only if there is one."""
    lock(session, task)
    return _replace_co_owners(session, task, list(owners), actor, log=True)


def update_task(session: Session, task: Task, actor: str, **fields: Any) -> bool:
    """Set editable fields; records one UPDATED event listing what really changed."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable through update_task: {sorted(unknown)}")
    check_text("title", fields.get("title"), 1000)
    check_text("description", fields.get("description"))
    lock(session, task)
    changes = {k: (getattr(task, k), v) for k, v in fields.items() if getattr(task, k) != v}
    if not changes:
        return False
    for key, (_, new) in changes.items():
        setattr(task, key, new)
    task.updated_at = utcnow()
    session.add(task)
    session.flush()
    record(session, task, TaskAction.UPDATED, actor, changes)
    return True


def set_lead(session: Session, task: Task, lead: Owner, actor: str) -> bool:
    return update_task(session, task, actor, **lead_columns(lead))


def correct_deadline(session: Session, task: Task, due_on: date | None, actor: str) -> bool:
    """Correct a mistyped original deadline (not an extension: that needs an approver)."""
    lock(session, task)
    if task.original_due_on == due_on:
        return False
    extended = session.exec(
        select(DeadlineExtension.id).where(DeadlineExtension.task_id == task.id)
    ).first()
    if extended is not None:
        raise TrackerError("correct_extended", task=_label(task))
    changes = {"original_due_on": (task.original_due_on, due_on), "due_on": (task.due_on, due_on)}
    task.original_due_on = task.due_on = due_on
    session.add(task)
    record(session, task, TaskAction.UPDATED, actor, changes)
    return True


def update_progress(
    session: Session, task: Task, progress: int, actor: str, note: str | None = None
) -> None:
    check_text("note", note)
    lock(session, task)
    _ensure_open(task, "action.progress")
    if not 0 <= progress <= 100:
        raise TrackerError("progress_range", value=progress)
    before = task.progress
    task.progress = progress
    session.add(task)
    record(session, task, TaskAction.PROGRESS, actor, {"progress": (before, progress)}, note)


def complete_task(
    session: Session,
    task: Task,
    on: date,
    actor: str,
    note: str | None = None,
    *,
    today: date | None = None,
) -> None:
    """Done on ``on`` (checked by ``check_completion``)."""
    lock(session, task)
    check_completion(session, task, on, note, today=today)
    changes = {"completed_on": (None, on), "progress": (task.progress, 100)}
    task.completed_on, task.completion_note, task.progress = on, note, 100
    session.add(task)
    record(session, task, TaskAction.COMPLETED, actor, changes, note)


def check_completion(
    session: Session, task: Task, on: date, note: str | None, *, today: date | None = None
) -> None:
    """Whether ``task`` may be done on ``on``: open, not in the future (``today`` defaults
    to the committee's), not before the task started or its document was issued. The one
    rule for a completion, recorded at once or reported for confirmation."""
    check_text("note", note)
    _ensure_open(task, "action.complete")
    if on > (today or committee_today()):
        raise TrackerError("date_in_future", field="completed_on", value=on)
    if task.start_on is not None and on < task.start_on:
        raise TrackerError("date_before_start", field="completed_on", value=on, start=task.start_on)
    document = session.get(Document, task.document_id)
    if document is not None and on < document.issued_on:
        raise TrackerError(
            "date_before_issue", field="completed_on", value=on, issued=document.issued_on
        )


def check_extension(task: Task, new_due_on: date, reason: str) -> None:
    """Whether ``task``'s deadline may move to ``new_due_on``: open, dated, and later. The
    one rule for an extension, approved at once or asked for."""
    check_text("reason", reason)
    _ensure_open(task, "action.extend")
    if task.due_on is None:
        raise TrackerError("no_deadline", task=_label(task))
    if new_due_on <= task.due_on:
        raise TrackerError("extension_not_later", new=new_due_on, current=task.due_on)


def reopen_task(session: Session, task: Task, actor: str, reason: str) -> None:
    check_text("reason", reason)
    lock(session, task)
    if task.completed_on is None:
        raise TrackerError("not_completed", task=_label(task))
    changes = {"completed_on": (task.completed_on, None)}
    task.completed_on, task.completion_note = None, None
    session.add(task)
    record(session, task, TaskAction.REOPENED, actor, changes, reason)


def restore_task(
    session: Session,
    task: Task,
    actor: str,
    reason: str,
    on: date | None = None,
    *,
    today: date | None = None,
) -> None:
    """Undo a cancellation: the task is open again, the cancellation stays in history.
    ``on`` is the day it was decided (a meeting last week; default today), checked by
    ``check_decision_day`` and not before the cancellation it undoes."""
    check_text("reason", reason)
    lock(session, task)
    if task.cancelled_on is None:
        raise TrackerError("not_cancelled", task=_label(task))
    day = on or today or committee_today()
    check_decision_day(session, task, day, "restored_on", today=today)
    if day < task.cancelled_on:
        raise TrackerError(
            "restore_before_cancel", field="restored_on", value=day, cancelled=task.cancelled_on
        )
    changes = {"cancelled_on": (task.cancelled_on, None), "restored_on": (None, day)}
    task.cancelled_on, task.cancel_reason = None, None
    session.add(task)
    record(session, task, TaskAction.REOPENED, actor, changes, reason)


def cancel_task(
    session: Session,
    task: Task,
    on: date,
    reason: str,
    actor: str,
    *,
    today: date | None = None,
) -> None:
    """Cancelled as of ``on``, the day it was decided (checked by ``check_decision_day``)."""
    check_text("reason", reason)
    lock(session, task)
    _ensure_open(task, "action.cancel")
    check_decision_day(session, task, on, "cancelled_on", today=today)
    task.cancelled_on, task.cancel_reason = on, reason
    session.add(task)
    record(session, task, TaskAction.CANCELLED, actor, {"cancelled_on": (None, on)}, reason)


def check_decision_day(
    session: Session, task: Task, on: date, field: str, *, today: date | None = None
) -> None:
    """Whether the office may date a decision on ``task`` (cancelled, restored) ``on``:
    not in the future (``today`` defaults to the committee's), and not before the task
    was set, i.e. its document's issue date (a task typed in today from last month's
    resolution existed since then). The one rule for the date of a decision."""
    now = today or committee_today()
    if on > now:
        raise TrackerError("decision_in_future", field=field, value=on, today=now)
    document = session.get(Document, task.document_id)
    if document is not None and on < document.issued_on:
        raise TrackerError("decision_before_task", field=field, value=on, issued=document.issued_on)


def extend_deadline(
    session: Session,
    task: Task,
    new_due_on: date,
    reason: str,
    approved_by: Person,
    approved_on: date,
    actor: str,
) -> DeadlineExtension:
    """Move the deadline in force (checked by ``check_extension``); the original deadline
    and every step stay on record."""
    lock(session, task)
    check_extension(task, new_due_on, reason)
    assert task.id is not None and approved_by.id is not None and task.due_on is not None
    extension = DeadlineExtension(
        task_id=task.id,
        previous_due_on=task.due_on,
        new_due_on=new_due_on,
        reason=reason,
        approved_by_id=approved_by.id,
        approved_on=approved_on,
    )
    session.add(extension)
    record(
        session,
        task,
        TaskAction.EXTENDED,
        actor,
        {"due_on": (task.due_on, new_due_on), "approved_by": (None, approved_by.code)},
        reason,
    )
    task.due_on = new_due_on
    session.add(task)
    return extension


def history_of(session: Session, task: Task) -> list[TaskEvent]:
    return list(
        session.exec(
            select(TaskEvent).where(TaskEvent.task_id == task.id).order_by(col(TaskEvent.id))
        )
    )


register(
    {
        "error.deadline_before_issue": {
            "vi": "Thời hạn {deadline} trước ngày ban hành văn bản {issued}.",
            "en": "The deadline {deadline} is before the document's issue date {issued}.",
        },
        "error.deadline_before_start": {
            "vi": "Thời hạn {deadline} trước ngày bắt đầu {start}.",
            "en": "The deadline {deadline} is before the start date {start}.",
        },
        "error.task_ref_taken": {
            "vi": "Văn bản {document} đã có nhiệm vụ mã «{ref}» (#{id}).",
            "en": "Document {document} already has a task «{ref}» (#{id}).",
        },
        "error.date_in_future": {
            "vi": "Ngày {value} ({field}) chưa tới.",
            "en": "{field} {value} is in the future.",
        },
        "error.date_before_issue": {
            "vi": "Ngày {value} ({field}) trước ngày ban hành văn bản {issued}.",
            "en": "{field} {value} is before the document's issue date {issued}.",
        },
        "error.decision_in_future": {
            "vi": "Ngày quyết định {value} chưa tới (hôm nay là {today}).",
            "en": "The decision date {value} is in the future (today is {today}).",
        },
        "error.decision_before_task": {
            "vi": "Ngày quyết định {value} trước ngày giao nhiệm vụ (văn bản ban hành {issued}).",
            "en": "The decision date {value} is before the task was set"
            " (document issued {issued}).",
        },
        "error.restore_before_cancel": {
            "vi": "Ngày khôi phục {value} trước ngày hủy nhiệm vụ {cancelled}.",
            "en": "The restore date {value} is before the task was cancelled ({cancelled}).",
        },
        "error.not_cancelled": {
            "vi": "Nhiệm vụ {task} không bị hủy nên không cần khôi phục.",
            "en": "Task {task} is not cancelled, so there is nothing to restore.",
        },
    }
)
