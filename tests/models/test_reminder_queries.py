"""The planner's SQL and its Python twin: for every day around the deadlines of a varied
set of tasks and duties, ``models.reminder_queries`` returns exactly the rows the status
rules (``task_status``, ``duty_status``) call open or outstanding when each row is read
in Python. Both backends."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, select

from models.duties import Cadence, DueRule, Duty, DutyInstance, DutyKind, DutySubmission
from models.duty_status import OUTSTANDING, duty_status
from models.reminder_queries import open_co_owners, open_deadlines, outstanding_duties
from models.status import TaskStatus, task_status
from models.tasks import Task, TaskCoOwner
from tests.builders import add_document, ident, make_org, reader

START = date(2024, 6, 1)
DAYS = [START + timedelta(days=n) for n in range(0, 40, 3)]


def _maybe(rng: random.Random) -> date | None:
    """No date, or one a little before, on or after the days the test asks about."""
    return None if rng.random() < 0.4 else START + timedelta(days=rng.randrange(-5, 45))


def test_open_deadlines_and_co_owners_are_the_status_rules_open_tasks(session: Session) -> None:
    rng = random.Random(20241207)
    org = make_org(session)
    document = add_document(session, issued_on=date(2024, 1, 1))
    leads = [org.branch1, org.branch2, org.office]
    for n in range(120):
        lead = leads[n % 3]
        task = Task(
            document_id=ident(document),
            ref=str(n),
            title=f"t{n}",
            lead_unit_id=lead.id,
            due_on=None if n % 7 == 0 else START + timedelta(days=rng.randrange(0, 40)),
            original_due_on=None,
            completed_on=_maybe(rng),
            cancelled_on=_maybe(rng) if n % 5 == 0 else None,
        )
        task.original_due_on = task.due_on
        session.add(task)
        session.flush()
        if n % 4 == 0:
            session.add(TaskCoOwner(task_id=ident(task), unit_id=org.office.id))
    session.commit()
    tasks = session.exec(select(Task)).all()
    co_owned = {c.task_id for c in session.exec(select(TaskCoOwner)).all()}
    for day in DAYS:
        expected = {
            t.id
            for t in tasks
            if t.due_on is not None
            and task_status(
                due_on=t.due_on, completed_on=t.completed_on, cancelled_on=t.cancelled_on, as_of=day
            ).status
            in (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)
        }
        found = open_deadlines(reader(session), day)
        assert {row[0] for row in found} == expected, day
        assert 10 < len(expected) < 110  # the data set has both kinds on every day asked
        assert set(open_co_owners(reader(session), day)) == expected & co_owned, day


def test_outstanding_duties_are_the_status_rules_pending_and_overdue(session: Session) -> None:
    rng = random.Random(7)
    org = make_org(session)
    duty = Duty(
        code="report",
        title="Báo cáo",
        kind=DutyKind.REPORT,
        cadence=Cadence.MONTHLY,
        due_rule=DueRule.DAYS_AFTER_PERIOD_END,
        due_value=5,
        starts_on=date(2024, 1, 1),
    )
    session.add(duty)
    session.flush()
    first: dict[int, date | None] = {}
    for n in range(90):
        unit = (org.branch1, org.branch2, org.office)[n % 3]
        instance = DutyInstance(
            duty_id=ident_duty(duty),
            unit_id=ident(unit),
            period_key=f"p{n}",
            period_start=date(2024, 5, 1),
            period_end=date(2024, 5, 31),
            due_on=START + timedelta(days=rng.randrange(0, 40)),
            waived_on=_maybe(rng) if n % 6 == 0 else None,
        )
        session.add(instance)
        session.flush()
        assert instance.id is not None
        submitted = sorted(d for d in (_maybe(rng), _maybe(rng)) if d is not None)
        for on in submitted:  # a second submission (a correction) does not change the first
            session.add(DutySubmission(instance_id=instance.id, submitted_on=on))
        first[instance.id] = submitted[0] if submitted else None
    session.commit()
    instances = session.exec(select(DutyInstance)).all()
    for day in DAYS:
        expected = {
            i.id
            for i in instances
            if i.id is not None
            and duty_status(
                due_on=i.due_on, submitted_on=first[i.id], waived_on=i.waived_on, as_of=day
            ).status
            in OUTSTANDING
        }
        assert {row[0] for row in outstanding_duties(reader(session), day)} == expected, day
        assert 5 < len(expected) < 85


def ident_duty(duty: Duty) -> int:
    assert duty.id is not None
    return duty.id
