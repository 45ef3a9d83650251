"""One reminder run, step by step: hold, plan, claim, render, send, record.

Flows call these functions; tests call them too. Every step reads or writes the
database on its own, so a run can die between any two steps and the next run finishes
its work: nothing lost, nothing sent twice.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, partial
from operator import itemgetter
from typing import Any, NamedTuple

import pendulum
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.awaiting import awaiting_ids
from models.calendar import WorkCalendar
from models.comments import with_latest_comments
from models.duty_groups import group_duties
from models.duty_queries import DutyRow, duty_rows
from models.duty_status import OUTSTANDING
from models.history import TaskEvent, latest_events
from models.history_text import latest_update, owner_names
from models.item_kinds import ItemKind
from models.planner_stats import refresh_if_grown
from models.queries import TaskRow, rows_by_id, states_by_id
from models.recipient_roles import RecipientRole
from models.request_queries import WaitingRequest, waiting_on
from models.risk import task_risks
from models.settings import get_settings
from models.sqlread import SqlAlchemyReader, id_set_match
from models.stage_names import StageName
from models.status import StatusView, TaskStatus
from notifications import ledger
from notifications.addressing import Addressed, addressed
from notifications.config import NotifyConfig
from notifications.directory import Directory, PersonInfo
from notifications.gc_pause import gc_paused
from notifications.planner import (
    Plan,
    idempotency_keys,
    plan_duty_reminders,
    plan_request_reminders,
    plan_task_reminders,
)
from notifications.recorder import LedgerSink, RowRef
from notifications.render import (
    LATE_STAGES,
    Contact,
    Counts,
    DigestItem,
    Fragments,
    Rendered,
    digest_subject,
    duty_group_item,
    is_chat,
    is_group_target,
    items_shown,
    render_chat,
    render_digest,
    request_item,
    stage_rank,
    task_item,
    urgency,
)
from notifications.routing import Router, Unreachable
from notifications.sender import Message, send_all

ROLE_ORDER = {RecipientRole.LEAD: 0, RecipientRole.CO_OWNER: 1, RecipientRole.ESCALATION: 2}
_Owners = tuple[int | None, int | None, list[tuple[int | None, int | None]]]


def hold_reason(
    as_of: date, now: datetime, timezone: str, config: NotifyConfig, calendar: WorkCalendar
) -> str | None:
    """Why nothing may be sent now ("holiday", "quiet_hours"), or None. Held work is caught up."""
    if config.policy.working_days_only and not calendar.is_working_day(as_of):
        return "holiday"
    local = pendulum.instance(now).in_timezone(timezone)
    if config.policy.in_quiet_hours(local.time()):
        return "quiet_hours"
    return None


KINDS = (ItemKind.TASK, ItemKind.DUTY, ItemKind.REQUEST)  # the morning digest's items


def plan(
    engine: Engine, as_of: date, config: NotifyConfig, kinds: tuple[ItemKind, ...] = KINDS
) -> Plan:
    """Everything due today for the given item kinds (tasks, reporting duties, requests
    waiting for a decision)."""
    with engine.connect() as connection:
        directory = Directory.load(connection)
        combined = Plan(as_of, kinds=kinds)
        planners = {
            ItemKind.TASK: plan_task_reminders,
            ItemKind.DUTY: plan_duty_reminders,
            ItemKind.REQUEST: plan_request_reminders,
        }
        for kind in kinds:
            part = planners[kind](connection, as_of, config, directory)
            combined.reminders += part.reminders
            combined.unreachable |= part.unreachable
        return combined


def claim(engine: Engine, planned: Plan, token: str, now: datetime, config: NotifyConfig) -> None:
    """Claim what is new, and take over what is due again of the plan's own kinds only:
    another kind's rows belong to its own run (a morning run never settles a manager
    digest, and a manager-digest run never holds a task reminder). A claim that at least
    doubled the ledger (a new install's first large day) has it analysed at once: the
    statements after it are then planned on its real size, not on autovacuum's last look."""
    claimed = ledger.claim_new(engine, planned.reminders, token, now)
    refresh_if_grown(engine, {"delivery_log": claimed})
    ledger.reclaim(engine, token, now, now - config.policy.claim_lease, planned.kinds)


@dataclass
class Digest:
    recipient_id: int
    recipient: str  # person code
    channel: str
    address: str
    row_ids: tuple[int, ...]
    size: int  # items in the message (tasks, duties, requests, or a manager's units)
    subject: str
    word: Callable[[], Rendered] = field(repr=False)  # makes the message, anew each call
    url: str | None = field(default=None, repr=False)  # holds secrets: never logged or stored
    digest_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    attempts: int = 0  # the most any of its rows was tried before (for back-off)

    @cached_property
    def rendered(self) -> Rendered:
        """The message, made once when first asked (dry runs, tests). Sending makes each
        one just before it goes and keeps none: a morning's digests are tens of MB."""
        return self.word()

    def preview(self) -> dict[str, str]:
        """What a dry run shows of it (the channel's URL, which may hold a secret, never)."""
        return {
            "recipient": self.recipient,
            "channel": self.channel,
            "address": self.address,
            "subject": self.rendered.subject,
            "body": self.rendered.text,
        }


@dataclass
class Delivery:
    """One digest's outcome, as reports and artifacts show it (no URL, no secret)."""

    recipient: str
    channel: str
    address: str
    items: int
    subject: str
    ok: bool
    error: str | None = None
    ambiguous: bool = False  # may have arrived; re-sent once at most


@dataclass
class RunReport:
    as_of: date
    held: str | None = None
    planned: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    dropped: int = 0  # claimed rows no longer relevant (task closed meanwhile)
    unreachable: list[Unreachable] = field(default_factory=list)
    previews: list[Digest] = field(default_factory=list)
    office_reports: list[Delivery] = field(default_factory=list)  # what could not be delivered

    @property
    def sent(self) -> int:
        return sum(1 for d in self.deliveries if d.ok)

    @property
    def failed(self) -> int:
        return sum(1 for d in self.deliveries if not d.ok)


def _task_rows(session: Session, ids: list[int], as_of: date) -> dict[int, TaskRow]:
    return {row.id: row for row in rows_by_id(SqlAlchemyReader(session.connection()), ids, as_of)}


def _owner_ids(session: Session, ids: list[int]) -> dict[int, _Owners]:
    """(lead unit, lead person, co-owners) per task, as plain driver tuples: a run reads
    tens of thousands, and Core rows cost several times the query."""
    found: dict[int, _Owners] = {}
    reader = SqlAlchemyReader(session.connection())
    params: dict[str, Any] = {}
    match = id_set_match("id", "ids", ids, params, reader.dialect)
    sql = f"SELECT id, lead_unit_id, lead_person_id FROM task WHERE {match}"
    for task_id, unit_id, person_id in reader.fetch(sql, params):
        found[task_id] = (unit_id, person_id, [])
    match = id_set_match("task_id", "ids", ids, params, reader.dialect)
    sql = f"SELECT task_id, unit_id, person_id FROM task_co_owner WHERE {match} ORDER BY id"
    for task_id, unit_id, person_id in reader.fetch(sql, params):
        found[task_id][2].append((unit_id, person_id))
    return found


def tracking_contact(directory: Directory, config: NotifyConfig) -> Contact | None:
    """The tracking office and its manager, named in every digest's footer."""
    unit_id = directory.unit_ids_by_code.get(config.tracking_office or "")
    manager = directory.manager_of(unit_id)
    if unit_id is None or manager is None:
        return None
    person = directory.people[manager]
    targets = directory.contacts.get(manager, [])
    address = next((a for c, a in targets if c == "email"), None)
    return Contact(directory.units[unit_id].name, person.name, address)


def _days(state: StatusView, stage: str) -> int:
    """The days a message states: how long overdue for a late stage, else how many left."""
    return state.days_overdue if stage in LATE_STAGES else (state.days_left or 0)


@dataclass
class _Items:
    """The words of the tasks a run's messages show, read once for all recipients."""

    tasks: dict[int, TaskRow]
    owners: dict[int, _Owners]
    events: dict[int, TaskEvent]
    timezone: str
    router: Router
    risky: frozenset[int] = frozenset()  # tasks at risk (``models.risk``), shown ones only
    words: dict[tuple[int, str], DigestItem] = field(default_factory=dict)
    roles: dict[int, dict[int, RecipientRole]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # codes in histories -> names

    def task(self, task_id: int, stage: str, role: RecipientRole, lang: str) -> DigestItem:
        """A recipient's item; its words (heading, owners, latest note) are made once per
        (task, language) and shared."""
        row = self.tasks[task_id]
        days = _days(row.status, stage)
        words = self.words.get((task_id, lang))
        if words is None:
            event = self.events.get(task_id)
            note = (
                latest_update(event, lang, self.timezone, self.names) if event is not None else None
            )
            risky = task_id in self.risky
            words = task_item(row, stage, days, role, lang, note, risky)
            self.words[(task_id, lang)] = words
            return words
        return DigestItem(  # ``dataclasses.replace`` costs five times this
            ItemKind.TASK, task_id, words.heading, words.due_on, words.original_due_on,
            words.owners, stage, days, role, words.progress, words.note,
            at_risk=words.at_risk,
        )  # fmt: skip

    def role_of(self, task_id: int, person_id: int) -> RecipientRole:
        """The person's role in the task (LEAD or CO_OWNER), the owners resolved once
        per task rather than once per claimed row."""
        roles = self.roles.get(task_id)
        if roles is None:
            roles = self.roles[task_id] = self.router.owners(*self.owners[task_id])
        return roles.get(person_id, RecipientRole.CO_OWNER)


@dataclass
class _Asks:
    """The requests waiting for a decision that a run's messages carry, and their tasks
    (a run has a few): each worded once per language, when first picked."""

    waiting: dict[int, WaitingRequest]
    tasks: dict[int, TaskRow]
    as_of: date
    words: dict[tuple[int, str], DigestItem] = field(default_factory=dict)

    def item(self, request_id: int, lang: str) -> DigestItem:
        words = self.words.get((request_id, lang))
        if words is None:
            request = self.waiting[request_id]
            words = request_item(request, self.tasks[request.task_id], self.as_of, lang)
            self.words[(request_id, lang)] = words
        return words


class _Pick(NamedTuple):
    """One item a message shows, before its words. A task's words are read only if its
    message shows it."""

    order: tuple[int, int, str, int]  # ``render.urgency``: the renderer's own order
    stage: str
    task_id: int | None  # a task; None for a duty group or a request
    escalated: bool  # a task heard of as escalation (else as an owner: the role is looked up)
    worded: DigestItem | None  # a duty group or a request, worded at once (a run has a few)


_ID, _TRIES = itemgetter(0), itemgetter(8)  # ``ledger.Claimed``'s id and attempts
_ITEM = itemgetter(4, 5)  # kind, id
_ESCALATION = StageName.ESCALATION  # compared per claimed row, like ``_TASK``
_ESCALATED = RecipientRole.ESCALATION  # who hears of an item at that stage
_TASK = ItemKind.TASK  # compared per claimed row: a module global, not an attribute lookup


@dataclass(slots=True)
class _Claims:
    """One message's claimed rows: their ids, the most tries, and each item once in the
    recipient's closest role.

    A task is heard of as an owner rather than as escalation when both (its first owner
    row's stage wins); an owner's role (lead or co-owner) is the same in all its rows, so
    it is looked up only if the task is shown. A duty instance keeps its closest role.
    Built a run of rows at a time with comprehensions, not a call per row: a morning run
    gathers a quarter of a million (``r[4]``, ``r[5]``, ``r[6]``: a row's kind, item id and
    stage, by position, which costs less than by name).
    """

    row_ids: list[int] = field(default_factory=list)
    attempts: int = 0
    tasks: dict[int, str] = field(default_factory=dict)  # id -> stage ("escalation": escalated)
    duties: dict[int, tuple[RecipientRole, str]] = field(default_factory=dict)  # (role, stage)
    requests: set[int] = field(default_factory=set)  # waiting for the recipient's decision

    def add(self, rows: list[ledger.Claimed]) -> None:
        self.row_ids += map(_ID, rows)
        self.attempts = max(self.attempts, max(map(_TRIES, rows)))
        escalated = {r[5]: _ESCALATION for r in rows if r[6] == _ESCALATION and r[4] == _TASK}
        owned = {r[5]: r[6] for r in reversed(rows) if r[6] != _ESCALATION and r[4] == _TASK}
        tasks = self.tasks
        if not tasks:  # a message's first run (nearly always its only one)
            tasks |= escalated
            tasks |= owned
        else:
            for i in escalated:
                tasks.setdefault(i, _ESCALATION)
            for i, stage in owned.items():
                if tasks.get(i, _ESCALATION) == _ESCALATION:
                    tasks[i] = stage
        for row in [r for r in rows if r[4] != _TASK]:
            if row.item_kind == ItemKind.REQUEST:  # a failed yesterday's and today's: one item
                self.requests.add(row.item_id)
                continue
            role = _ESCALATED if row.stage == _ESCALATION else RecipientRole.LEAD
            current = self.duties.get(row.item_id)
            if current is None or ROLE_ORDER[role] < ROLE_ORDER[current[0]]:
                self.duties[row.item_id] = (role, row.stage)


@dataclass
class _Message:
    """A digest chosen but not yet worded: its claimed rows, counts and shown items."""

    recipient_id: int
    channel: str
    address: str
    url: str
    row_ids: tuple[int, ...]
    attempts: int
    counts: Counts
    shown: list[_Pick]


def build_digests(
    engine: Engine, rows: list[ledger.Claimed], as_of: date, config: NotifyConfig
) -> tuple[list[Digest], list[ledger.Result]]:
    """Group claimed rows into digests; rows about closed items are settled, not sent.

    One digest per person and channel, tasks and duties together; a duty many units owe
    for one period is one item (the ledger keeps one row per unit: exactly once is per
    instance). E-mail gets the full digest, chats the short message.

    Two passes: every claimed task's status (enough to decide it is still due, count it
    and order it), then full rows, owners and latest notes of only the tasks a message
    shows (an e-mail shows ``digest_max_items``, a chat three; the rest are counted).
    The collector is paused throughout: its passes would walk the quarter of a million
    claimed rows (a large share of the CPU), which the caller drops once this returns,
    unwalked; the little cyclic garbage made here is collected after.
    """
    with gc_paused():
        return _digests(engine, rows, as_of, config)


def _digests(
    engine: Engine, rows: list[ledger.Claimed], as_of: date, config: NotifyConfig
) -> tuple[list[Digest], list[ledger.Result]]:
    with Session(engine) as session:
        connection = session.connection()
        directory = Directory.load(connection)
        items = set(map(_ITEM, rows))
        task_ids = sorted(i for kind, i in items if kind == ItemKind.TASK)
        duty_ids = sorted(i for kind, i in items if kind == ItemKind.DUTY)
        request_ids = sorted(i for kind, i in items if kind == ItemKind.REQUEST)
        states = states_by_id(SqlAlchemyReader(connection), task_ids, as_of)
        duties = {d.instance_id: d for d in _duty_rows(session, duty_ids, as_of)}
        waiting = {
            r.id: r for r in waiting_on(SqlAlchemyReader(connection), as_of, request_ids)
        }  # decided since it was claimed: not sent
        asked_of = sorted({r.task_id for r in waiting.values()})
        asks = _Asks(waiting, _task_rows(session, asked_of, as_of) if waiting else {}, as_of)
        settled: list[ledger.Result] = []
        due = _still_due(states, duties, waiting)  # per item, not per claimed row
        if not items <= due:  # some closed meanwhile, or of another kind: settled
            kept = []
            for row in rows:
                if (row.item_kind, row.item_id) in due:
                    kept.append(row)
                    continue
                settled.append(
                    ledger.Result(
                        (row.id,), ok=False, error="no longer due: closed", permanent=True, tries=0
                    )
                )
            rows = kept
        awaiting = awaiting_ids(SqlAlchemyReader(connection), task_ids)
        if awaiting:
            rows = _awaiting(rows, awaiting, settled)
        groups: list[tuple[Addressed, _Claims]] = []
        for to in addressed(rows, directory, config, settled):
            claims = _Claims()
            claims.add(to.rows)
            groups.append((to, claims))
        messages: list[_Message] = []
        # Each (task, stage)'s place, worked out once: a task is in several messages.
        orders = {
            (i, stage): urgency(stage, _days(states[i], stage), ItemKind.TASK, i)
            for i, stage in set().union(*(claims.tasks.items() for _, claims in groups))
        }
        for to, claims in groups:
            channel = to.channel
            shown, counts = _picks(
                claims,
                to.person.language,
                items_shown(channel, config.digest_max_items),
                duties,
                orders,
                asks,
            )
            messages.append(
                _Message(
                    to.person.id,
                    channel,
                    to.address,
                    to.url,
                    tuple(claims.row_ids),
                    claims.attempts,
                    counts,
                    shown,
                )
            )
        del states, groups, orders
        shown_ids = sorted({p.task_id for m in messages for p in m.shown if p.task_id is not None})
        known = _Items(
            _task_rows(session, shown_ids, as_of),
            _owner_ids(session, shown_ids),
            with_latest_comments(connection, latest_events(connection, shown_ids), shown_ids),
            get_settings().timezone,
            Router(directory, config),
            _at_risk(connection, shown_ids, as_of),
            names=owner_names(
                ((u.id, u.code, u.name) for u in directory.units.values()),
                ((p.id, p.code, p.name) for p in directory.people.values()),
            ),
        )
    contact = tracking_contact(directory, config)
    fragments = Fragments()
    digests: list[Digest] = []
    for message in messages:
        person = directory.people[message.recipient_id]
        word = partial(_word, message, person, known, config, contact, fragments)
        digests.append(
            Digest(
                message.recipient_id,
                person.code,
                message.channel,
                message.address,
                message.row_ids,
                message.counts.total,
                digest_subject(message.counts, person.language),
                word,
                message.url,
                attempts=message.attempts,
            )
        )
    return digests, settled


def _awaiting(
    rows: list[ledger.Claimed], awaiting: set[int], settled: list[ledger.Result]
) -> list[ledger.Claimed]:
    """Rows claimed before the task's owners reported it done (``models.awaiting``): an
    owner's row is worded "chờ xác nhận hoàn thành", never "quá hạn N ngày"; a row
    escalating it is settled unsent, as the planner would not have planned it."""
    kept: list[ledger.Claimed] = []
    for row in rows:
        if row.item_kind != "task" or row.item_id not in awaiting:
            kept.append(row)
        elif row.stage == _ESCALATION:
            error = "no longer due: awaiting confirmation"
            settled.append(ledger.Result((row.id,), ok=False, error=error, permanent=True, tries=0))
        else:
            kept.append(row._replace(stage=StageName.AWAITING))
    return kept


def _at_risk(connection: Any, task_ids: list[int], as_of: date) -> frozenset[int]:
    """The shown tasks at risk: the digest marks them before their deadline."""
    found = task_risks(SqlAlchemyReader(connection), as_of, task_ids) if task_ids else {}
    return frozenset(i for i, r in found.items() if r.risk is not None)


def _word(
    message: _Message,
    person: PersonInfo,
    known: _Items,
    config: NotifyConfig,
    contact: Contact | None,
    fragments: Fragments,
) -> Rendered:
    """One message in words: the shown items worded, the rest counted."""
    recipient_id, channel = message.recipient_id, message.channel
    items = [_worded(p, recipient_id, person.language, known) for p in message.shown]
    if is_chat(channel):
        return render_chat(
            person.name,
            items,
            person.language,
            recipient_id,
            group=channel in config.group_channels or is_group_target(channel, message.address),
            fragments=fragments,
            counts=message.counts,
        )
    return render_digest(
        person.name,
        items,
        person.language,
        config.digest_max_items,
        recipient_id,
        contact=contact,
        fragments=fragments,
        counts=message.counts,
    )


def ready(rendered: Rendered) -> Callable[[], Rendered]:
    """A ``Digest.word`` for a message already made."""
    return lambda: rendered


Wording = Callable[[Session, ledger.Claimed, str, str], "Rendered | None"]


def one_per_row(
    engine: Engine, rows: list[ledger.Claimed], config: NotifyConfig, word: Wording, gone: str
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per claimed row, worded by ``word(session, row, language, name)``;
    a row whose item is gone (``word`` gives None) is settled for good with ``gone``."""
    settled: list[ledger.Result] = []
    digests: list[Digest] = []
    with Session(engine) as session:
        directory = Directory.load(session.connection())
        for to in addressed(rows, directory, config, settled):
            for row in to.rows:
                one = Addressed(to.person, to.channel, to.address, to.url, [row])
                rendered = word(session, row, to.person.language, to.person.name)
                if rendered is None:
                    settled.append(
                        ledger.Result((row.id,), ok=False, error=gone, permanent=True, tries=0)
                    )
                    continue
                digests.append(ready_digest(one, 1, rendered))
    return digests, settled


def ready_digest(message: Addressed, size: int, rendered: Rendered) -> Digest:
    """The digest of an addressed message already worded (``size`` items in it)."""
    return Digest(
        message.person.id,
        message.person.code,
        message.channel,
        message.address,
        message.row_ids,
        size,
        rendered.subject,
        ready(rendered),
        message.url,
        attempts=message.attempts,
    )


_DATED_OPEN = (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)  # open, and with a deadline


def _still_due(
    tasks: dict[int, StatusView], duties: dict[int, DutyRow], waiting: dict[int, WaitingRequest]
) -> set[tuple[str, int]]:
    """(kind, id) of the items still to remind about: open dated tasks, outstanding duties,
    requests still waiting for a decision."""
    due = {(ItemKind.TASK, i) for i, state in tasks.items() if state.status in _DATED_OPEN}
    due |= {(ItemKind.REQUEST, i) for i in waiting}
    return due | {
        (ItemKind.DUTY, i) for i, duty in duties.items() if duty.status.status in OUTSTANDING
    }


def _picks(
    claims: _Claims,
    lang: str,
    count: int,
    duty_rows: dict[int, DutyRow],
    orders: dict[tuple[int, str], tuple[int, int, str, int]],
    asks: _Asks,
) -> tuple[list[_Pick], Counts]:
    """The ``count`` most urgent of a recipient's items (each task once, each duty period
    once, each request once), and the counts of them all. ``orders`` holds each claimed
    (task, stage)'s place."""
    tasks, duties = claims.tasks, claims.duties
    places = list(map(orders.__getitem__, tasks.items()))
    stages = list(tasks.values())
    worded: dict[tuple[int, int, str, int], _Pick] = {}
    for request_id in claims.requests:
        item = asks.item(request_id, lang)
        order = urgency(StageName.WAITING, item.days, ItemKind.REQUEST, request_id)
        worded[order] = _Pick(order, StageName.WAITING, None, False, item)
        places.append(order)
        stages.append(StageName.WAITING)
    for group in group_duties(duty_rows[i] for i in duties):
        roles = [duties[i] for i in group.instance_ids]
        role = min((r for r, _ in roles), key=ROLE_ORDER.__getitem__)
        stage = min((s for _, s in roles), key=stage_rank)
        item = duty_group_item(group, stage, role, lang)
        order = urgency(stage, item.days, ItemKind.DUTY, item.id)
        worded[order] = _Pick(order, stage, None, False, item)
        places.append(order)
        stages.append(stage)
    shown = []
    for order in heapq.nsmallest(count, places):  # plain tuples, each unique (kind, id)
        pick = worded.get(order)
        if pick is None:
            stage = tasks[order[3]]
            pick = _Pick(order, stage, order[3], stage == _ESCALATION, None)
        shown.append(pick)
    return shown, Counts.of(stages)


def _worded(pick: _Pick, recipient_id: int, lang: str, known: _Items) -> DigestItem:
    if pick.worded is not None:
        return pick.worded
    assert pick.task_id is not None
    role = _ESCALATED if pick.escalated else known.role_of(pick.task_id, recipient_id)
    return known.task(pick.task_id, pick.stage, role, lang)


def _duty_rows(session: Session, ids: list[int], as_of: date) -> list[DutyRow]:
    reader = SqlAlchemyReader(session.connection())
    found: list[DutyRow] = []
    for start in range(0, len(ids), 900):
        found += duty_rows(reader, as_of, instance_ids=ids[start : start + 900])
    return found


def deliver(
    engine: Engine, token: str, as_of: date, now: datetime, config: NotifyConfig
) -> RunReport:
    """Send what this run holds a claim on, recording each outcome as it completes."""
    digests, settled = build_digests(engine, ledger.claimed_by(engine, token), as_of, config)
    return send_and_record(engine, token, digests, settled, as_of, now, config)


def send_and_record(
    engine: Engine,
    token: str,
    digests: list[Digest],
    settled: list[ledger.Result],
    as_of: date,
    now: datetime,
    config: NotifyConfig,
) -> RunReport:
    """Send each digest, recording every outcome as it completes (and the rows settled unsent).

    Raises ``RecordingFailed`` when outcomes cannot be written: sending stops at once,
    the rows stay claimed, and after the lease the next run sends what was not recorded.
    """
    report = RunReport(as_of, dropped=sum(len(r.row_ids) for r in settled))
    ledger.record(engine, token, settled, now)
    messages = [partial(_message, d) for d in digests]
    refs = [RowRef(d.row_ids, d.subject, d.digest_id, d.attempts) for d in digests]
    outcomes = send_all(
        messages,
        concurrency=config.concurrency,
        redactor=config.redactor(),
        retries=config.send_retries,
        backoff=config.retry_backoff_seconds,
        processes=config.send_processes,
        email_sessions=config.email_sessions,
        sink=LedgerSink.for_run(engine, token, now, config.policy.claim_lease, refs),
    )
    for digest, outcome in zip(digests, outcomes, strict=True):
        report.deliveries.append(
            Delivery(
                digest.recipient,
                digest.channel,
                digest.address,
                digest.size,
                digest.subject,
                outcome.ok,
                outcome.error,
                outcome.ambiguous,
            )
        )
    return report


def _message(digest: Digest) -> Message:
    """The digest made into its message, by the sender just before it goes (and kept by
    no one after): a morning's messages held at once would be tens of megabytes."""
    rendered = digest.word()
    return Message(digest.url or "", rendered.subject, rendered.html, rendered.text)


def unsent(engine: Engine, planned: Plan) -> list[ledger.Claimed]:
    """The planned reminders the ledger does not hold yet, shaped as claims (dry runs)."""
    keys = idempotency_keys(planned.reminders)
    pending = [planned.reminders[at] for at in ledger.unheld(engine, keys)]
    return [
        ledger.Claimed(
            -i - 1,
            r.recipient_id,
            r.channel,
            r.address,
            r.item_kind,
            r.item_id,
            r.stage,
            r.occurrence.isoformat(),
            0,
        )
        for i, r in enumerate(pending)
    ]


def preview(engine: Engine, planned: Plan, as_of: date, config: NotifyConfig) -> list[Digest]:
    """The digests a run would send now (dry run): nothing is claimed, nothing sent."""
    digests, _ = build_digests(engine, unsent(engine, planned), as_of, config)
    return digests
