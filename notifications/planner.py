"""Planning a run: which reminders are due today, for whom, on which channels.

Pure reading: nothing is written here. The work is one query for open tasks with a
deadline, one for their co-owners, and the directory; everything else is in memory,
so planning 100,000 open tasks stays within seconds.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from models.sqlread import Reader, SqlAlchemyReader, as_date
from models.status import open_on
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.policy import Stage, escalation_stage, owner_stage
from notifications.routing import Router, Unreachable


@dataclass(frozen=True)
class Reminder:
    recipient_id: int
    channel: str
    address: str
    item_kind: str
    item_id: int
    stage: str
    deadline: date  # the deadline in force: an extension starts the stages afresh
    occurrence: date
    days: int

    @property
    def key(self) -> str:
        raw = "|".join(
            str(v)
            for v in (
                self.recipient_id,
                self.channel,
                self.address,
                self.item_kind,
                self.item_id,
                self.stage,
                self.deadline,
                self.occurrence,
            )
        )
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Plan:
    as_of: date
    reminders: list[Reminder] = field(default_factory=list)
    unreachable: set[Unreachable] = field(default_factory=set)
    held_reason: str | None = None  # "holiday" or "quiet_hours": nothing planned, caught up later


def _open_tasks(reader: Reader, as_of: date) -> list[tuple[Any, ...]]:
    sql = (
        "SELECT t.id, t.lead_unit_id, t.lead_person_id, t.due_on FROM task t"
        f" WHERE t.due_on IS NOT NULL AND {open_on()}"
    )
    return reader.fetch(sql, {"as_of": as_of})


def _co_owners(reader: Reader, as_of: date) -> dict[int, list[tuple[int | None, int | None]]]:
    sql = (
        "SELECT c.task_id, c.unit_id, c.person_id"
        " FROM task_co_owner c JOIN task t ON t.id = c.task_id"
        f" WHERE t.due_on IS NOT NULL AND {open_on()}"
    )
    found: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    for task_id, unit_id, person_id in reader.fetch(sql, {"as_of": as_of}):
        found[task_id].append((unit_id, person_id))
    return found


def plan_task_reminders(
    connection: Connection, as_of: date, config: NotifyConfig, directory: Directory | None = None
) -> Plan:
    directory = directory or Directory.load(connection)
    router = Router(directory, config)
    plan = Plan(as_of)
    reader = SqlAlchemyReader(connection)
    co_owners = _co_owners(reader, as_of)
    channels: dict[int, list[tuple[str, str, str]]] = {}

    def add(
        person_id: int, task_id: int, stage_name: str, due: date, occurrence: date, days: int
    ) -> None:
        if person_id not in channels:
            channels[person_id] = router.channels(person_id)
        for channel, address, _url in channels[person_id]:
            plan.reminders.append(
                Reminder(
                    person_id, channel, address, "task", task_id, stage_name, due, occurrence, days
                )
            )

    for task_id, lead_unit_id, lead_person_id, raw_due in _open_tasks(reader, as_of):
        due = as_date(raw_due)
        assert due is not None
        stage = owner_stage(due, as_of, config.policy)
        if stage is None:
            continue
        for person_id in router.owners(lead_unit_id, lead_person_id, co_owners.get(task_id, [])):
            add(person_id, task_id, stage.name, due, stage.occurrence, stage.days)
        escalation = escalation_stage(due, as_of, config.policy)
        if escalation is not None:
            for person_id in router.escalation(lead_unit_id, lead_person_id):
                add(
                    person_id, task_id, escalation.name, due, escalation.occurrence, escalation.days
                )
    plan.unreachable = router.unreachable
    return plan


def _outstanding_duties(reader: Reader, as_of: date) -> list[tuple[Any, ...]]:
    """Duty instances neither submitted nor waived by ``as_of``."""
    sql = (
        "SELECT i.id, i.unit_id, i.due_on FROM duty_instance i"
        " WHERE (i.waived_on IS NULL OR i.waived_on > :as_of)"
        " AND NOT EXISTS (SELECT 1 FROM duty_submission s"
        " WHERE s.instance_id = i.id AND s.submitted_on <= :as_of)"
    )
    return reader.fetch(sql, {"as_of": as_of})


def plan_duty_reminders(
    connection: Connection, as_of: date, config: NotifyConfig, directory: Directory | None = None
) -> Plan:
    """Reminders to the units that owe a duty; escalation one level up and to the office."""
    directory = directory or Directory.load(connection)
    router = Router(directory, config)
    plan = Plan(as_of)
    channels: dict[int, list[tuple[str, str, str]]] = {}
    for instance_id, unit_id, raw_due in _outstanding_duties(SqlAlchemyReader(connection), as_of):
        due = as_date(raw_due)
        assert due is not None
        targets: list[tuple[int, Stage]] = []
        stage = owner_stage(due, as_of, config.policy)
        if stage is not None:
            targets += [(p, stage) for p in router.unit_people(unit_id)]
        escalation = escalation_stage(due, as_of, config.policy)
        if escalation is not None:
            targets += [(p, escalation) for p in router.escalation(unit_id, None)]
        for person_id, current in targets:
            if person_id not in channels:
                channels[person_id] = router.channels(person_id)
            for channel, address, _url in channels[person_id]:
                plan.reminders.append(
                    Reminder(
                        person_id,
                        channel,
                        address,
                        "duty",
                        instance_id,
                        current.name,
                        due,
                        current.occurrence,
                        current.days,
                    )
                )
    plan.unreachable = router.unreachable
    return plan
