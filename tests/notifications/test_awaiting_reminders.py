"""A task reported done and waiting for confirmation (``models.awaiting``) is not late
work of its owners: they are not reminded of it, nobody above them is escalated to, the
approver is reminded of the request; a message claimed before the report says "chờ xác
nhận hoàn thành", never "quá hạn"; once the completion is sent back, reminders resume,
still exactly once. Through real SMTP and webhook peers, on both backends.

The committee of ``conftest.build_committee``: CB1 (manager mai) leads the March task
(due Fri 15 March 2024), hung (CB2) co-owns it; the secretary is above them.
"""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from models.deliveries import DeliveryLog
from models.history import TaskAction, TaskEvent
from models.item_kinds import ItemKind
from models.org import Person, Unit
from models.recipient_roles import RecipientRole
from models.requests import TaskRequest, decide, report_completion, set_confirm_completion
from models.risk import RiskRules
from models.stage_names import StageName
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.kinds.manager_digest_text import render_manager_chat, render_manager_digest
from notifications.kinds.risk_notices import STALE, plan_risk_notices
from notifications.kinds.unit_figures import collect
from notifications.pipeline import claim, deliver, plan
from notifications.render import DigestItem, render_chat, render_digest
from tests.builders import ident
from tests.notifications.conftest import Committee, build_committee
from tests.notifications.test_reminder_runs import morning, run
from tests.peers import SmtpSink, WebhookSink, body_of

D = date
ESCALATED = D(2024, 3, 22)  # 7 days overdue: the owners' overdue stage and the first tier
LATER = D(2024, 3, 25)  # the next overdue stage
REPORTED = D(2024, 3, 20)


def _people(session: Session) -> dict[str, Person]:
    return {p.code: p for p in session.exec(select(Person))}


def _report(engine: sa.Engine, ids: Committee, day: date = REPORTED) -> int:
    """hung reports the March task done on ``day``; the committee asks for confirmation."""
    with Session(engine) as session:
        committee = session.exec(select(Unit).where(Unit.code == "DU")).one()
        set_confirm_completion(session, committee, True)
        task = session.get(Task, ids.task_march)
        assert task is not None
        hung = _people(session)["hung"]
        asked = report_completion(
            session, task, hung, D(2024, 3, 19), "Đã nộp", at=morning(day, 9), today=day
        )
        session.commit()
        assert asked is not None and asked.id is not None
        return asked.id


def _send_back(engine: sa.Engine, request_id: int, day: date) -> None:
    with Session(engine) as session:
        request = session.get(TaskRequest, request_id)
        assert request is not None
        mai = _people(session)["mai"]
        decide(session, request, mai, False, day, "Thiếu biên bản", at=morning(day, 15))
        session.commit()


def _planned(engine: sa.Engine, config: NotifyConfig, day: date) -> list[tuple[str, str, str]]:
    """(recipient, kind, stage) of every reminder planned for ``day``."""
    with Session(engine) as session:
        codes = {ident(p): p.code for p in _people(session).values()}
    return sorted(
        {(codes[r.recipient_id], r.item_kind, r.stage) for r in plan(engine, day, config).reminders}
    )


