"""The benchmarks' synthetic history (``benchmarks.synthetic``, ``history=True``) reads as
the tracker's own: what the web's load test measures on the task page and the at-risk
badge is a history like the one the lifecycle writes, not rows nothing could have made."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from benchmarks.synthetic import Shape, populate
from models.history import TaskAction, TaskEvent
from models.tasks import Task
from models.timeline import timeline

SHAPE = Shape(tasks=1_500, open_tasks=300, people=60, units=20, years=3, seed=7, history=True)


def test_each_task_has_the_history_the_lifecycle_would_have_written(engine: Engine) -> None:
    populate(engine, SHAPE)
    with Session(engine) as session:
        tasks = {t.id or 0: t for t in session.exec(select(Task))}
        events: dict[int, list[TaskEvent]] = defaultdict(list)
        for event in session.exec(select(TaskEvent).order_by(col(TaskEvent.at), col(TaskEvent.id))):
            events[event.task_id].append(event)
    assert set(events) == set(tasks)
    as_of = datetime(SHAPE.as_of.year, SHAPE.as_of.month, SHAPE.as_of.day, tzinfo=UTC)
    for task_id, task in tasks.items():
        history = events[task_id]
        assert history[0].action is TaskAction.CREATED
        assert all(e.at.replace(tzinfo=UTC) < as_of for e in history)
        middle = [e.action for e in history[1:-1]]
        assert set(middle) <= {TaskAction.PROGRESS}, task_id
        closed = task.completed_on or task.cancelled_on
        if closed is not None:
            last = history[-1]
            assert last.action is (
                TaskAction.COMPLETED if task.completed_on else TaskAction.CANCELLED
            )
            assert last.at.date() == closed
        else:
            assert history[-1].action in (TaskAction.CREATED, TaskAction.PROGRESS)
        reported = [e.changes["progress"][1] for e in history if "progress" in e.changes]
        assert task.progress == (reported[-1] if reported else 0)
    # Some of each kind, in about the numbers a year of use leaves.
    actions = [e.action for history in events.values() for e in history]
    assert 2.5 < len(actions) / len(tasks) < 3.5
    assert {TaskAction.PROGRESS, TaskAction.COMPLETED, TaskAction.CANCELLED} <= set(actions)


def test_the_task_page_words_the_synthetic_history_as_its_own(engine: Engine) -> None:
    populate(engine, SHAPE)
    with Session(engine) as session:
        closed = session.exec(
            select(Task).where(col(Task.completed_on).is_not(None)).order_by(col(Task.id))
        ).first()
        assert closed is not None
        entries = timeline(session, closed, "en")
    # Each entry by a person's name (their code resolved), each worded, none a raw key.
    assert [e.who.startswith("Person ") for e in entries] == [True] * len(entries)
    assert entries[-1].text == f"Done on {closed.completed_on:%d/%m/%Y}"
    assert not any("tl." in e.text or "?" in e.text for e in entries)
