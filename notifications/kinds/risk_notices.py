"""Two kinds of message for acting before a deadline slips, each through the ledger so it
is sent exactly once (claimed under its key before it is sent, recorded, retried after
a failure, taken over only after the lease when a run died), like every other kind:

- ``stale`` (item: a task): its leads are told that nothing was recorded on the task for
  ``stale_after(kind)`` days (``models.risk``). The occurrence is the day it became stale,
  then again every as many days while nothing is recorded: an entry in the history ends
  the episode, and the next silence is a new one. One message per person and channel
  lists all their stale tasks. Non-essential (the person's choices apply), and paused
  by the lead's snooze of the task (``models.preferences.snooze_pauses``): the episode
  current when the snooze ends is told then, once.
- ``explain`` (item: an explanation request, ``models.explanations``): the lead hears of
  it on the day it is asked ("asked"), on its due day ("due"), then every
  ``overdue_every_days`` while unanswered ("overdue"); ``explain_escalate_days`` after the
  due day, the manager who asked and the managers above the task hear once
  ("escalation"). Essential: someone waits on the answer; never paused by a snooze.

Each message is checked against the database before it is worded: a task updated, or a
request answered, since the claim is settled unsent (nothing stale is said).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection, Engine

from models.awaiting import awaiting_ids, awaiting_tasks
from models.explanations import ExplanationRow, explanation_rows
from models.i18n import format_date, register, t
from models.item_kinds import ItemKind
from models.links import task_page
from models.recipient_roles import RecipientRole
from models.risk import RiskRules, TaskRisk, risk_rules, task_risks
from models.settings import get_settings
from models.sqlread import Reader, SqlAlchemyReader, as_date, id_set_match
from models.stage_names import StageName
from notifications import ledger
from notifications.addressing import Addressed, addressed
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, claim, ready_digest, send_and_record
from notifications.planner import Plan, Reminder
from notifications.policy import ReminderPolicy, Stage, owner_stage
from notifications.preferences import PreferenceBook
from notifications.render import Rendered, paragraphs
from notifications.routing import Router, Unreachable

STALE = ItemKind.STALE
EXPLAIN = ItemKind.EXPLAIN
KINDS = (STALE, EXPLAIN)
ESCALATE_AFTER_DAYS = 3  # after an explanation's due day, unanswered: the managers hear


def stale_stage(last_entry: date, as_of: date, after: int) -> Stage | None:
    """The stale episode current on ``as_of``: first on ``last_entry + after``, then every
    ``after`` days while nothing new is recorded (None: not stale)."""
    silent = (as_of - last_entry).days
    if silent < after:
        return None
    return Stage(StageName.STALE, last_entry + timedelta(days=(silent // after) * after), silent)


def explain_stages(
    asked_on: date, due_on: date, as_of: date, policy: ReminderPolicy
) -> tuple[Stage | None, Stage | None]:
    """(the lead's stage, the managers' escalation) of an unanswered request on ``as_of``."""
    if as_of < due_on:
        lead: Stage | None = Stage(StageName.ASKED, asked_on, (due_on - as_of).days)
    else:
        lead = owner_stage(due_on, as_of, policy)  # DUE, then OVERDUE repeated
    late = (as_of - due_on).days
    escalation = None
    if late >= ESCALATE_AFTER_DAYS:
        escalation = Stage(StageName.ESCALATION, due_on + timedelta(days=ESCALATE_AFTER_DAYS), late)
    return lead, escalation


def _leads(
    reader: Reader, task_ids: list[int]
) -> dict[int, tuple[int | None, int | None, date | None]]:
    """Each task's lead unit, lead person and deadline in force (a snooze names it)."""
    if not task_ids:
        return {}
    params: dict[str, Any] = {}
    match = id_set_match("id", "ids", task_ids, params, reader.dialect)
    sql = f"SELECT id, lead_unit_id, lead_person_id, due_on FROM task WHERE {match}"
    return {int(r[0]): (r[1], r[2], as_date(r[3])) for r in reader.fetch(sql, params)}


class _Add:
    """Appends a reminder per channel the person wants it on."""

    def __init__(self, plan: Plan, router: Router, book: PreferenceBook) -> None:
        self.plan, self.router, self.book = plan, router, book

    def __call__(
        self, person_id: int, kind: ItemKind, item_id: int, stage: Stage, due: date, essential: bool
    ) -> None:
        for channel, address, _url in self.book.channels(
            person_id, self.router.channels(person_id), essential
        ):
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


