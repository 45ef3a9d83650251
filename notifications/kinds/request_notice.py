"""Instant notices about a request: to its approver when it is made, and to the person
who asked once it is decided (approved, refused, confirmed, sent back).

They are a kind of message like the others (``KIND``): planned for the person's channels
as their preferences say (both are essential: someone waits on the request, or the
requester's work just changed), claimed in the delivery log before they are sent,
recorded, retried after a failure by the next notice or catch-up run, and counted in
the run report. From the day after a request is made, the morning digest reminds its
approver until they decide (``planner.plan_request_reminders``); the notice and the
digest name the reason and the link in the same words (``render``'s texts).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

import pendulum
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from models.access import approvers
from models.i18n import format_date, register, t
from models.item_kinds import ItemKind
from models.links import task_page
from models.org import Person
from models.recipient_roles import RecipientRole
from models.requests import RequestKind, RequestState, TaskRequest
from models.settings import get_settings
from models.sqlread import SqlAlchemyReader
from models.stage_names import StageName
from models.tasks import Task
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, claim, one_per_row, send_and_record
from notifications.planner import Collector, Plan
from notifications.policy import Stage
from notifications.preferences import PreferenceBook
from notifications.render import Rendered, paragraphs
from notifications.routing import Router, Unreachable

KIND = ItemKind.NOTICE  # item_id: the request


def _local_day(moment: datetime | None, fallback: date) -> date:
    if moment is None:
        return fallback
    return pendulum.instance(moment).in_timezone(get_settings().timezone).date()


def plan_notices(
    connection: Connection, as_of: date, config: NotifyConfig, request_ids: Sequence[int]
) -> Plan:
    """The notices owed about these requests: one to the approver of each waiting one,
    one to the asker of each decided one, on the channels each person wants them."""
    plan = Plan(as_of, kinds=(KIND,))
    if not request_ids:
        return plan
    directory = Directory.load(connection)
    router = Router(directory, config)
    collect = Collector(plan, router, PreferenceBook.load(connection, as_of, snoozes=False))
    with Session(bind=connection) as session:
        requests = session.exec(
            select(TaskRequest).where(col(TaskRequest.id).in_(sorted(set(request_ids))))
        ).all()
    waiting = [r for r in requests if r.state is RequestState.PENDING]
    deciders = approvers(
        SqlAlchemyReader(connection),
        [(r.task_id, r.requested_by_id) for r in waiting],
        config.tracking_office,
    )
    for request in requests:
        assert request.id is not None
        if request.state is RequestState.PENDING:
            person_id = deciders.get((request.task_id, request.requested_by_id))
            day = _local_day(request.requested_at, as_of)
            stage, role = Stage(StageName.ASKED, day, 0), RecipientRole.APPROVER
        else:
            person_id = request.requested_by_id
            day = _local_day(request.decided_at, as_of)
            stage, role = Stage(StageName(request.state.value), day, 0), RecipientRole.REQUESTER
        if person_id is None or person_id not in directory.people:
            router.unreachable.add(Unreachable(f"#{request.task_id}", "no_approver"))
            continue
        collect.add(person_id, KIND, request.id, stage, day, role)
    plan.unreachable = router.unreachable
    return plan


def _word(
    session: Session, row: ledger.Claimed, lang: str, name: str, base: str | None
) -> Rendered | None:
    """One notice in the reader's language, or None if its request or task is gone
    (``base``: the web application's address, for the task's link)."""
    request = session.get(TaskRequest, row.item_id)
    task = session.get(Task, request.task_id) if request is not None else None
    if request is None or task is None:
        return None
    asker = session.get(Person, request.requested_by_id)
    label = f"#{task.id} «{task.title}»"
    extension = request.kind is RequestKind.EXTENSION
    day = request.new_due_on if extension else request.completed_on
    assert day is not None
    lines = [t("notify.greeting", lang, name=name)]
    if row.stage == StageName.ASKED:
        asked = t("ask.extension" if extension else "ask.completion", lang, date=format_date(day))
        who = asker.full_name if asker is not None else "?"
        lines.append(t("ask.body", lang, who=who, what=asked, task=label))
        if request.note:
            lines.append(t("notify.request.note", lang, note=request.note))  # as in the digest
        subject, link = t("ask.subject", lang, task=task.id), "notify.link.decide"
    else:
        decider = session.get(Person, request.decided_by_id) if request.decided_by_id else None
        what = f"notice.{row.stage}.{'extension' if extension else 'completion'}"
        who = decider.full_name if decider is not None else "?"
        lines.append(t(what, lang, task=label, date=format_date(day), who=who))
        if request.decision_note:
            lines.append(t("notice.decision_note", lang, note=request.decision_note))
        subject, link = t("notice.subject", lang, task=task.id), "notify.link.page"
    links = [(t(link, lang), task_page(base, task.id or 0))] if base else []
    return paragraphs(subject, lines, links)


def build_notices(
    engine: Engine, rows: list[ledger.Claimed], config: NotifyConfig, base: str | None
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per claimed notice row (a notice is about one request)."""
    return one_per_row(
        engine,
        rows,
        config,
        lambda session, row, lang, name: _word(session, row, lang, name, base),
        "request gone",
    )


