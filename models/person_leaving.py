"""A person leaves: their open tasks pass to someone else in the same step.

The rule (whatever the door): a person who still leads or co-owns an open task cannot
be made inactive, because nobody would be reminded of that work any more. The office
names a successor for each such task (for a co-owned one, a successor or none), and
the handover and the deactivation are one transaction: all of it, or none of it. Each
handover goes through ``models.lifecycle`` so the task's history says who took over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from models.errors import TrackerError
from models.i18n import register
from models.lifecycle import Owner, co_owners_of, set_co_owners, set_lead
from models.org import Person, Unit
from models.tasks import Task, TaskCoOwner


@dataclass(frozen=True)
class OpenTask:
    task: Task
    leads: bool  # True: the person leads it; False: co-owns it


def open_tasks_of(session: Session, person: Person) -> list[OpenTask]:
    """The open tasks (not done, not cancelled) the person leads or co-owns, by deadline."""
    co_owned = select(TaskCoOwner.task_id).where(TaskCoOwner.person_id == person.id)
    tasks = session.exec(
        select(Task)
        .where(
            or_(col(Task.lead_person_id) == person.id, col(Task.id).in_(co_owned)),
            col(Task.completed_on).is_(None),
            col(Task.cancelled_on).is_(None),
        )
        .order_by(col(Task.due_on), col(Task.id))
    ).all()
    return [OpenTask(task, task.lead_person_id == person.id) for task in tasks]


def _active(owner: Owner) -> bool:
    return bool(owner.active)


def deactivate_person(
    session: Session,
    person: Person,
    successors: Mapping[int, Owner | None],
    actor: str,
) -> list[Task]:
    """Hand each open task to its successor (by task id), then make the person inactive.

    A led task needs a successor; a co-owned one may have None (the person is simply
    removed from its owners). A task left without a choice, a successor who is the
    person leaving, or an inactive successor refuses the whole step. Returns the tasks
    handed over."""
    if not person.active:
        raise TrackerError("person_inactive", code=person.code)
    work = open_tasks_of(session, person)
    for item in work:  # every choice checked before anything changes
        task_id = item.task.id
        assert task_id is not None
        if task_id not in successors or (item.leads and successors[task_id] is None):
            raise TrackerError("person_has_open_tasks", field="successor", task=task_id)
        successor = successors[task_id]
        if successor is not None and (
            (isinstance(successor, Person) and successor.id == person.id) or not _active(successor)
        ):
            raise TrackerError("successor_not_valid", field="successor", task=task_id)
    for item in work:
        task = item.task
        successor = successors[task.id or 0]
        if item.leads:
            assert successor is not None
            set_lead(session, task, successor, actor)
            continue
        owners: list[Owner] = []
        for row in co_owners_of(session, task):
            if row.person_id == person.id:
                if successor is not None:
                    owners.append(successor)
                continue
            kept = session.get(Unit, row.unit_id) if row.unit_id else None
            kept_owner: Owner | None = kept or session.get(Person, row.person_id)
            assert kept_owner is not None
            owners.append(kept_owner)
        set_co_owners(session, task, owners, actor)
    person.active = False
    session.add(person)
    session.flush()
    return [item.task for item in work]


register(
    {
        "error.person_has_open_tasks": {
            "vi": "Chưa chọn người/đơn vị nhận lại nhiệm vụ #{task}: không thể ngừng hoạt động"
            " khi còn nhiệm vụ đang mở.",
            "en": "No successor chosen for task #{task}: a person with open tasks cannot be"
            " deactivated.",
        },
        "error.successor_not_valid": {
            "vi": "Người/đơn vị nhận lại nhiệm vụ #{task} không hợp lệ (đang ngừng hoạt động"
            " hoặc chính người rời đi).",
            "en": "The successor for task #{task} is not valid (inactive, or the person leaving).",
        },
        "error.person_inactive": {
            "vi": "«{code}» đã ngừng hoạt động.",
            "en": "«{code}» is already inactive.",
        },
    }
)