def plan_risk_notices(
    connection: Connection, as_of: date, config: NotifyConfig, rules: RiskRules | None = None
) -> Plan:
    """Stale-work reminders to leads and explanation reminders and escalations, due today."""
    rules = rules or risk_rules()
    directory = Directory.load(connection)
    router = Router(directory, config)
    plan = Plan(as_of, kinds=KINDS)
    book = PreferenceBook.load(connection, as_of)
    add = _Add(plan, router, book)
    reader = SqlAlchemyReader(connection)
    # Reported done and waiting for confirmation (``models.awaiting``): not the lead's to
    # move, so not "stale" to the lead while the approver decides.
    awaiting = awaiting_tasks(reader)
    stale = {
        i: r
        for i, r in task_risks(reader, as_of, rules=rules).items()
        if r.stale and i not in awaiting
    }
    explain = explanation_rows(reader, open_on=as_of)
    leads = _leads(reader, sorted(set(stale) | {x.task_id for x in explain}))
    for task_id, found in stale.items():
        stage = stale_stage(found.last_entry, as_of, rules.stale_after(found.kind))
        if stage is None or task_id not in leads:
            continue
        unit_id, person_id, task_due = leads[task_id]
        for person, role in router.owners(unit_id, person_id, []).items():
            leads_it = role == RecipientRole.LEAD
            if leads_it and not book.snoozed(person, STALE, role, task_id, task_due, as_of):
                add(person, STALE, task_id, stage, found.last_entry, essential=False)
    asked_by = _askers(reader, [x.id for x in explain])
    for x in explain:
        lead, escalation = explain_stages(x.asked_on, x.due_on, as_of, config.policy)
        unit_id, person_id, task_due = leads.get(x.task_id, (None, None, None))
        owners = [
            p
            for p, role in router.owners(unit_id, person_id, []).items()
            if role == RecipientRole.LEAD
        ]
        if not owners:
            router.unreachable.add(Unreachable(f"#{x.task_id}", "no_lead"))
        for person in owners if lead is not None else []:
            assert lead is not None
            # Asked for the rule's sake, which answers no: a snooze never pauses a request.
            if not book.snoozed(person, EXPLAIN, RecipientRole.LEAD, x.task_id, task_due, as_of):
                add(person, EXPLAIN, x.id, lead, x.due_on, essential=True)
        if escalation is not None:
            above = [asked_by[x.id], *router.escalation(unit_id, person_id)]
            for person in dict.fromkeys(p for p in above if p not in owners):
                add(person, EXPLAIN, x.id, escalation, x.due_on, essential=True)
    plan.unreachable = router.unreachable
    return plan


