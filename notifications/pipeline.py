"""One reminder run, step by step: hold, plan, claim, render, send, record.

Flows call these functions; tests call them too. Every step reads or writes the
database on its own, so a run can die between any two steps and the next run finishes
its work: nothing lost, nothing sent twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pendulum
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.calendar import WorkCalendar
from models.duty_groups import group_duties
from models.duty_queries import DutyRow, duty_rows
from models.duty_status import OUTSTANDING
from models.history import TaskEvent, latest_events
from models.history_text import latest_update
from models.queries import TaskRow, rows_by_id
from models.settings import get_settings
from models.sqlread import SqlAlchemyReader, in_list
from models.status import OPEN_STATUSES
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.planner import (
    Plan,
    idempotency_keys,
    plan_duty_reminders,
    plan_task_reminders,
)
from notifications.recorder import LedgerSink, RowRef
from notifications.render import (
    Contact,
    DigestItem,
    Fragments,
    Rendered,
    duty_group_item,
    is_chat,
    is_group_target,
    render_chat,
    render_digest,
    task_item,
)
from notifications.routing import Router, Unreachable
from notifications.sender import Message, send_all

ROLE_ORDER = {"lead": 0, "co_owner": 1, "escalation": 2}
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


KINDS = ("task", "duty")


def plan(engine: Engine, as_of: date, config: NotifyConfig, kinds: tuple[str, ...] = KINDS) -> Plan:
    """Everything due today for the given item kinds (tasks, reporting duties)."""
    with engine.connect() as connection:
        directory = Directory.load(connection)
        combined = Plan(as_of)
        planners = {"task": plan_task_reminders, "duty": plan_duty_reminders}
        for kind in kinds:
            part = planners[kind](connection, as_of, config, directory)
            combined.reminders += part.reminders
            combined.unreachable |= part.unreachable
        return combined


def claim(engine: Engine, planned: Plan, token: str, now: datetime, config: NotifyConfig) -> None:
    ledger.claim_new(engine, planned.reminders, token, now)
    ledger.reclaim(engine, token, now, now - config.policy.claim_lease)


@dataclass
class Digest:
    recipient_id: int
    recipient: str  # person code
    channel: str
    address: str
    row_ids: tuple[int, ...]
    size: int  # items in the message (tasks and duties, or a manager's units)
    rendered: Rendered
    url: str | None = field(default=None, repr=False)  # holds secrets: never logged or stored
    digest_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    attempts: int = 0  # the most any of its rows was tried before (for back-off)

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
    a hundred thousand, and Core rows cost several times the query."""
    found: dict[int, _Owners] = {}
    reader = SqlAlchemyReader(session.connection())
    for start in range(0, len(ids), 900):
        params: dict[str, Any] = {}
        chunk = in_list("id", ids[start : start + 900], params)
        for task_id, unit_id, person_id in reader.fetch(
            f"SELECT id, lead_unit_id, lead_person_id FROM task WHERE id IN {chunk}", params
        ):
            found[task_id] = (unit_id, person_id, [])
        for task_id, unit_id, person_id in reader.fetch(
            "SELECT task_id, unit_id, person_id FROM task_co_owner"
            f" WHERE task_id IN {chunk} ORDER BY id",
            params,
        ):
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


@dataclass
class _Items:
    """What one run's digests are made of, read once for all recipients."""

    tasks: dict[int, TaskRow]
    duties: dict[int, DutyRow]
    owners: dict[int, _Owners]
    events: dict[int, TaskEvent]
    timezone: str
    router: Router
    words: dict[tuple[int, str], DigestItem] = field(default_factory=dict)
    roles: dict[int, dict[int, str]] = field(default_factory=dict)

    def task(self, task_id: int, stage: str, role: str, lang: str) -> DigestItem:
        """A recipient's item; its words (heading, owners, latest note) are made once per
        (task, language) and shared. Items themselves are not kept: a run makes a quarter
        of a million, and one costs less to make than to keep and look up."""
        row = self.tasks[task_id]
        late = stage in ("overdue", "escalation")
        days = row.status.days_overdue if late else (row.status.days_left or 0)
        words = self.words.get((task_id, lang))
        if words is None:
            event = self.events.get(task_id)
            note = latest_update(event, lang, self.timezone) if event is not None else None
            words = self.words[(task_id, lang)] = task_item(row, stage, days, role, lang, note)
            return words
        return DigestItem(  # ``dataclasses.replace`` costs five times this
            "task", task_id, words.heading, words.due_on, words.original_due_on,
            words.owners, stage, days, role, words.progress, words.note,
        )  # fmt: skip

    def role_of(self, task_id: int, person_id: int) -> str:
        """The person's role in the task ("lead" or "co_owner"), the owners resolved once
        per task rather than once per claimed row."""
        roles = self.roles.get(task_id)
        if roles is None:
            roles = self.roles[task_id] = self.router.owners(*self.owners[task_id])
        return roles.get(person_id, "co_owner")


