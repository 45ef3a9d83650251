"""The at-risk and stale rules on their boundaries, through the one query that reads
them (both backends: the latest history entry is a timestamp read as a local day)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from models.history import TaskAction, TaskEvent
from models.lifecycle import create_task
from models.meetings import Document
from models.org import Unit
from models.risk import RiskReason, RiskRules, at_risk, task_risks
from models.settings import SettingsError
from models.tasks import Task
from tests.builders import add_document, ident, make_org, reader

RULES = RiskRules(margin=20, idle_days=14, little_done=50, stale_days=30)
START, DUE = date(2024, 3, 1), date(2024, 3, 31)  # 30 days allowed


def _task(session: Session, ref: str, progress: int, entry_at: datetime) -> Task:
    """A task of 30 days (01/03 to 31/03/2024) at ``progress``, last touched at ``entry_at``."""
    lead = session.exec(select(Unit).where(Unit.code == "CB1")).first()
    if lead is None:
        lead = make_org(session).branch1
        add_document(session, issued_on=date(2024, 2, 1))
    document = session.exec(select(Document)).one()
    task = create_task(
        session,
        document=document,
        ref=ref,
        title=f"T{ref}",
        lead=lead,
        actor="t",
        due_on=DUE,
        start_on=START,
    )
    task.progress = progress
    session.add(task)
    session.add(TaskEvent(task_id=ident(task), at=entry_at, actor="t", action=TaskAction.PROGRESS))
    session.flush()
    return task


def test_behind_at_the_margin_is_not_yet_at_risk(session: Session) -> None:
    recent = datetime(2024, 3, 15, 3, 0, tzinfo=UTC)
    on_margin = _task(session, "1", 30, recent)  # half the time gone: 30 + 20 = 50
    below = _task(session, "2", 29, recent)
    found = task_risks(reader(session), date(2024, 3, 16), rules=RULES)
    assert found[ident(on_margin)].risk is None
    risk = found[ident(below)].risk
    assert risk is not None and risk.reason is RiskReason.BEHIND and risk.expected == 50


def test_idle_counts_local_days_from_the_latest_entry(session: Session) -> None:
    # 17:30 UTC on 29/02 is 00:30 on 01/03 in Hà Nội: the entry's day is 01/03.
    task = _task(session, "1", 40, datetime(2024, 2, 29, 17, 30, tzinfo=UTC))
    # Progress 40 on 14/03 (13 of 30 days = 43 %): not behind by 20 points.
    found = task_risks(reader(session), date(2024, 3, 14), rules=RULES)[ident(task)]
    assert found.idle_days == 13 and found.risk is None
    found = task_risks(reader(session), date(2024, 3, 15), rules=RULES)[ident(task)]
    assert found.idle_days == 14
    assert found.risk is not None and found.risk.reason is RiskReason.IDLE


def test_idle_with_much_done_is_not_at_risk(session: Session) -> None:
    task = _task(session, "1", 50, datetime(2024, 3, 1, 3, 0, tzinfo=UTC))
    assert task_risks(reader(session), date(2024, 3, 20), rules=RULES)[ident(task)].risk is None


def test_stale_on_its_day_and_per_kind(session: Session) -> None:
    task = _task(session, "1", 90, datetime(2024, 3, 1, 3, 0, tzinfo=UTC))
    tid = ident(task)
    assert not task_risks(reader(session), date(2024, 3, 30), rules=RULES)[tid].stale
    assert task_risks(reader(session), date(2024, 3, 31), rules=RULES)[tid].stale
    slower = RiskRules(stale_days=30, stale_by_kind=(("resolution", 45),))
    assert not task_risks(reader(session), date(2024, 3, 31), rules=slower)[tid].stale
    # Overdue tasks stay stale-checked; an entry after the day asked is not counted.
    session.add(
        TaskEvent(
            task_id=tid,
            at=datetime(2024, 4, 2, 3, tzinfo=UTC),
            actor="t",
            action=TaskAction.PROGRESS,
        )
    )
    session.flush()
    assert task_risks(reader(session), date(2024, 4, 1), rules=RULES)[tid].stale
    assert not task_risks(reader(session), date(2024, 4, 2), rules=RULES)[tid].stale


def test_overdue_standing_and_closed_tasks_are_never_at_risk(session: Session) -> None:
    task = _task(session, "1", 0, datetime(2024, 3, 1, 3, 0, tzinfo=UTC))
    assert task_risks(reader(session), date(2024, 3, 31), rules=RULES)[ident(task)].risk
    assert task_risks(reader(session), date(2024, 4, 1), rules=RULES)[ident(task)].risk is None
    task.completed_on = date(2024, 3, 20)
    session.add(task)
    session.flush()
    assert ident(task) not in task_risks(reader(session), date(2024, 3, 25), rules=RULES)
    assert (
        at_risk(start_on=START, due_on=None, progress=0, last_entry=START, as_of=DUE, rules=RULES)
        is None
    )


def test_a_deadline_on_its_start_day_is_behind_until_done() -> None:
    risk = at_risk(
        start_on=START, due_on=START, progress=99, last_entry=START, as_of=START, rules=RULES
    )
    assert risk is not None and risk.expected == 100


def test_settings_from_the_environment() -> None:
    rules = RiskRules.from_environment(
        {"DONDOC_RISK_MARGIN": "10", "DONDOC_STALE_DAYS": "20, plan=60"}
    )
    assert rules.margin == 10 and rules.stale_after("plan") == 60
    assert rules.stale_after("directive") == 20 and rules.idle_days == 14
    for bad in (
        {"DONDOC_STALE_DAYS": "nghi=3"},
        {"DONDOC_RISK_MARGIN": "101"},
        {"DONDOC_STALE_DAYS": "plan=0"},
    ):
        with pytest.raises(SettingsError):
            RiskRules.from_environment(bad)