def _askers(reader: Reader, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    params: dict[str, Any] = {}
    match = id_set_match("id", "ids", ids, params, reader.dialect)
    sql = f"SELECT id, asked_by_id FROM explanation_request WHERE {match}"
    return {int(r[0]): int(r[1]) for r in reader.fetch(sql, params)}


def _titles(reader: Reader, ids: list[int]) -> dict[int, tuple[str, Any]]:
    if not ids:
        return {}
    params: dict[str, Any] = {}
    match = id_set_match("id", "ids", ids, params, reader.dialect)
    sql = f"SELECT id, title, due_on FROM task WHERE {match}"
    return {int(r[0]): (str(r[1]), r[2]) for r in reader.fetch(sql, params)}


def word_stale(
    name: str, lang: str, tasks: list[tuple[int, str, TaskRisk]], base: str | None
) -> Rendered:
    lines = [t("notify.greeting", lang, name=name), t("stale.body", lang)]
    links: list[tuple[str, str]] = []
    for task_id, title, found in tasks:
        due = format_date(found.due_on) if found.due_on else "—"
        lines.append(
            t(
                "stale.line",
                lang,
                task=f"#{task_id} «{title}»",
                days=found.idle_days,
                progress=found.progress,
                due=due,
            )
        )
        if base:
            links.append((f"#{task_id} {title}", task_page(base, task_id)))
    return paragraphs(t("stale.subject", lang, n=len(tasks)), lines, links)


def word_explain(
    name: str, lang: str, stage: str, x: ExplanationRow, as_of: date, base: str | None
) -> Rendered:
    label = f"#{x.task_id} «{x.title}»"
    reason = t(f"explain.reason.{x.reason}", lang)
    due = format_date(x.due_on)
    lines = [t("notify.greeting", lang, name=name)]
    if stage == StageName.ASKED:
        lines.append(t("explain.asked", lang, who=x.asked_by, task=label, reason=reason, due=due))
        subject = t("explain.subject.asked", lang, task=x.task_id)
    elif stage == StageName.ESCALATION:
        late = (as_of - x.due_on).days
        lines.append(t("explain.escalated", lang, lead=x.lead, task=label, due=due, n=late))
        subject = t("explain.subject.escalated", lang, task=x.task_id)
    else:
        lines.append(t("explain.waiting", lang, who=x.asked_by, task=label, due=due))
        subject = t("explain.subject.waiting", lang, task=x.task_id)
    links = [(t("explain.link", lang), task_page(base, x.task_id))] if base else []
    return paragraphs(subject, lines, links)


def build_risk_notices(
    engine: Engine, rows: list[ledger.Claimed], as_of: date, config: NotifyConfig, base: str | None
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per person and channel for their stale tasks, one per explanation row;
    rows no longer true (task updated or closed, request answered) are settled unsent."""
    settled: list[ledger.Result] = []
    digests: list[Digest] = []
    rules = risk_rules()
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        directory = Directory.load(connection)
        stale_ids = sorted({r.item_id for r in rows if r.item_kind == STALE})
        risks = task_risks(reader, as_of, stale_ids, rules) if stale_ids else {}
        titles = _titles(reader, stale_ids)
        awaiting = awaiting_ids(reader, stale_ids)
        open_now = {x.id: x for x in explanation_rows(reader, open_on=as_of)}

    def gone(row: ledger.Claimed, why: str) -> None:
        settled.append(ledger.Result((row.id,), ok=False, error=why, permanent=True, tries=0))

    for to in addressed(rows, directory, config, settled):
        person = to.person
        by_kind: dict[str, list[ledger.Claimed]] = defaultdict(list)
        for row in to.rows:
            by_kind[row.item_kind].append(row)
        still: list[ledger.Claimed] = []
        listed: list[tuple[int, str, TaskRisk]] = []
        for row in by_kind[STALE]:
            found = risks.get(row.item_id)
            current = found and stale_stage(found.last_entry, as_of, rules.stale_after(found.kind))
            if not found or not current or current.occurrence.isoformat() != row.occurrence:
                gone(row, "no longer stale")
                continue
            if row.item_id in awaiting:
                gone(row, "no longer stale: awaiting confirmation")
                continue
            still.append(row)
            listed.append((row.item_id, titles[row.item_id][0], found))
        if still:
            rendered = word_stale(person.name, person.language, listed, base)
            one = Addressed(person, to.channel, to.address, to.url, still)
            digests.append(ready_digest(one, len(still), rendered))
        for row in by_kind[EXPLAIN]:
            x = open_now.get(row.item_id)
            if x is None:
                gone(row, "explanation answered")
                continue
            rendered = word_explain(person.name, person.language, row.stage, x, as_of, base)
            one = Addressed(person, to.channel, to.address, to.url, [row])
            digests.append(ready_digest(one, 1, rendered))
    return digests, settled


def send_risk_notices(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    rules: RiskRules | None = None,
    base_url: str | None = None,
) -> RunReport:
    """Plan, claim, send and record today's stale and explanation messages (and those
    of earlier runs due again)."""
    with engine.connect() as connection:
        planned = plan_risk_notices(connection, as_of, config, rules)
    token = str(uuid.uuid4())
    claim(engine, planned, token, now, config)
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind in KINDS]
    base = base_url or get_settings().web_url
    digests, settled = build_risk_notices(engine, rows, as_of, config, base)
    report = send_and_record(engine, token, digests, settled, as_of, now, config)
    report.planned = len(planned.reminders)
    report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
    return report


register(
    {
        "stale.subject": {
            "vi": "[Đôn đốc] {n} nhiệm vụ lâu chưa cập nhật tiến độ",
            "en": "[dondoc] {n} task(s) with no update for a long time",
        },
        "stale.body": {
            "vi": "Các nhiệm vụ đồng chí chủ trì sau đây đã lâu chưa có cập nhật;"
            " đề nghị đồng chí cập nhật tiến độ:",
            "en": "Nothing has been recorded for a while on these tasks you lead;"
            " please update their progress:",
        },
        "stale.line": {
            "vi": "{task}: {days} ngày chưa cập nhật, tiến độ {progress}%, hạn {due}",
            "en": "{task}: no update for {days} days, {progress}% done, due {due}",
        },
        "explain.subject.asked": {
            "vi": "[Đôn đốc] Yêu cầu giải trình (nhiệm vụ #{task})",
            "en": "[dondoc] A written explanation is requested (task #{task})",
        },
        "explain.subject.waiting": {
            "vi": "[Đôn đốc] Nhắc: yêu cầu giải trình chưa trả lời (nhiệm vụ #{task})",
            "en": "[dondoc] Reminder: an explanation is still awaited (task #{task})",
        },
        "explain.subject.escalated": {
            "vi": "[Đôn đốc] Giải trình quá hạn chưa trả lời (nhiệm vụ #{task})",
            "en": "[dondoc] An explanation is overdue (task #{task})",
        },
        "explain.asked": {
            "vi": "Đồng chí {who} yêu cầu đồng chí giải trình bằng văn bản về nhiệm vụ {task}"
            " ({reason}); hạn trả lời {due}.",
            "en": "{who} asks you to explain in writing about task {task} ({reason});"
            " the answer is due {due}.",
        },
        "explain.waiting": {
            "vi": "Yêu cầu giải trình của đồng chí {who} về nhiệm vụ {task} (hạn {due})"
            " chưa được trả lời.",
            "en": "{who}'s request for an explanation about task {task} (due {due})"
            " is still unanswered.",
        },
        "explain.escalated": {
            "vi": "{lead} chưa giải trình về nhiệm vụ {task}: hạn {due} đã quá {n} ngày.",
            "en": "{lead} has not explained task {task}: the answer is {n} days past {due}.",
        },
        "explain.link": {"vi": "Mở nhiệm vụ để trả lời", "en": "Open the task to answer"},
    }
)
