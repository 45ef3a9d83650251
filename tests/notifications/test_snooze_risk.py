"""What a snooze pauses besides the deadline reminders (``models.preferences
.snooze_pauses``): the stale-work nags about the snoozed task, but never an explanation
request. A scripted stretch of morning runs, each run twice (as overlapping runs
would), on both backends: each message on its day, once.

The committee of ``conftest.build_committee``: the March task (lead CB1, whose manager
mai hears as its lead; due Fri 15/03/2024), nothing recorded on it after 05/02, so it
is stale from 06/03 and again from 05/04.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models.explanations import request_explanation
from models.item_kinds import ItemKind
from models.org import Person
from models.preferences import snooze_pauses, snooze_task
from models.recipient_roles import RecipientRole
from models.tasks import Task
from notifications.config import NotifyConfig
from tests.notifications.conftest import build_committee
from tests.notifications.test_reminder_runs import days, morning, run
from tests.notifications.test_risk_notices import _sent, _touch
from tests.peers import SmtpSink

D = date


def _snooze(engine: sa.Engine, task_id: int, until: date, today: date) -> None:
    with Session(engine) as session:
        mai = session.exec(select(Person).where(Person.code == "mai")).one()
        task = session.get(Task, task_id)
        assert mai.id is not None and task is not None
        snooze_task(session, mai.id, task, until, today)
        session.commit()


def test_a_snooze_holds_the_stale_nag_but_never_the_explanation_request(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink
) -> None:
    ids = build_committee(engine)
    _touch(engine, ids.task_march, morning(D(2024, 2, 5), 10))
    first_day: dict[tuple[str, str, str, str], date] = {}
    for day in days(D(2024, 3, 1), D(2024, 4, 12)):
        if day == D(2024, 3, 4):
            _snooze(engine, ids.task_march, D(2024, 3, 8), day)  # over the first stale day
        if day == D(2024, 3, 19):
            _snooze(engine, ids.task_march, D(2024, 4, 10), day)  # over the request, too
        if day == D(2024, 3, 20):
            with Session(engine) as session:
                march = session.get(Task, ids.task_march)
                secretary = session.exec(select(Person).where(Person.code == "secretary")).one()
                assert march is not None
                request_explanation(session, march, secretary, D(2024, 3, 27), None, day)
                session.commit()
        run(engine, config, day)
        run(engine, config, day)
        sent = _sent(engine)
        assert len(sent) == len(set(sent)), f"sent twice on {day}"
        for key in sent:
            first_day.setdefault(key, day)
    mai = {k[1:]: v for k, v in first_day.items() if k[0] == "mai"}
    assert {k: v for k, v in mai.items() if k[0] == "stale"} == {
        # stale from Wed 06/03, snoozed until Fri 08/03: told that day, once
        ("stale", "stale", "2024-03-06"): D(2024, 3, 8),
        # stale again from Fri 05/04, snoozed until Wed 10/04: told that day, once
        ("stale", "stale", "2024-04-05"): D(2024, 4, 10),
    }
    assert {k: v for k, v in mai.items() if k[0] == "explain"} == {
        # the request is not paused by the snooze: each reminder on its own day
        ("explain", "asked", "2024-03-20"): D(2024, 3, 20),
        ("explain", "due", "2024-03-27"): D(2024, 3, 27),
        ("explain", "overdue", "2024-03-28"): D(2024, 3, 28),
        ("explain", "overdue", "2024-03-31"): D(2024, 4, 1),
        ("explain", "overdue", "2024-04-03"): D(2024, 4, 3),
        ("explain", "overdue", "2024-04-06"): D(2024, 4, 8),
        ("explain", "overdue", "2024-04-09"): D(2024, 4, 9),
        ("explain", "overdue", "2024-04-12"): D(2024, 4, 12),
    }
    # the escalation to the asker is not the snoozer's: it comes on its day
    assert first_day[("secretary", "explain", "escalation", "2024-03-30")] == D(2024, 4, 1)


@pytest.mark.parametrize(
    ("kind", "role", "paused"),
    [
        ("task", "lead", True),
        ("task", "co_owner", True),
        ("stale", "lead", True),
        ("task", "escalation", False),
        ("explain", "lead", False),
        ("explain", "escalation", False),
        ("duty", "lead", False),
        ("request", "approver", False),
    ],
)
def test_what_a_snooze_pauses(kind: str, role: str, paused: bool) -> None:
    assert snooze_pauses(ItemKind(kind), RecipientRole(role)) is paused
