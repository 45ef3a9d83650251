"""Status classification on boundary dates; the SQL form agrees with the Python form."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.errors import TrackerError
from models.lifecycle import complete_task, create_task, extend_deadline
from models.queries import TaskFilter, list_tasks
from models.status import (
    STATUS_BY_CODE,
    StatusView,
    TaskStatus,
    parse_status,
    status_case,
    task_status,
)
from tests.builders import add_document, ident, make_org, reader

D = date
DUE = D(2024, 3, 31)

CASES = [
    # (label, due_on, completed_on, cancelled_on, as_of, expected)
    (
        "deadline day itself",
        DUE,
        None,
        None,
        D(2024, 3, 31),
        StatusView(TaskStatus.IN_PROGRESS, days_left=0),
    ),
    (
        "day before deadline",
        DUE,
        None,
        None,
        D(2024, 3, 30),
        StatusView(TaskStatus.IN_PROGRESS, days_left=1),
    ),
    (
        "one day after",
        DUE,
        None,
        None,
        D(2024, 4, 1),
        StatusView(TaskStatus.OVERDUE, days_overdue=1),
    ),
    (
        "twelve days after",
        DUE,
        None,
        None,
        D(2024, 4, 12),
        StatusView(TaskStatus.OVERDUE, days_overdue=12),
    ),
    (
        "done on the deadline",
        DUE,
        D(2024, 3, 31),
        None,
        D(2024, 4, 5),
        StatusView(TaskStatus.DONE_ON_TIME),
    ),
    (
        "done one day late",
        DUE,
        D(2024, 4, 1),
        None,
        D(2024, 4, 5),
        StatusView(TaskStatus.DONE_LATE, days_overdue=1),
    ),
    (
        "done later than as-of",
        DUE,
        D(2024, 4, 10),
        None,
        D(2024, 4, 5),
        StatusView(TaskStatus.OVERDUE, days_overdue=5),
    ),
    ("standing task", None, None, None, D(2024, 4, 5), StatusView(TaskStatus.STANDING)),
    (
        "standing task done",
        None,
        D(2024, 4, 1),
        None,
        D(2024, 4, 5),
        StatusView(TaskStatus.DONE_ON_TIME),
    ),
    ("cancelled", DUE, None, D(2024, 3, 1), D(2024, 4, 5), StatusView(TaskStatus.CANCELLED)),
    (
        "cancelled on the as-of day",
        DUE,
        None,
        D(2024, 4, 5),
        D(2024, 4, 5),
        StatusView(TaskStatus.CANCELLED),
    ),
    (
        "done on the as-of day, late",
        DUE,
        D(2024, 4, 5),
        None,
        D(2024, 4, 5),
        StatusView(TaskStatus.DONE_LATE, days_overdue=5),
    ),
    (
        "done on the deadline day, as of that day",
        DUE,
        DUE,
        None,
        DUE,
        StatusView(TaskStatus.DONE_ON_TIME),
    ),
    (
        "cancelled after as-of",
        DUE,
        None,
        D(2024, 4, 10),
        D(2024, 4, 5),
        StatusView(TaskStatus.OVERDUE, days_overdue=5),
    ),
]


@pytest.mark.parametrize(
    ("due", "done", "cancelled", "as_of", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_status_on_boundary_dates(
    due: date | None, done: date | None, cancelled: date | None, as_of: date, expected: StatusView
) -> None:
    assert (
        task_status(due_on=due, completed_on=done, cancelled_on=cancelled, as_of=as_of) == expected
    )


def test_done_after_an_extension_counts_against_the_new_deadline(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.office,
        due_on=DUE,
        actor="x",
    )
    extend_deadline(session, task, D(2024, 4, 30), "data late", org.secretary, D(2024, 3, 29), "x")
    complete_task(session, task, D(2024, 4, 20), actor="x")
    session.commit()
    (row,) = list_tasks(reader(session), TaskFilter(task_ids=[ident(task)]), D(2024, 5, 1))
    assert row.status == StatusView(TaskStatus.DONE_ON_TIME)
    assert (row.original_due_on, row.due_on, row.extended) == (DUE, D(2024, 4, 30), True)


def test_sql_status_agrees_with_python_on_every_case(engine: sa.Engine) -> None:
    """One task per case, then each as-of date of any case: the SQL rule (the CASE as text
    and as a code, and the status filter) gives what the Python rule gives on the task's
    own dates, never on what a query computed from them."""
    with Session(engine) as session:
        org = make_org(session)
        document = add_document(session, issued_on=D(2024, 1, 1))
        dates: dict[int, tuple[date | None, date | None, date | None]] = {}
        for i, (_, due, done, cancelled, _, _) in enumerate(CASES):
            task = create_task(
                session,
                document=document,
                ref=str(i),
                title=f"case {i}",
                lead=org.office,
                due_on=due,
                actor="x",
            )
            task.completed_on, task.cancelled_on = done, cancelled
            session.add(task)
            session.flush()
            dates[ident(task)] = (due, done, cancelled)
        session.commit()
        for as_of in sorted({c[4] for c in CASES}):
            python = {
                i: task_status(due_on=due, completed_on=done, cancelled_on=off, as_of=as_of)
                for i, (due, done, off) in dates.items()
            }
            expected = {i: view.status for i, view in python.items()}
            text = reader(session).fetch(
                f"SELECT t.id, {status_case()} FROM task t", {"as_of": as_of}
            )
            assert {i: TaskStatus(s) for i, s in text} == expected, as_of
            sql = f"SELECT t.id, {status_case(as_code=True)} FROM task t"
            coded = reader(session).fetch(sql, {"as_of": as_of})
            assert {i: STATUS_BY_CODE[int(c)] for i, c in coded} == expected, as_of
            for status in TaskStatus:
                in_sql = {
                    r.id for r in list_tasks(reader(session), TaskFilter(statuses=[status]), as_of)
                }
                assert in_sql == {i for i, s in expected.items() if s is status}, (as_of, status)
            # What a list shows (days left, days overdue too) is the Python rule's answer.
            rows = list_tasks(reader(session), TaskFilter(), as_of)
            assert {r.id: r.status for r in rows} == python, as_of


def test_a_status_is_read_as_typed_in_either_language() -> None:
    typed = {
        "overdue": TaskStatus.OVERDUE,
        "quá hạn": TaskStatus.OVERDUE,
        "qua han": TaskStatus.OVERDUE,
        "Done late": TaskStatus.DONE_LATE,
        "hoàn thành đúng hạn": TaskStatus.DONE_ON_TIME,
        "STANDING": TaskStatus.STANDING,
        "Đã hủy": TaskStatus.CANCELLED,
    }
    assert {text: parse_status(text) for text in typed} == typed
    with pytest.raises(TrackerError) as refused:
        parse_status("late-ish")
    message = refused.value.render("en")
    assert message == (
        "Status «late-ish» is not valid; choose: done_on_time, done_late, in_progress,"
        " overdue, standing, cancelled (or its Vietnamese name)."
    )
