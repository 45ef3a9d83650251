"""Concurrent lifecycle changes of one task serialise: real processes, both backends.

Six processes extend the same task at the same moment, each to a different date, in
four rounds. Each
extension must start from the deadline the previous one set (no two from the same
deadline, no deadline in force earlier than an approved extension); an extension that is
no longer later than the deadline in force is refused with a message, not lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from documents.minutes import import_minutes
from models.calendar import WorkCalendar
from models.db import make_engine
from models.history import TaskAction, TaskEvent
from models.tasks import DeadlineExtension, Task
from tests.cli.hostile_corpus import minutes

PROCESSES = 6
ROUNDS = 4
ORIGINAL = date(2024, 12, 31)


@pytest.fixture
def one_task(db_url: str, tmp_path: Path) -> sa.Engine:
    path = tmp_path / "m.yaml"
    path.write_bytes(minutes(deadline=ORIGINAL.isoformat())())
    engine = make_engine(db_url)
    with Session(engine) as session:
        import_minutes(session, path, "test", WorkCalendar())
        session.commit()
    return engine


def _extend_together(db_url: str, tmp_path: Path) -> list[dict[str, object]]:
    """ROUNDS rounds; in each, PROCESSES processes extend at once to dates of that round."""
    env = {**os.environ, "DONDOC_DATABASE_URL": db_url, "DONDOC_ACTOR": "clerk", "COLUMNS": "500"}
    env.pop("DONDOC_LANG", None)
    day = iter(range(1, ROUNDS * PROCESSES + 1))
    rounds = [[(ORIGINAL + timedelta(days=next(day))) for _ in range(PROCESSES)]
              for _ in range(ROUNDS)]  # fmt: skip
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.models.extend_child",
                str(tmp_path),
                f"p{i}",
                # every child gets a different date each round; the latest goes to a
                # different child each time, so the winning order varies
                *(dates[(i + r) % PROCESSES].isoformat() for r, dates in enumerate(rounds)),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    deadline = time.monotonic() + 600  # start-up under load; never a timing assertion
    for r in range(ROUNDS):
        while len(list(tmp_path.glob(f"ready-{r}-*"))) < PROCESSES:
            assert time.monotonic() < deadline, "children did not get ready"
            time.sleep(0.02)
        (tmp_path / f"go-{r}").touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(results) == ROUNDS * PROCESSES
    return results


def test_concurrent_extends_chain_one_after_another(
    one_task: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    results = _extend_together(db_url, tmp_path)
    refused = [r for r in results if r["exit"] != 0]
    for result in refused:
        assert result["exit"] == 2, result
        assert "phải sau thời hạn hiện tại" in " ".join(str(result["output"]).split()), result
    with Session(one_task) as session:
        task = session.exec(select(Task)).one()
        extensions = list(
            session.exec(select(DeadlineExtension).order_by(col(DeadlineExtension.id)))
        )
        events = list(
            session.exec(
                select(TaskEvent)
                .where(TaskEvent.action == TaskAction.EXTENDED)
                .order_by(col(TaskEvent.id))
            )
        )
    assert len(extensions) == len(events) == len(results) - len(refused) >= ROUNDS
    previous = ORIGINAL
    for extension, event in zip(extensions, events, strict=True):
        assert extension.previous_due_on == previous  # starts where the last one ended
        assert extension.new_due_on > previous
        assert event.changes["due_on"] == [previous.isoformat(), extension.new_due_on.isoformat()]
        previous = extension.new_due_on
    assert task.due_on == previous == max(e.new_due_on for e in extensions)
    assert task.original_due_on == ORIGINAL
