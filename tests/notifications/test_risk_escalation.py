"""An unanswered explanation escalates to the person who asked even when they are not on
the task's chain of managers (here the deputy secretary, whom no escalation reaches
otherwise), once, on its day, on both backends."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from models.explanations import request_explanation
from models.org import ContactChannel, ContactTarget, Person
from models.tasks import Task
from notifications.config import NotifyConfig
from tests.notifications.conftest import build_committee
from tests.notifications.test_reminder_runs import days, run
from tests.notifications.test_risk_notices import _sent
from tests.peers import SmtpSink

D = date


def test_the_escalation_reaches_the_asker_off_the_chain(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    ids = build_committee(engine)
    with Session(engine) as session:
        deputy = session.exec(select(Person).where(Person.code == "deputy")).one()
        assert deputy.id is not None
        session.add(
            ContactTarget(
                person_id=deputy.id, channel=ContactChannel.EMAIL, address="deputy@example.org"
            )
        )
        march = session.get(Task, ids.task_march)
        assert march is not None
        request_explanation(session, march, deputy, D(2024, 3, 27), None, D(2024, 3, 20))
        session.commit()
    for day in days(D(2024, 3, 20), D(2024, 4, 5)):
        run(engine, config, day)
        run(engine, config, day)
    to_deputy = [s for s in _sent(engine) if s[0] == "deputy"]
    assert to_deputy == [("deputy", "explain", "escalation", "2024-03-30")]
    (mail,) = smtp.to("deputy@example.org")
    assert "Giải trình quá hạn chưa trả lời" in str(mail["Subject"]) or "overdue" in str(
        mail["Subject"]
    )
