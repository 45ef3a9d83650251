"""Telling the tracking office what could not be delivered, so no reminder is lost silently.

A delivery still failing after ``max_attempts`` tries (it keeps being retried with
back-off), or settled as ambiguous after two uncertain sends, is reported once to the
people of the tracking office, in one message per person and channel listing who was
not reached, by which channel, about what, and why. The report goes through the same
ledger, so it too is sent exactly once and retried when it fails.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.base import table_of
from models.deliveries import DeliveryLog
from models.i18n import register, t
from models.item_kinds import ItemKind
from models.org import Person
from models.stage_names import StageName
from notifications import ledger
from notifications.addressing import addressed
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, ready_digest, send_and_record
from notifications.planner import Plan, Reminder
from notifications.render import Rendered
from notifications.routing import Router

KIND = ItemKind.UNDELIVERED  # item_id: the delivery_log row that could not be delivered
D = table_of(DeliveryLog)


def plan_reports(engine: Engine, as_of: date, now: datetime, config: NotifyConfig) -> Plan:
    """One ledger row per failed delivery and tracking-office channel; marks them reported."""
    plan = Plan(as_of, kinds=(KIND,))
    failed = [
        row_id
        for row_id, kind in _kinds(
            engine, ledger.unreported_failures(engine, config.policy.max_attempts)
        )
        if kind != KIND  # a report that fails is retried, not reported about
    ]
    if not failed:
        return plan
    with engine.connect() as connection:
        directory = Directory.load(connection)
    router = Router(directory, config)
    office = directory.unit_ids_by_code.get(config.tracking_office or "")
    for person_id in router.unit_people_or_none(office):
        for channel, address, _url in router.channels(person_id):
            plan.reminders += [
                Reminder(
                    person_id, channel, address, KIND, row_id, StageName.REPORT, as_of, as_of, 0
                )
                for row_id in failed
            ]
    plan.unreachable = router.unreachable
    if plan.reminders:
        with engine.begin() as connection:
            connection.execute(D.update().where(D.c.id.in_(failed)).values(reported_at=now))
    return plan


def _kinds(engine: Engine, ids: list[int]) -> list[tuple[int, str]]:
    if not ids:
        return []
    with engine.connect() as connection:
        query = sa.select(D.c.id, D.c.item_kind).where(D.c.id.in_(ids))
        return [(int(i), str(k)) for i, k in connection.execute(query)]


def deliver_reports(
    engine: Engine, token: str, as_of: date, now: datetime, config: NotifyConfig
) -> RunReport:
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind == KIND]
    if not rows:
        return RunReport(as_of)
    p = table_of(Person)
    with engine.connect() as connection:
        directory = Directory.load(connection)
        query = (
            sa.select(
                D.c.id,
                p.c.code,
                D.c.channel,
                D.c.address,
                D.c.subject,
                D.c.attempts,
                D.c.last_error,
            )
            .join(p, p.c.id == D.c.recipient_id)
            .where(D.c.id.in_(sorted({r.item_id for r in rows})))
        )
        failures = {int(r[0]): r for r in connection.execute(query)}
    digests: list[Digest] = []
    settled: list[ledger.Result] = []
    for message in addressed(rows, directory, config, settled):
        language = message.person.language
        lines = [
            t(
                "undelivered.line",
                language,
                who=f[1],
                channel=f[2],
                address=f[3] or "",
                subject=f[4] or "",
                attempts=f[5],
                error=f[6] or "",
            )
            for f in (failures[m.item_id] for m in message.rows if m.item_id in failures)
        ]
        subject = t("undelivered.subject", language, n=len(lines))
        intro = t("undelivered.intro", language)
        html = f"<p>{escape(intro)}</p><ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines)
        rendered = Rendered(subject, "\n".join([intro, "", *lines]), html + "</ul>")
        digests.append(ready_digest(message, len(lines), rendered))
    return send_and_record(engine, token, digests, settled, as_of, now, config)


register(
    {
        "undelivered.subject": {
            "vi": "[Đôn đốc] {n} tin nhắc việc chưa gửi được",
            "en": "[dondoc] {n} reminders could not be delivered",
        },
        "undelivered.intro": {
            "vi": "Các tin nhắc việc sau chưa gửi được; tin lỗi được tiếp tục thử lại, "
            "tin 'ambiguous' có thể đã đến người nhận:",
            "en": "These reminders could not be delivered; failed ones keep being retried, "
            "'ambiguous' ones may have arrived:",
        },
        "undelivered.line": {
            "vi": "{who} qua {channel} ({address}): «{subject}» — {attempts} lần thử — {error}",
            "en": "{who} via {channel} ({address}): “{subject}” — {attempts} tries — {error}",
        },
    }
)


def report_undelivered(
    engine: Engine, as_of: date, now: datetime, config: NotifyConfig
) -> RunReport:
    """Plan, claim and send the tracking office's report of what could not be delivered."""
    import uuid

    from notifications.pipeline import claim

    token = str(uuid.uuid4())
    claim(engine, plan_reports(engine, as_of, now, config), token, now, config)
    return deliver_reports(engine, token, as_of, now, config)
