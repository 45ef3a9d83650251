"""Requests waiting for a decision in the approver's morning digest: who is reminded,
from which day and until when, through a real SMTP server, on both backends.

The committee of ``conftest.build_committee``: CB1 (manager mai) leads the March task,
hung (of CB2, which has no manager) co-owns it; the secretary manages the committee
above them and leads the April task himself; the clerk manages the tracking office.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from models.access import approver, approvers
from models.deliveries import DeliveryLog
from models.item_kinds import ItemKind
from models.lifecycle import cancel_task
from models.org import Person, Unit
from models.requests import (
    TaskRequest,
    decide,
    report_completion,
    request_extension,
    set_confirm_completion,
)
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.pipeline import claim, deliver, plan
from notifications.run import run_once
from tests.builders import ident, reader
from tests.notifications.conftest import CAL, TZ, Committee, build_committee
from tests.notifications.test_reminder_runs import morning, run
from tests.peers import SmtpSink, WebhookSink, body_of

D = date
MADE = morning(D(2024, 3, 12), 10)  # Tuesday 12 March 2024, 10:00 in Hà Nội


def _people(session: Session) -> dict[str, Person]:
    return {p.code: p for p in session.exec(select(Person))}


def _task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    assert task is not None
    return task


def _member_asks(engine: sa.Engine, ids: Committee) -> int:
    """hung, a co-owner of the March task, asks to move its deadline to 29 March."""
    with Session(engine) as session:
        march, hung = _task(session, ids.task_march), _people(session)["hung"]
        asked = request_extension(session, march, hung, D(2024, 3, 29), "Chờ số liệu quý", at=MADE)
        session.commit()
        assert asked.id is not None
        return asked.id


def _decide(engine: sa.Engine, request_id: int, by: str, approve: bool, day: date) -> None:
    with Session(engine) as session:
        request = session.get(TaskRequest, request_id)
        assert request is not None
        note = None if approve else "Chưa đủ lý do"
        decide(session, request, _people(session)[by], approve, day, note, at=morning(day, 15))
        session.commit()


Asked = tuple[str, str, int, str, date, int]


def _asked(engine: sa.Engine, config: NotifyConfig, day: date) -> list[Asked]:
    """The request reminders planned for ``day``: (recipient, channel, request, stage,
    occurrence, days waited)."""
    with Session(engine) as session:
        codes = {ident(p): p.code for p in _people(session).values()}
    return sorted(
        (codes[r.recipient_id], r.channel, r.item_id, r.stage, r.occurrence, r.days)
        for r in plan(engine, day, config, (ItemKind.REQUEST,)).reminders
    )


def test_each_waiting_request_reminds_its_approver_once_a_day(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    member = _member_asks(engine, ids)
    with Session(engine) as session:
        people = _people(session)
        committee = session.exec(select(Unit).where(Unit.code == "DU")).one()
        set_confirm_completion(session, committee, True)
        # mai (CB1's manager) reports the March task done: she cannot approve her own.
        own = report_completion(
            session, _task(session, ids.task_march), people["mai"], D(2024, 3, 12), "Đã nộp",
            at=morning(D(2024, 3, 12), 16),
        )  # fmt: skip
        # The secretary leads the April task; nobody is above the committee.
        top = request_extension(
            session, _task(session, ids.task_april), people["secretary"], D(2024, 5, 17),
            "Chờ hướng dẫn", at=morning(D(2024, 3, 13), 9),
        )  # fmt: skip
        session.commit()
        assert own is not None and own.id is not None and top.id is not None
        by_id = {code: ident(p) for code, p in people.items()}

    # The day a request is made, the e-mail sent at once told the approver.
    assert _asked(engine, config, D(2024, 3, 12)) == []
    # From the next day: the unit's manager for a member's request, the manager above for
    # the manager's own; never the person who asked. The secretary's, made that day, waits.
    assert _asked(engine, config, D(2024, 3, 13)) == [
        ("mai", "email", member, "waiting", D(2024, 3, 13), 1),
        ("secretary", "email", own.id, "waiting", D(2024, 3, 13), 1),
    ]
    # Once a day while they wait; nobody above the committee: the tracking office's manager
    # (e-mail only: the clerk's Telegram is not configured).
    assert _asked(engine, config, D(2024, 3, 14)) == [
        ("clerk", "email", top.id, "waiting", D(2024, 3, 14), 1),
        ("mai", "email", member, "waiting", D(2024, 3, 14), 2),
        ("secretary", "email", own.id, "waiting", D(2024, 3, 14), 2),
    ]
    # The planner's batched rule is the web's announcement's, one request at a time.
    with Session(engine) as session:
        r = reader(session)
        asks = [
            (ids.task_march, by_id["hung"]),
            (ids.task_march, by_id["mai"]),
            (ids.task_april, by_id["secretary"]),
        ]
        batched = approvers(r, asks, "VP")
        assert batched == {a: approver(r, *a, "VP") for a in asks}
        assert list(batched.values()) == [by_id["mai"], by_id["secretary"], by_id["clerk"]]

    # Decided: no reminder from then on, not even in a later run of the same day.
    _decide(engine, member, "mai", False, D(2024, 3, 14))
    assert [a[2] for a in _asked(engine, config, D(2024, 3, 14))] == [top.id, own.id]
    assert [a[2] for a in _asked(engine, config, D(2024, 3, 15))] == [top.id, own.id]
    # A request on work that is closed meanwhile awaits nothing.
    with Session(engine) as session:
        cancel_task(session, _task(session, ids.task_april), D(2024, 3, 15), "Bỏ", "t")
        session.commit()
    assert [a[2] for a in _asked(engine, config, D(2024, 3, 15))] == [own.id]


def test_the_approvers_digest_carries_the_request_until_it_is_decided(
    engine: sa.Engine,
    config: NotifyConfig,
    smtp: SmtpSink,
    webhook: WebhookSink,
    web_address: None,
) -> None:
    ids = build_committee(engine)
    _member_asks(engine, ids)
    page = f"https://dondoc.test/tasks/{ids.task_march}"

    assert run(engine, config, D(2024, 3, 13)).failed == 0
    (mail,) = smtp.to("mai@example.org")
    # mai also leads the March task (three days before its deadline): one message.
    assert mail["Subject"] == (
        "[Đôn đốc] 1 đề nghị chờ đồng chí quyết định, 1 việc cần chú ý (0 quá hạn)"
    )
    text = body_of(mail).replace("\r\n", "\n")  # lines as sent end in CRLF
    assert "1 đề nghị chờ đồng chí quyết định; 1 việc cần chú ý." in text
    assert (
        "ĐỀ NGHỊ CHỜ ĐỒNG CHÍ QUYẾT ĐỊNH\n\n"
        f"- [Nghị quyết 01-NQ/ĐU] Báo cáo <quý I> & tổng hợp (#{ids.task_march})\n"
        "  Đề nghị gia hạn đến 29/03/2024 — đã chờ 1 ngày\n"
        "  Người gửi: đồng chí Person hung, ngày 12/03/2024.\n"
        "  Lý do / ghi chú: Chờ số liệu quý\n"
        f"  Xem và quyết định: {page}\n\n"
        "VIỆC CẦN CHÚ Ý\n\n"
        f"- [Nghị quyết 01-NQ/ĐU] Báo cáo <quý I> & tổng hợp (#{ids.task_march})\n"
        "  Thời hạn 15/03/2024 — còn 2 ngày"
    ) in text
    html = body_of(mail, "html")
    assert "Đề nghị chờ đồng chí quyết định</h3>" in html
    assert f'<a href="{page}">Xem và quyết định</a>' in html
    assert html.index("Đề nghị chờ đồng chí quyết định</h3>") < html.index("Việc cần chú ý</h3>")
    (chat,) = webhook.to("hung")  # the co-owner hears of the task, not of his own request
    assert "Đề nghị gia hạn đến" not in chat["message"]

    # A catch-up run the same day sends nothing more.
    smtp.clear()
    again = run_once(engine, D(2024, 3, 13), morning(D(2024, 3, 13), 11), config, CAL, TZ)
    assert again.deliveries == [] and smtp.messages == []

    # Refused that afternoon: the next morning's digest has the task and no request.
    _decide(engine, _only_request(engine), "mai", False, D(2024, 3, 13))
    assert run(engine, config, D(2024, 3, 14)).failed == 0
    (mail,) = smtp.to("mai@example.org")
    assert mail["Subject"] == "[Đôn đốc] 1 việc cần chú ý (0 quá hạn)"
    assert "ĐỀ NGHỊ CHỜ" not in body_of(mail) and "đã chờ" not in body_of(mail)
    with engine.connect() as connection:
        d = sa.table("delivery_log", sa.column("item_kind"), sa.column("occurrence"))
        rows = connection.execute(sa.select(d.c.occurrence).where(d.c.item_kind == "request"))
        assert [r[0] for r in rows] == ["2024-03-13"]  # exactly once, on the one day


def _only_request(engine: sa.Engine) -> int:
    with Session(engine) as session:
        found = session.exec(select(TaskRequest.id)).one()
        assert found is not None
        return found


def test_a_request_decided_between_claim_and_send_is_not_sent(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    ids = build_committee(engine)
    request_id = _member_asks(engine, ids)
    day, token = D(2024, 3, 13), str(uuid.uuid4())
    now = morning(day)
    claim(engine, plan(engine, day, config), token, now, config)
    _decide(engine, request_id, "mai", False, day)  # while the run is between its steps
    report = deliver(engine, token, day, now + timedelta(minutes=1), config)
    assert report.dropped == 1 and report.failed == 0
    (mail,) = smtp.to("mai@example.org")
    assert mail["Subject"] == "[Đôn đốc] 1 việc cần chú ý (0 quá hạn)"
    with Session(engine) as session:
        row = session.exec(select(DeliveryLog).where(DeliveryLog.item_kind == "request")).one()
        assert row.status.value == "abandoned" and row.last_error == "no longer due: closed"
