"""Stale-work reminders and explanation reminders and escalations over a scripted
quarter of morning runs (each run twice, as overlapping runs would): each message on
its day, none twice, through a real SMTP server, on both backends.

The committee of ``conftest.build_committee``: the March task (lead CB1, manager mai;
due Fri 15 March 2024) and the April task (lead: the secretary himself, due 17 April).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models.deliveries import DeliveryLog, DeliveryStatus
from models.explanations import answer_explanation, request_explanation
from models.history import TaskAction, TaskEvent
from models.org import Person
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.kinds.risk_notices import KINDS
from tests.notifications.conftest import build_committee
from tests.notifications.test_reminder_runs import days, morning, run
from tests.peers import SmtpSink

D = date
ASKED, DUE, ANSWERED = D(2024, 3, 20), D(2024, 3, 27), D(2024, 4, 3)


def _touch(engine: sa.Engine, task_id: int, at: datetime) -> None:
    with Session(engine) as session:
        session.add(TaskEvent(task_id=task_id, at=at, actor="t", action=TaskAction.PROGRESS))
        session.commit()


def _people(session: Session) -> dict[str, Person]:
    return {p.code: p for p in session.exec(select(Person))}


def _sent(engine: sa.Engine) -> list[tuple[str, str, str, str]]:
    with Session(engine) as session:
        codes = {p.id: p.code for p in session.exec(select(Person))}
        rows = session.exec(select(DeliveryLog).where(col(DeliveryLog.item_kind).in_(KINDS))).all()
        return sorted(
            (codes[r.recipient_id], r.item_kind, r.stage, r.occurrence)
            for r in rows
            if r.status is DeliveryStatus.SENT
        )


def test_a_quarter_of_runs_sends_each_reminder_on_its_day_once(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    ids = build_committee(engine)
    _touch(engine, ids.task_march, morning(D(2024, 2, 5), 10))  # stale from 06/03
    _touch(engine, ids.task_april, morning(D(2024, 3, 1), 10))  # stale from 31/03 (Sunday)
    first_day: dict[tuple[str, str, str, str], date] = {}
    seen = 0
    for day in days(D(2024, 2, 1), D(2024, 4, 30)):
        if day == ASKED:
            with Session(engine) as session:
                march = session.get(Task, ids.task_march)
                assert march is not None
                secretary = _people(session)["secretary"]
                request_explanation(session, march, secretary, DUE, "Vì sao chậm?", day)
                session.commit()
        if day == ANSWERED:
            with Session(engine) as session:
                from models.explanations import open_request

                asked = open_request(session, ids.task_march)
                assert asked is not None
                answer_explanation(session, asked, _people(session)["mai"], "Thiếu số liệu", day)
                session.commit()
        run(engine, config, day)
        run(engine, config, day)  # a second, overlapping run finds everything taken
        sent = _sent(engine)
        assert len(sent) == len(set(sent)), f"sent twice on {day}"
        for key in sent:
            first_day.setdefault(key, day)
        seen = len(sent)
    stale = {k: v for k, v in first_day.items() if k[1] == "stale"}
    assert stale == {
        ("mai", "stale", "stale", "2024-03-06"): D(2024, 3, 6),
        ("mai", "stale", "stale", "2024-04-05"): D(2024, 4, 5),
        # 31/03 is a Sunday: held, sent the next working day, once
        ("secretary", "stale", "stale", "2024-03-31"): D(2024, 4, 1),
        # the next, 30/04, is a public holiday: held past the end of the script
    }
    explain = {k: v for k, v in first_day.items() if k[1] == "explain"}
    assert explain == {
        ("mai", "explain", "asked", "2024-03-20"): ASKED,
        ("mai", "explain", "due", "2024-03-27"): DUE,
        ("mai", "explain", "overdue", "2024-03-28"): D(2024, 3, 28),
        ("mai", "explain", "overdue", "2024-03-31"): D(2024, 4, 1),
        # three days after the due day (Saturday 30/03): the asker and the tracking
        # office's manager, once; answered on 03/04: nothing after
        ("secretary", "explain", "escalation", "2024-03-30"): D(2024, 4, 1),
        ("clerk", "explain", "escalation", "2024-03-30"): D(2024, 4, 1),
    }
    subjects = [m["Subject"] for m in smtp.to("mai@example.org")]
    assert sum("giải trình" in str(s) for s in subjects) == 4
    assert sum("chưa cập nhật" in str(s) for s in subjects) == 2
    assert seen == len(first_day)


def test_the_manager_digest_shows_risk_stale_and_explanations(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    from notifications.kinds.manager_digest import preview_digests

    ids = build_committee(engine)
    _touch(engine, ids.task_march, morning(D(2024, 2, 5), 10))  # stale from 06/03
    _touch(engine, ids.task_april, morning(D(2024, 3, 1), 10))
    with Session(engine) as session:
        march = session.get(Task, ids.task_march)
        assert march is not None
        request_explanation(session, march, _people(session)["secretary"], DUE, None, ASKED)
        session.commit()
    # Before the answer: waiting, past due; the April task (0 %, 2/3 of its time gone from
    # the document's issue on 29/01) is at risk; the March task is stale.
    (before,) = [
        d for d in preview_digests(engine, D(2024, 3, 28), config) if d.recipient == "secretary"
    ]
    text = before.rendered.text
    assert "Explanation requests not answered yet (1):" in text
    assert "due 27/03/2024 (past due)" in text
    assert "Tasks with no update for a long time" in text and "Tasks at risk (1;" in text
    with Session(engine) as session:
        from models.explanations import open_request

        asked = open_request(session, ids.task_march)
        assert asked is not None
        answer_explanation(session, asked, _people(session)["mai"], "Thiếu số liệu", D(2024, 4, 1))
        session.commit()
    (after,) = [
        d for d in preview_digests(engine, D(2024, 4, 2), config) if d.recipient == "secretary"
    ]
    assert "Explanations received this week (1):" in after.rendered.text
    assert "explained on 01/04/2024: «Thiếu số liệu»" in after.rendered.text
    assert "not answered yet" not in after.rendered.text
    assert "Thiếu số liệu" in after.rendered.html


def test_the_morning_digest_marks_a_task_at_risk_before_its_deadline_only(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    _touch(engine, ids.task_march, morning(D(2024, 3, 1), 10))

    def mai(day: date) -> str:
        (digest,) = [
            d for d in run(engine, config, day, dry_run=True).previews if d.recipient == "mai"
        ]
        return digest.rendered.text

    assert "tiến độ 0% · Có nguy cơ chậm" in mai(D(2024, 3, 8))  # 7 days before, 0 % done
    assert "Có nguy cơ chậm" not in mai(D(2024, 3, 18))  # overdue: the official status says it
    with Session(engine) as session:
        march = session.get(Task, ids.task_march)
        assert march is not None
        march.progress = 90
        session.add(march)
        session.commit()
    assert "Có nguy cơ chậm" not in mai(D(2024, 3, 8))
