"""As of a date, every answer shows that date's truth: the deadline in force then, done
or not then, progress as recorded by then; in Python rows and in SQL filters alike."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from models.lifecycle import (
    cancel_task,
    complete_task,
    create_task,
    extend_deadline,
    update_progress,
)
from models.periods import parse_period
from models.queries import (
    TaskFilter,
    due_soon,
    list_tasks,
    overdue,
    rows_by_id,
    states_by_id,
    unit_summaries,
)
from models.status import StatusView, TaskStatus, due_in_force
from models.tasks import Task
from tests.builders import add_document, ident, make_org, reader

D = date
LATER = D(2099, 1, 1)  # after every change a test records (history is stamped "now")


def test_due_in_force_ignores_extensions_approved_later() -> None:
    steps = [(D(2024, 3, 25), D(2024, 3, 15)), (D(2024, 4, 20), D(2024, 4, 30))]
    assert due_in_force(D(2024, 5, 31), steps, D(2024, 3, 20)) == D(2024, 3, 15)
    assert due_in_force(D(2024, 5, 31), steps, D(2024, 3, 25)) == D(2024, 4, 30)
    assert due_in_force(D(2024, 5, 31), steps, D(2024, 4, 20)) == D(2024, 5, 31)


def test_an_extension_approved_later_does_not_rescue_an_earlier_date(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.office,
        due_on=D(2024, 3, 15),
        actor="x",
    )
    extend_deadline(session, task, D(2024, 4, 30), "late data", org.secretary, D(2024, 3, 25), "x")
    session.commit()
    r = reader(session)
    only = TaskFilter(task_ids=[ident(task)], history=True)
    (before,) = list_tasks(r, only, D(2024, 3, 20))
    assert before.status == StatusView(TaskStatus.OVERDUE, days_overdue=5)
    assert (before.due_on, before.extended) == (D(2024, 3, 15), False)
    (after,) = list_tasks(r, only, D(2024, 3, 26))
    assert after.status == StatusView(TaskStatus.IN_PROGRESS, days_left=35)
    assert (after.due_on, after.original_due_on) == (D(2024, 4, 30), D(2024, 3, 15))
    # The SQL forms agree: status filter, overdue window, due-soon window, summaries.
    as_of = D(2024, 3, 20)
    overdue_then = TaskFilter(statuses=[TaskStatus.OVERDUE])
    assert [row.id for row in list_tasks(r, overdue_then, as_of)] == [ident(task)]
    page = overdue(r, TaskFilter(), as_of)
    assert ([row.id for row in page.rows], page.total) == ([ident(task)], 1)
    assert due_soon(r, TaskFilter(), as_of, 60).total == 0
    assert due_soon(r, TaskFilter(), D(2024, 3, 26), 60).total == 1
    assert overdue(r, TaskFilter(), D(2024, 3, 26)).total == 0
    march = parse_period("2024-03")
    (office,) = [s for s in unit_summaries(r, march, as_of) if s.code == "VP"]
    assert office.counts[TaskStatus.OVERDUE] == 1
    # By the end of March the deadline in force was 30 April: no March task any more.
    assert not [s for s in unit_summaries(r, march, D(2024, 3, 31)) if s.code == "VP"]


def test_completion_and_progress_show_only_once_they_happened(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.office,
        due_on=D(2024, 6, 30),
        actor="x",
    )
    update_progress(session, task, 60, "x", "half")
    complete_task(session, task, D(2024, 5, 2), "x", "done", today=D(2024, 12, 31))
    session.commit()
    r = reader(session)
    only = TaskFilter(task_ids=[ident(task)], history=True)
    (before,) = list_tasks(r, only, D(2024, 4, 30))
    # On 30 April it was open; its progress was recorded only later ("now").
    assert (before.status.status, before.completed_on, before.completion_note) == (
        TaskStatus.IN_PROGRESS,
        None,
        None,
    )
    assert before.progress == 0
    (done,) = list_tasks(r, only, D(2024, 5, 2))
    assert (done.status.status, done.completed_on, done.progress) == (
        TaskStatus.DONE_ON_TIME,
        D(2024, 5, 2),
        100,
    )
    (now,) = list_tasks(r, only, LATER)
    assert now.completion_note == "done"


def test_progress_recorded_later_is_rewound_for_an_open_task(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.office,
        due_on=D(2024, 6, 30),
        actor="x",
    )
    update_progress(session, task, 30, "x")
    update_progress(session, task, 70, "x")
    session.commit()
    r = reader(session)
    only = TaskFilter(task_ids=[ident(task)], history=True)
    assert list_tasks(r, only, D(2024, 4, 30))[0].progress == 0
    assert list_tasks(r, only, LATER)[0].progress == 70
    # The present state seen through an injected "today" (the web, reminders) is current.
    present = TaskFilter(task_ids=[ident(task)])
    assert list_tasks(r, present, D(2024, 4, 30))[0].progress == 70


def test_unit_summaries_count_each_task_by_its_deadline_then(session: Session) -> None:
    """Tasks extended later move into, out of and within a period; the summary on each
    date agrees with the rows as they stood then (the Python form of the rule)."""
    org = make_org(session)
    document = add_document(session, issued_on=D(2024, 1, 1))
    moves = [  # (deadline at first, extended to, approved on)
        (D(2024, 3, 10), D(2024, 3, 28), D(2024, 3, 25)),  # within March
        (D(2024, 3, 15), D(2024, 4, 30), D(2024, 3, 25)),  # out of March
        (D(2024, 2, 20), D(2024, 3, 5), D(2024, 3, 25)),  # into March
        (D(2024, 3, 12), D(2024, 3, 29), D(2024, 4, 2)),  # twice: within, then out
        (D(2024, 3, 20), None, None),  # never extended
    ]
    for i, (due, new_due, approved) in enumerate(moves):
        task = create_task(
            session, document=document, ref=str(i), title=f"t{i}", lead=org.office, due_on=due,
            actor="x",
        )  # fmt: skip
        if new_due is not None and approved is not None:
            extend_deadline(session, task, new_due, "r", org.secretary, approved, "x")
        if i == 3:
            extend_deadline(session, task, D(2024, 5, 3), "r", org.secretary, D(2024, 4, 9), "x")
    session.commit()
    r = reader(session)
    march = parse_period("2024-03")
    for as_of in (D(2024, 3, 1), D(2024, 3, 20), D(2024, 3, 26), D(2024, 4, 5), D(2024, 5, 1)):
        expected: dict[TaskStatus, int] = {}
        for row in list_tasks(r, TaskFilter(), as_of):
            if row.due_on is not None and march.start <= row.due_on <= march.end:
                expected[row.status.status] = expected.get(row.status.status, 0) + 1
        found = [s for s in unit_summaries(r, march, as_of) if s.code == "VP"]
        counts = {k: n for k, n in found[0].counts.items() if n} if found else {}
        assert counts == expected, as_of
        assert sum(expected.values()) >= 2  # each date has tasks in March to count


def test_states_by_id_are_the_statuses_of_the_full_rows(session: Session) -> None:
    """The light read a reminder run decides with gives each task the status its full row
    has, on every date around extensions, a completion and a cancellation."""
    org = make_org(session)
    document = add_document(session)

    refs = iter(range(1, 100))

    def task(due: date | None) -> Task:
        ref = str(next(refs))
        return create_task(
            session, document=document, ref=ref, title="t", lead=org.office, due_on=due, actor="x"
        )

    extended, twice, done, cancelled = (task(D(2024, 3, d)) for d in (15, 10, 15, 20))
    standing, plain = task(None), task(D(2024, 3, 18))
    extend_deadline(session, extended, D(2024, 4, 30), "r", org.secretary, D(2024, 3, 25), "x")
    extend_deadline(session, twice, D(2024, 3, 20), "r", org.secretary, D(2024, 3, 12), "x")
    extend_deadline(session, twice, D(2024, 3, 31), "r", org.secretary, D(2024, 3, 22), "x")
    complete_task(session, done, D(2024, 3, 17), "x", today=D(2024, 12, 31))
    cancel_task(session, cancelled, D(2024, 3, 19), "dropped", "x")
    session.commit()
    r = reader(session)
    ids = [ident(t) for t in (extended, twice, done, cancelled, standing, plain)] + [10_000]
    for day in range(5, 30):  # the last id is no task's
        as_of = D(2024, 3, day)
        full = {row.id: row.status for row in rows_by_id(r, ids, as_of)}
        assert len(full) == 6
        assert states_by_id(r, ids, as_of) == full, as_of
