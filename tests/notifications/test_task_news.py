"""News of a task through the delivery log: a delegated part reaches its person, a
comment the people the task concerns (never its author), each exactly once; and a part
is a task the morning plan reminds its person of."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from models.comments import add_comment
from models.delegation import delegate
from models.org import ContactChannel, Person
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.kinds.task_news import send_news
from notifications.planner import plan_task_reminders
from tests.builders import add_person
from tests.notifications.conftest import _contact, build_committee
from tests.peers import SmtpSink, body_of

NOW = datetime(2024, 3, 4, 3, 0, tzinfo=UTC)
TODAY = date(2024, 3, 4)


def _person(session: Session, code: str) -> Person:
    return session.exec(select(Person).where(Person.code == code)).one()


def test_a_part_reaches_its_person_and_comments_the_people_concerned_once(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    committee = build_committee(engine)
    with Session(engine) as session:
        march = session.get(Task, committee.task_march)
        assert march is not None
        mai = _person(session, "mai")
        tam = add_person(session, "tam", _unit(session, mai.unit_id))
        _contact(session, tam, ContactChannel.EMAIL, "tam@example.org")
        part = delegate(
            session, march, title="Tổng hợp số liệu", lead=tam, due_on=date(2024, 3, 10), by=mai
        )
        session.commit()
        part_id = part.id or 0

    report = send_news(
        engine, TODAY, NOW, config, delegated_ids=[part_id], base_url="https://dd.test"
    )
    assert report.sent == 1
    (told,) = smtp.to("tam@example.org")
    assert told["Subject"] == f"[Đôn đốc] Đồng chí được giao phần việc #{part_id}"
    text = body_of(told, "plain")
    assert "Tổng hợp số liệu" in text and "10/03/2024" in text
    assert f"https://dd.test/tasks/{part_id}" in text
    assert send_news(engine, TODAY, NOW, config, delegated_ids=[part_id]).sent == 0  # once

    with Session(engine) as session:
        same = session.get(Task, part_id)
        assert same is not None
        asked = add_comment(session, same, _person(session, "tam"), "Số liệu quý I lấy ở đâu?")
        session.commit()
        asked_id = asked.id or 0
    smtp.clear()
    send_news(engine, TODAY, NOW, config, comment_ids=[asked_id])
    # The parent's lead (branch manager mai) and the office's manager; never the author.
    assert sorted(m["To"] for m in smtp.messages) == ["clerk@example.org", "mai@example.org"]
    assert "Số liệu quý I lấy ở đâu?" in body_of(smtp.to("mai@example.org")[0], "plain")

    with Session(engine) as session:
        same = session.get(Task, part_id)
        assert same is not None
        answer = add_comment(session, same, _person(session, "mai"), "Ở phụ lục 2.")
        session.commit()
        answer_id = answer.id or 0
    smtp.clear()
    send_news(engine, TODAY, NOW, config, comment_ids=[answer_id])
    assert sorted(m["To"] for m in smtp.messages) == ["clerk@example.org", "tam@example.org"]
    assert send_news(engine, TODAY, NOW, config, comment_ids=[answer_id]).sent == 0


def _unit(session: Session, unit_id: int):  # type: ignore[no-untyped-def]
    from models.org import Unit

    return session.get(Unit, unit_id)


def test_a_part_is_a_task_its_person_is_reminded_of(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    committee = build_committee(engine)
    with Session(engine) as session:
        march = session.get(Task, committee.task_march)
        assert march is not None
        mai = _person(session, "mai")
        tam = add_person(session, "tam", _unit(session, mai.unit_id))
        _contact(session, tam, ContactChannel.EMAIL, "tam@example.org")
        part = delegate(session, march, title="Phần 1", lead=tam, due_on=date(2024, 3, 11), by=mai)
        session.commit()
        part_id, tam_id = part.id, tam.id
    with engine.connect() as connection:
        plan = plan_task_reminders(connection, date(2024, 3, 4), config)
    mine = [r for r in plan.reminders if r.item_id == part_id and r.item_kind == "task"]
    assert [(r.recipient_id, r.stage, r.deadline) for r in mine] == [
        (tam_id, "before-7", date(2024, 3, 11))
    ]


def test_the_morning_digest_shows_a_tasks_latest_comment(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    from notifications.run import run_once
    from tests.notifications.conftest import CAL, TZ

    committee = build_committee(engine)
    with Session(engine) as session:
        march = session.get(Task, committee.task_march)
        assert march is not None
        add_comment(session, march, _person(session, "hung"), "Đã gửi số liệu phần phối hợp")
        session.commit()
    run_once(engine, date(2024, 3, 8), datetime(2024, 3, 8, 1, 0, tzinfo=UTC), config, CAL, TZ)
    (digest,) = smtp.to("mai@example.org")
    assert "Person hung: Đã gửi số liệu phần phối hợp" in body_of(digest, "plain")