def test_owners_are_not_reminded_nor_escalated_while_the_approver_decides(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    reminded = _planned(engine, config, ESCALATED)
    assert ("mai", "task", "overdue") in reminded and ("hung", "task", "overdue") in reminded
    assert [r for r in reminded if r[2] == "escalation"]  # someone above CB1 hears of it
    request_id = _report(engine, ids)
    # Reported done: the decision is mai's (the lead unit's manager); she is reminded of it.
    assert _planned(engine, config, ESCALATED) == [("mai", "request", "waiting")]
    _send_back(engine, request_id, ESCALATED)
    assert _planned(engine, config, ESCALATED) == reminded  # sent back: as before


def test_a_run_says_no_overdue_while_waiting_and_resumes_once_sent_back(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    ids = build_committee(engine)
    request_id = _report(engine, ids)
    assert run(engine, config, ESCALATED).failed == 0
    (mail,) = smtp.messages  # only the approver's, of the request
    assert mail["To"] == "mai@example.org"
    text = body_of(mail)
    assert "Báo cáo đã hoàn thành ngày 19/03/2024, chờ xác nhận — đã chờ 2 ngày" in text
    assert "quá hạn" not in text.lower() and webhook.posts == []
    _send_back(engine, request_id, ESCALATED)
    smtp.clear()
    assert run(engine, config, LATER).failed == 0
    mails = {m["To"]: body_of(m) for m in smtp.messages}
    assert "quá hạn 10 ngày" in mails["mai@example.org"]  # the owners' reminders resume
    assert [m for m in webhook.to("hung") if "quá hạn 10 ngày" in m["message"]]
    smtp.clear()
    again = run(engine, config, LATER)  # a second run the same day: nothing sent twice
    assert again.deliveries == [] and smtp.messages == []


def test_a_message_claimed_before_the_report_says_awaiting_not_overdue(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink
) -> None:
    ids = build_committee(engine)
    token, now = str(uuid.uuid4()), morning(ESCALATED)
    claim(engine, plan(engine, ESCALATED, config), token, now, config)
    _report(engine, ids, ESCALATED)  # while the run is between its steps
    report = deliver(engine, token, ESCALATED, now, config)
    assert report.failed == 0
    mail = body_of(smtp.to("mai@example.org")[0])
    assert "Chờ xác nhận hoàn thành" in mail and "quá hạn" not in mail.lower()
    (chat,) = webhook.to("hung")
    assert "Chờ xác nhận hoàn thành" in chat["message"] and "quá hạn" not in chat["message"]
    with Session(engine) as session:
        escalations = session.exec(
            select(DeliveryLog).where(DeliveryLog.stage == "escalation")
        ).all()
        assert escalations and {(r.status.value, r.last_error) for r in escalations} == {
            ("abandoned", "no longer due: awaiting confirmation")
        }


def test_the_words_in_both_languages_email_and_chat() -> None:
    item = DigestItem(
        ItemKind.TASK, 7, "[Nghị quyết 01-NQ/ĐU] Báo cáo (#7)", D(2024, 3, 15), None,
        "Chủ trì: CB1", StageName.AWAITING, 0, RecipientRole.LEAD, 100,
    )  # fmt: skip
    for lang, words in (("vi", "Chờ xác nhận hoàn thành"), ("en", "Awaiting confirmation")):
        mail = render_digest("Mai", [item], lang, 6, None)
        chat = render_chat("Mai", [item], lang, None)
        for said in (mail.text, mail.html, chat.text):
            assert words in said
            assert "quá hạn" not in said.lower() and "overdue for" not in said.lower()


def test_the_manager_digest_names_it_awaiting(engine: sa.Engine) -> None:
    ids = build_committee(engine)
    _report(engine, ids)
    with Session(engine) as session:
        du = session.exec(select(Unit).where(Unit.code == "DU")).one()
        assert du.id is not None
    state = collect(engine, LATER, [du.id])[du.id]
    assert [r.id for r in state.overdue] == [ids.task_march]  # still overdue in the counts
    for lang, words in (("vi", "Chờ xác nhận hoàn thành"), ("en", "Awaiting confirmation")):
        mail = render_manager_digest("Long", [state], LATER, lang, None)
        line = next(x for x in mail.text.splitlines() if f"#{ids.task_march}" in x)
        assert words in line and "quá hạn" not in line.lower() and "overdue for" not in line
        assert render_manager_chat([state], LATER, lang, None).text  # counts only


def test_a_task_waiting_for_confirmation_is_not_stale_to_its_lead(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    with Session(engine) as session:  # nothing recorded on the March task since 05/02
        at = morning(D(2024, 2, 5), 10)
        session.add(TaskEvent(task_id=ids.task_march, at=at, actor="t", action=TaskAction.PROGRESS))
        session.commit()
    rules = RiskRules()  # stale after 30 days: from 06/03

    def stale() -> list[int]:
        with engine.connect() as connection:
            planned = plan_risk_notices(connection, ESCALATED, config, rules)
        return sorted({r.item_id for r in planned.reminders if r.item_kind == STALE})

    assert ids.task_march in stale()
    request_id = _report(engine, ids)
    assert ids.task_march not in stale()
    _send_back(engine, request_id, ESCALATED)
    assert ids.task_march in stale()
