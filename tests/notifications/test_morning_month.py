"""Two scripted months of mornings, delivered to a real SMTP server and a webhook receiver.

Every working day from 1 March to 30 April 2024 the morning pipeline runs with that day
injected (never the wall clock). Three sub-branches owe a quarterly report and a monthly
meeting; CB1 also leads a task. Asserted: one message per person and channel a day,
tasks and duties in it together; a duty many units owe is one item; managers hear of an
item only when it enters an escalation tier (7, 30, 90 days overdue); chat messages stay
under their bound, and the group channel is never greeted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from documents.minutes import import_minutes
from models.duty_lifecycle import find_instance, generate_all, record_submission
from models.lifecycle import create_task, update_progress
from models.org import ContactChannel, ContactTarget, Person, Unit
from notifications.config import NotifyConfig
from notifications.render import CHAT_MAX_CHARS
from notifications.run import run_once
from tests.builders import add_document
from tests.notifications.conftest import CAL, TZ
from tests.peers import SmtpSink, WebhookSink, body_of

D = date
RULES = """\
units:
  - {code: DU, name: Đảng ủy, kind: committee, manager: bithu}
  - {code: VP, name: Văn phòng, kind: office, parent: DU, manager: vanthu}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU, manager: cb1}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU, manager: cb2}
  - {code: CB3, name: Chi bộ 3, kind: sub_branch, parent: DU, manager: cb3}
people:
  - {code: bithu, name: Bí thư, unit: DU, email: bithu@example.org}
  - {code: vanthu, name: Văn thư, unit: VP, email: vanthu@example.org, language: en}
  - {code: cb1, name: Bí thư CB1, unit: CB1, email: cb1@example.org}
  - {code: cb2, name: Bí thư CB2, unit: CB2, email: cb2@example.org}
  - {code: cb3, name: Bí thư CB3, unit: CB3, email: cb3@example.org}
duties:
  - {code: BC-QUY, title: Báo cáo quý, owed_by_kind: sub_branch, owed_to: DU,
     preset: decree09-quarterly, starts_on: 2024-01-01}
  - {code: SH-CHIBO, title: Sinh hoạt chi bộ, kind: meeting, owed_by_kind: sub_branch,
     cadence: monthly, due_rule: day_of_last_month, due_value: 31,
     roll: previous_working_day, starts_on: 2024-02-01}
"""
TIERS = (7, 30, 90)
REPORT_Q1 = "Báo cáo quý — quý I năm 2024"


def _set_up(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        generate_all(session, D(2024, 1, 1), D(2024, 6, 30), CAL)
        cb1 = session.exec(select(Person).where(Person.code == "cb1")).one()
        assert cb1.id is not None
        # CB1's manager also reads a team room (a webhook): a group channel.
        session.add(ContactTarget(person_id=cb1.id, channel=ContactChannel.WEBHOOK, address="cb1"))
        branch = session.exec(select(Unit).where(Unit.code == "CB1")).one()
        document = add_document(session, issued_on=D(2024, 1, 29))
        task = create_task(
            session,
            document=document,
            ref="1",
            title="Kiểm tra việc thu nộp đảng phí",
            lead=branch,
            due_on=D(2024, 3, 22),
            actor="t",
        )
        update_progress(session, task, 40, "cb1", note="Đã kiểm tra 2 trên 5 tổ")
        session.commit()


@pytest.mark.usefixtures("web_address")
def test_two_months_of_mornings(
    engine: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, tmp_path: Path
) -> None:
    _set_up(engine, tmp_path)
    config = NotifyConfig(
        channels={"email": smtp.url(), "webhook": webhook.url()},
        tracking_office="VP",
        retry_backoff_seconds=0.01,
        group_channels=frozenset({"webhook"}),
    )
    mail: dict[str, dict[date, str]] = defaultdict(dict)
    chats: dict[date, str] = {}
    day = D(2024, 3, 1)
    while day <= D(2024, 4, 30):
        if day == D(2024, 3, 28):  # CB3 delivers its report late; CB1 and CB2 never do
            with Session(engine) as session:
                instance = find_instance(session, "BC-QUY", "CB3", "2024-Q1")
                record_submission(session, instance, day, None)
                session.commit()
        if CAL.is_working_day(day):
            smtp.clear()
            webhook.clear()
            at = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ)
            report = run_once(engine, day, at, config, CAL, TZ)
            assert report.failed == 0, report.deliveries
            for message in smtp.messages:
                assert day not in mail[str(message["To"])], "two e-mails to one person a day"
                mail[str(message["To"])][day] = body_of(message)
            assert len(webhook.posts) <= 1, "two chat messages a day"
            for post in webhook.posts:
                chats[day] = post["message"]
        day += timedelta(days=1)

    # One morning message carries the task and the duties together.
    together = [
        d
        for d, text in mail["cb1@example.org"].items()
        if "Kiểm tra việc thu nộp đảng phí" in text and REPORT_Q1 in text
    ]
    assert together, "no morning message with both the task and the report"
    first = mail["cb1@example.org"][together[0]]
    assert "tiến độ 40%" in first and "Đã kiểm tra 2 trên 5 tổ" in first
    # The text/plain part is the digest's own text (Apprise's derived one has no "- [").
    assert "\n- [Sinh hoạt/họp]" in first or "\n- [Báo cáo]" in first
    assert "Xem nhiệm vụ: https://dondoc.test/tasks/" in first and "https://dondoc.test/a/" in first
    assert "Việc của tôi: https://dondoc.test/\r\n" in first and "https://dondoc.test/u/" in first

    # The committee's manager hears of the Q1 report as one item naming the late units,
    # at 7 and 30 days overdue only (due 20 March: 27 March, then 19 April).
    escalated = {d: t for d, t in mail["bithu@example.org"].items() if REPORT_Q1 in t}
    assert sorted(escalated) == [D(2024, 3, 27), D(2024, 4, 19)]
    assert "3 đơn vị chưa thực hiện: Chi bộ 1, Chi bộ 2, Chi bộ 3" in escalated[D(2024, 3, 27)]
    assert "2 đơn vị chưa thực hiện: Chi bộ 1, Chi bộ 2" in escalated[D(2024, 4, 19)]
    assert escalated[D(2024, 3, 27)].count(REPORT_Q1) == 1

    # The ledger keeps one row per unit's instance, and escalations only at tier days.
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT l.recipient_id, l.item_id, l.occurrence, i.due_on FROM delivery_log l"
                " JOIN duty_instance i ON i.id = l.item_id"
                " WHERE l.item_kind = 'duty' AND l.stage = 'escalation'"
            )
        ).all()
    assert rows
    for _recipient, _item, occurrence, due in rows:
        late = (D.fromisoformat(str(occurrence)) - D.fromisoformat(str(due)[:10])).days
        assert late in TIERS, (occurrence, due)

    # Chats: short, and a group room is never greeted; e-mails to a person are.
    assert chats
    for text in chats.values():
        assert len(text) <= CHAT_MAX_CHARS and "Kính gửi" not in text
        assert "Việc của tôi: https://dondoc.test/" in text
    assert all(t.startswith("Kính gửi đồng chí") for t in mail["cb1@example.org"].values())
    assert all(t.startswith("Dear") for t in mail["vanthu@example.org"].values())