def build_digests(
    engine: Engine, rows: list[ledger.Claimed], as_of: date, config: NotifyConfig
) -> tuple[list[Digest], list[ledger.Result]]:
    """Group claimed rows into digests; rows about closed items are settled, not sent.

    One digest per person and channel, tasks and duties together; a duty many units owe
    for one period is one item (the ledger keeps one row per unit: exactly once is per
    instance). E-mail gets the full digest, chats the short message.
    """
    with Session(engine) as session:
        connection = session.connection()
        directory = Directory.load(connection)
        task_ids = sorted({r.item_id for r in rows if r.item_kind == "task"})
        duty_ids = sorted({r.item_id for r in rows if r.item_kind == "duty"})
        known = _Items(
            _task_rows(session, task_ids, as_of),
            {d.instance_id: d for d in _duty_rows(session, duty_ids, as_of)},
            _owner_ids(session, task_ids),
            latest_events(connection, task_ids),
            get_settings().timezone,
            Router(directory, config),
        )
    contact = tracking_contact(directory, config)
    fragments = Fragments()
    settled: list[ledger.Result] = []
    groups: dict[tuple[int, str, str], list[ledger.Claimed]] = defaultdict(list)
    due = _still_due(known.tasks, known.duties)  # per item, not per claimed row
    for row in rows:
        if (row.item_kind, row.item_id) not in due:
            settled.append(
                ledger.Result(
                    (row.id,), ok=False, error="no longer due: closed", permanent=True, tries=0
                )
            )
            continue
        groups[(row.recipient_id, row.channel, row.address or "")].append(row)
    digests: list[Digest] = []
    for (recipient_id, channel, address), members in groups.items():
        person = directory.people.get(recipient_id)
        url = config.url_for(channel, address)
        if person is None or url is None:
            reason = "recipient inactive" if person is None else f"channel {channel} not configured"
            ids = tuple(m.id for m in members)
            settled.append(ledger.Result(ids, ok=False, error=reason, permanent=True, tries=0))
            continue
        items = _items(members, recipient_id, person.language, known)
        if is_chat(channel):
            rendered = render_chat(
                person.name,
                items,
                person.language,
                recipient_id,
                group=channel in config.group_channels or is_group_target(channel, address),
                fragments=fragments,
            )
        else:
            rendered = render_digest(
                person.name,
                items,
                person.language,
                config.digest_max_items,
                recipient_id,
                contact=contact,
                fragments=fragments,
            )
        row_ids = tuple(m.id for m in members)
        digests.append(
            Digest(
                recipient_id,
                person.code,
                channel,
                address,
                row_ids,
                len(items),
                rendered,
                url,
                attempts=max(m.attempts for m in members),
            )
        )
    return digests, settled


def _still_due(tasks: dict[int, TaskRow], duties: dict[int, DutyRow]) -> set[tuple[str, int]]:
    """(kind, id) of the items still to remind about: open dated tasks, outstanding duties."""
    due = {
        ("task", i)
        for i, task in tasks.items()
        if task.due_on is not None and task.status.status in OPEN_STATUSES
    }
    return due | {("duty", i) for i, duty in duties.items() if duty.status.status in OUTSTANDING}


def _items(
    members: list[ledger.Claimed], recipient_id: int, lang: str, known: _Items
) -> list[DigestItem]:
    """A recipient's items: each task once (in its closest role), each duty period once."""
    tasks: dict[int, tuple[str, str]] = {}  # task id -> (role, stage)
    duties: dict[int, tuple[str, str]] = {}  # instance id -> (role, stage)
    for member in members:
        if member.item_kind == "duty":
            role = "escalation" if member.stage == "escalation" else "lead"
            found = duties
        else:
            if member.stage == "escalation":
                role = "escalation"
            else:
                role = known.role_of(member.item_id, recipient_id)
            found = tasks
        current = found.get(member.item_id)
        if current is None or ROLE_ORDER[role] < ROLE_ORDER[current[0]]:
            found[member.item_id] = (role, member.stage)
    items = [known.task(i, stage, role, lang) for i, (role, stage) in tasks.items()]
    for group in group_duties(known.duties[i] for i in duties):
        roles = [duties[i] for i in group.instance_ids]
        role = min((r for r, _ in roles), key=ROLE_ORDER.__getitem__)
        stage = min((s for _, s in roles), key=_stage_rank)
        items.append(duty_group_item(group, stage, role, lang))
    return items


def _stage_rank(stage: str) -> int:
    return {"escalation": 0, "overdue": 1, "due": 2}.get(stage, 3)


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
    messages = [
        Message(d.url or "", d.rendered.subject, d.rendered.html, d.rendered.text) for d in digests
    ]
    refs = [RowRef(d.row_ids, d.rendered.subject, d.digest_id, d.attempts) for d in digests]
    outcomes = send_all(
        messages,
        concurrency=config.concurrency,
        redactor=config.redactor(),
        retries=config.send_retries,
        backoff=config.retry_backoff_seconds,
        processes=config.send_processes,
        sink=LedgerSink.for_run(engine, token, now, config.policy.claim_lease, refs),
    )
    for digest, outcome in zip(digests, outcomes, strict=True):
        report.deliveries.append(
            Delivery(
                digest.recipient,
                digest.channel,
                digest.address,
                digest.size,
                digest.rendered.subject,
                outcome.ok,
                outcome.error,
                outcome.ambiguous,
            )
        )
    return report


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


def run_once(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    calendar: WorkCalendar,
    timezone: str,
    *,
    dry_run: bool = False,
    kinds: tuple[str, ...] = KINDS,
) -> RunReport:
    """A whole run in one call (the flow runs the same steps as separate tasks)."""
    held = hold_reason(as_of, now, timezone, config, calendar)
    if held is not None:
        return RunReport(as_of, held=held)
    planned = plan(engine, as_of, config, kinds)
    if dry_run:
        report = RunReport(
            as_of, planned=len(planned.reminders), previews=preview(engine, planned, as_of, config)
        )
    else:
        token = str(uuid.uuid4())
        claim(engine, planned, token, now, config)
        report = deliver(engine, token, as_of, now, config)
        report.planned = len(planned.reminders)
        from notifications.undelivered import report_undelivered  # it builds on this module

        report.office_reports = report_undelivered(engine, as_of, now, config).deliveries
    report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
    return report