def send_notices(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    request_ids: Sequence[int] = (),
    base_url: str | None = None,
) -> RunReport:
    """Plan, claim, send and record the notices about ``request_ids``; the notices that
    failed before and are due again go with them (none given: only those). Links point
    to ``base_url`` (default: the ``DONDOC_WEB_URL`` setting)."""
    with engine.connect() as connection:
        planned = plan_notices(connection, as_of, config, request_ids)
    token = str(uuid.uuid4())
    claim(engine, planned, token, now, config)
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind == KIND]
    digests, settled = build_notices(engine, rows, config, base_url or get_settings().web_url)
    report = send_and_record(engine, token, digests, settled, as_of, now, config)
    report.planned = len(planned.reminders)
    report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
    return report


register(
    {
        "ask.subject": {
            "vi": "[Đôn đốc] Đề nghị chờ đồng chí duyệt (nhiệm vụ #{task})",
            "en": "[dondoc] A request waits for your decision (task #{task})",
        },
        "ask.body": {
            "vi": "Đồng chí {who} {what} cho nhiệm vụ {task}.",
            "en": "{who} {what} for task {task}.",
        },
        "ask.extension": {
            "vi": "đề nghị gia hạn đến {date}",
            "en": "asks for an extension to {date}",
        },
        "ask.completion": {
            "vi": "báo cáo đã hoàn thành ngày {date}",
            "en": "reports it done on {date}",
        },
        "notice.subject": {
            "vi": "[Đôn đốc] Kết quả đề nghị của đồng chí (nhiệm vụ #{task})",
            "en": "[dondoc] The decision on your request (task #{task})",
        },
        "notice.approved.extension": {
            "vi": "Đề nghị gia hạn nhiệm vụ {task} đến {date} đã được đồng chí {who} đồng ý.",
            "en": "Your request to extend task {task} to {date} was approved by {who}.",
        },
        "notice.rejected.extension": {
            "vi": "Đề nghị gia hạn nhiệm vụ {task} đến {date} không được đồng chí {who} đồng ý.",
            "en": "Your request to extend task {task} to {date} was refused by {who}.",
        },
        "notice.approved.completion": {
            "vi": "Báo cáo hoàn thành nhiệm vụ {task} ngày {date} đã được đồng chí {who} xác nhận.",
            "en": "Your report that task {task} was done on {date} was confirmed by {who}.",
        },
        "notice.rejected.completion": {
            "vi": "Báo cáo hoàn thành nhiệm vụ {task} ngày {date} đã bị đồng chí {who} trả lại.",
            "en": "Your report that task {task} was done on {date} was sent back by {who}.",
        },
        "notice.decision_note": {"vi": "Ý kiến: {note}", "en": "Note: {note}"},
    }
)
