"""Planning a run: which reminders are due today, for whom, on which channels.

Pure reading: nothing is written here. The work is one query for open tasks with a
deadline, one for their co-owners, and the directory; everything else is in memory,
so planning 100,000 open tasks stays within seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection

from models.access import approvers
from models.awaiting import awaiting_tasks
from models.item_kinds import ItemKind
from models.recipient_roles import RecipientRole
from models.reminder_queries import open_co_owners, open_deadlines, outstanding_duties
from models.request_queries import waiting_on
from models.sqlread import Reader, SqlAlchemyReader, as_date
from models.stage_names import StageName, StageText
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.gc_pause import gc_paused
from notifications.policy import Stage, escalation_stage, owner_stage
from notifications.preferences import PreferenceBook, essential
from notifications.routing import Router, Unreachable


class Reminder(NamedTuple):
    """One message line owed to one recipient on one channel (a tuple: a morning run
    plans a quarter of a million of them, and a tuple costs a fraction of an object)."""

    recipient_id: int
    channel: str
    address: str
    item_kind: ItemKind
    item_id: int
    stage: StageText
    deadline: date  # the deadline in force: an extension starts the stages afresh
    occurrence: date
    days: int

    @property
    def key(self) -> str:
        return idempotency_keys([self])[0]


_RECIPIENT_DIGITS = 10  # any INTEGER id (at most 2,147,483,647), zero-padded
_KEY_HASH_DIGITS = 64 - _RECIPIENT_DIGITS  # the key stays 64 characters long


def idempotency_keys(reminders: Iterable[Reminder]) -> list[str]:
    """The ledger's key of each reminder: its recipient's id, zero-padded to ten digits,
    then the first 54 hex digits of the sha256 of its identifying fields as text.

    The recipient first, so that keys sorted are claims recipient by recipient: the
    unique index and the rows are then written in order, not at random (a morning's
    quarter of a million claims: see ``ledger.claim_new``). The hash part is
    the head of the whole key of earlier versions, and migration 0011 rewrote their
    stored keys by this same rule, so a run upgraded mid-day finds the morning's claims.
    Reminders share recipients' channels and items' stages: those halves of the text
    are built and encoded once each, which halves the cost of a morning's keys.
    """
    heads: dict[tuple[Any, ...], tuple[str, bytes]] = {}
    tails: dict[tuple[Any, ...], bytes] = {}
    keys: list[str] = []
    cut = _KEY_HASH_DIGITS // 2  # bytes of the digest, two hex digits each
    for reminder in reminders:
        who = reminder[:3]  # recipient, channel, address
        head = heads.get(who)
        if head is None:
            head = heads[who] = (
                f"{who[0]:0{_RECIPIENT_DIGITS}d}",
                ("|".join(map(str, who)) + "|").encode(),
            )
        what = reminder[3:8]  # kind, item, stage, deadline, occurrence
        tail = tails.get(what)
        if tail is None:
            tail = tails[what] = "|".join(map(str, what)).encode()
        keys.append(head[0] + sha256(head[1] + tail).digest()[:cut].hex())
    return keys


@dataclass
class Plan:
    as_of: date
    reminders: list[Reminder] = field(default_factory=list)
    kinds: tuple[ItemKind, ...] = ()  # the item kinds planned: a run reclaims only these
    unreachable: set[Unreachable] = field(default_factory=set)
    held_reason: str | None = None  # "holiday" or "quiet_hours": nothing planned, caught up later


class Collector:
    """Appends one reminder per channel each recipient wants it on (channels looked up once;
    ``PreferenceBook.channels`` picks them: every enabled one or the primary only)."""

    def __init__(self, plan: Plan, router: Router, book: PreferenceBook) -> None:
        self.plan, self.router, self.book = plan, router, book
        self.channels: dict[int, list[tuple[str, str, str]]] = {}
        self.wanted: dict[tuple[int, bool], list[tuple[str, str, str]]] = {}

    def add(
        self,
        person_id: int,
        kind: ItemKind,
        item_id: int,
        stage: Stage,
        due: date,
        role: RecipientRole,
    ) -> None:
        key = (person_id, essential(role, stage))
        wanted = self.wanted.get(key)
        if wanted is None:
            if person_id not in self.channels:
                self.channels[person_id] = self.router.channels(person_id)
            wanted = self.book.channels(person_id, self.channels[person_id], key[1])
            self.wanted[key] = wanted
        for channel, address, _url in wanted:
            self.plan.reminders.append(
                Reminder(
                    person_id,
                    channel,
                    address,
                    kind,
                    item_id,
                    stage.name,
                    due,
                    stage.occurrence,
                    stage.days,
                )
            )


def plan_task_reminders(
    connection: Connection, as_of: date, config: NotifyConfig, directory: Directory | None = None
) -> Plan:
    directory = directory or Directory.load(connection)
    router = Router(directory, config)
    plan = Plan(as_of, kinds=(ItemKind.TASK,))
    reader = SqlAlchemyReader(connection)
    book = PreferenceBook.load(connection, as_of)
    with gc_paused():
        _plan_tasks(reader, as_of, config, router, book, plan)
    plan.unreachable = router.unreachable
    return plan


def _plan_tasks(
    reader: Reader,
    as_of: date,
    config: NotifyConfig,
    router: Router,
    book: PreferenceBook,
    plan: Plan,
) -> None:
    co_owners = open_co_owners(reader, as_of)
    # Reported done, waiting for confirmation: the decision is the approver's (reminded
    # of the request), so neither the owners nor those above them hear of it meanwhile.
    awaiting = awaiting_tasks(reader)
    collect = Collector(plan, router, book)
    # Many tasks share a deadline and an owner: stages are worked out once per deadline,
    # routes once per owner (a task with co-owners is routed on its own).
    stages: dict[date, tuple[Stage | None, Stage | None]] = {}
    owners_of: dict[tuple[int | None, int | None], dict[int, RecipientRole]] = {}
    above: dict[tuple[int | None, int | None], list[int]] = {}
    for task_id, lead_unit_id, lead_person_id, raw_due in open_deadlines(reader, as_of):
        if task_id in awaiting:
            continue
        due = as_date(raw_due)
        assert due is not None
        if due not in stages:
            policy = config.policy
            stages[due] = (owner_stage(due, as_of, policy), escalation_stage(due, as_of, policy))
        stage, escalation = stages[due]
        if stage is None:
            continue
        lead = (lead_unit_id, lead_person_id)
        co = co_owners.get(task_id)
        if co:
            owners = router.owners(lead_unit_id, lead_person_id, co)
        elif lead in owners_of:
            owners = owners_of[lead]
        else:
            owners = owners_of[lead] = router.owners(lead_unit_id, lead_person_id, [])
        for person_id, role in owners.items():
            heard = book.owner_stage(person_id, role, task_id, due, stage, as_of, config.policy)
            if heard is not None:
                collect.add(person_id, ItemKind.TASK, task_id, heard, due, role)
        if escalation is not None:
            if lead not in above:
                above[lead] = router.escalation(lead_unit_id, lead_person_id)
            for person_id in above[lead]:
                collect.add(
                    person_id, ItemKind.TASK, task_id, escalation, due, RecipientRole.ESCALATION
                )


def plan_duty_reminders(
    connection: Connection, as_of: date, config: NotifyConfig, directory: Directory | None = None
) -> Plan:
    """Reminders to the units that owe a duty; escalation one level up and to the office."""
    directory = directory or Directory.load(connection)
    router = Router(directory, config)
    plan = Plan(as_of, kinds=(ItemKind.DUTY,))
    collect = Collector(plan, router, PreferenceBook.load(connection, as_of, snoozes=False))
    for instance_id, unit_id, raw_due in outstanding_duties(SqlAlchemyReader(connection), as_of):
        due = as_date(raw_due)
        assert due is not None
        stage = owner_stage(due, as_of, config.policy)
        if stage is not None:
            for person_id in router.unit_people(unit_id):
                collect.add(person_id, ItemKind.DUTY, instance_id, stage, due, RecipientRole.LEAD)
        escalation = escalation_stage(due, as_of, config.policy)
        if escalation is not None:
            for person_id in router.escalation(unit_id, None):
                collect.add(
                    person_id, ItemKind.DUTY, instance_id, escalation, due, RecipientRole.ESCALATION
                )
    plan.unreachable = router.unreachable
    return plan


def plan_request_reminders(
    connection: Connection, as_of: date, config: NotifyConfig, directory: Directory | None = None
) -> Plan:
    """A reminder to its approver of each request waiting for a decision, once a day
    while it waits (the occurrence is the day), from the day after it was made.

    The approver is ``models.access.approvers``' (the web's announcement asks the same
    rule): one query for the requests and two for their approvers, however many wait.
    The role APPROVER is essential (``models.preferences.is_essential``); snoozes do not
    apply: a snooze mutes a person's reminders as an owner of the work, and a decision
    is what someone else waits for.
    """
    directory = directory or Directory.load(connection)
    plan = Plan(as_of, kinds=(ItemKind.REQUEST,))
    reader = SqlAlchemyReader(connection)
    waiting = waiting_on(reader, as_of)
    if not waiting:
        return plan  # the usual morning: three cheap queries saved
    router = Router(directory, config)
    deciders = approvers(
        reader, [(r.task_id, r.requested_by_id) for r in waiting], config.tracking_office
    )
    collect = Collector(plan, router, PreferenceBook.load(connection, as_of, snoozes=False))
    for request in waiting:
        person_id = deciders.get((request.task_id, request.requested_by_id))
        if person_id is None or person_id not in directory.people:
            router.unreachable.add(Unreachable(f"#{request.task_id}", "no_approver"))
            continue
        stage = Stage(StageName.WAITING, as_of, request.waited(as_of))
        collect.add(
            person_id,
            ItemKind.REQUEST,
            request.id,
            stage,
            request.requested_on,
            RecipientRole.APPROVER,
        )
    plan.unreachable = router.unreachable
    return plan
