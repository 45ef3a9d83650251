"""Every change the lifecycle makes, called directly, each effect read back from the
database (both backends): the stored fields, the history event (kind, actor, before and
after, the note), the code and parameters of every refusal, the ``today`` given, a
parent's roll-up from its parts, and the row lock each change takes first.

Written for ``make mutation`` (issue #31): the functions tested here were exercised only
through the office, web and command-line doors, which mutmut does not run per mutant.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from models.clock import today as committee_today
from models.db import make_engine
from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.i18n import Term
from models.inputs import LONG_TEXT
from models.lifecycle import (
    EDITABLE_FIELDS,
    _roll_up,
    cancel_task,
    check_decision_day,
    co_owners_of,
    complete_task,
    correct_deadline,
    create_task,
    extend_deadline,
    history_of,
    lock,
    record,
    reopen_task,
    restore_task,
    set_co_owners,
    set_lead,
    update_progress,
    update_task,
)
from models.meetings import Document
from models.org import Person, Unit
from models.tasks import Task, TaskCoOwner
from tests.builders import Org, add_document, add_person, ident, make_org

ISSUED = date(2024, 1, 29)  # add_document's issue date
START = date(2024, 2, 5)
DUE = date(2024, 3, 15)
TODAY = date(2024, 3, 20)


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def document(session: Session) -> Document:
    return add_document(session)


@pytest.fixture
def member(session: Session, org: Org) -> Person:
    return add_person(session, "member", org.branch1)


def _task(
    session: Session,
    document: Document,
    lead: Unit | Person,
    ref: str = "1",
    due_on: date | None = DUE,
    **kwargs: Any,
) -> Task:
    return create_task(
        session, document=document, ref=ref, title="Báo cáo", lead=lead, due_on=due_on,
        actor="creator", **kwargs,
    )  # fmt: skip


def _refused(change: Any, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(TrackerError) as refused:
        change(*args, **kwargs)
    return refused.value.code, refused.value.params


def _stored(session: Session, task: Task, *names: str) -> tuple[Any, ...]:
    """The task's columns as the database holds them (not the object in memory)."""
    session.flush()
    columns = Task.__table__.c  # type: ignore[attr-defined]
    row = session.execute(
        sa.select(*(columns[n] for n in names)).where(columns.id == task.id)
    ).one()
    return tuple(row)


def _events(session: Session, task: Task) -> list[tuple[str, str, dict[str, Any], str | None]]:
    """The task's history as stored, after its creation: (kind, actor, changes, note)."""
    session.flush()
    session.expire_all()
    return [(e.action.value, e.actor, e.changes, e.note) for e in history_of(session, task)[1:]]


def _label(task: Task) -> str:
    return f"#{task.id} «{task.title}»"


class _Kind(enum.Enum):
    """A plain enum (not a ``str``): JSON takes it only through its value."""

    PLAIN = "plain"


# create_task and record -------------------------------------------------------------


def test_create_task_stores_every_field_and_records_its_creation(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    parent = _task(session, document, org.branch1, ref="1")
    task = _task(
        session, document, member, ref="1.a", start_on=START, description="Chi tiết",
        co_owners=[org.branch2, org.deputy], parent_id=parent.id,
    )  # fmt: skip
    assert _stored(
        session, task, "document_id", "ref", "title", "description", "start_on",
        "original_due_on", "due_on", "parent_id", "lead_unit_id", "lead_person_id", "progress",
    ) == (
        document.id, "1.a", "Báo cáo", "Chi tiết", START, DUE, DUE, parent.id, None, member.id, 0,
    )  # fmt: skip
    owners = [(c.unit_id, c.person_id) for c in co_owners_of(session, task)]
    assert owners == [(org.branch2.id, None), (None, org.deputy.id)]
    (created,) = history_of(session, task)
    assert (created.action, created.actor, created.changes, created.note) == (
        TaskAction.CREATED,
        "creator",
        {
            "due_on": [None, "2024-03-15"],
            "co_owners": [[], [f"unit:{org.branch2.id}", f"person:{org.deputy.id}"]],
        },
        None,
    )
    # A unit lead: the unit's column, not the person's; no deadline, none recorded.
    standing = _task(session, document, org.branch2, ref="2", due_on=None)
    assert _stored(session, standing, "lead_unit_id", "lead_person_id", "due_on") == (
        org.branch2.id,
        None,
        None,
    )
    assert history_of(session, standing)[0].changes == {
        "due_on": [None, None],
        "co_owners": [[], []],
    }


def test_create_task_refuses_a_taken_ref_bad_texts_and_bad_dates(
    session: Session, org: Org, document: Document
) -> None:
    first = _task(session, document, org.branch1, ref="1")
    assert _refused(_task, session, document, org.branch1, ref="1") == (
        "task_ref_taken",
        {"field": "ref", "ref": "1", "document": document.number, "id": first.id},
    )
    other = add_document(session, number="02")
    _task(session, other, org.branch1, ref="1")  # the same ref in another document
    long_ref, long_title = "x" * 41, "x" * 1001
    _task(session, document, org.branch1, ref="y" * 40)
    assert _refused(_task, session, document, org.branch1, ref=long_ref)[1]["field"] == "ref"
    code, params = _refused(
        create_task, session, document=document, ref="3", title=long_title, lead=org.branch1,
        actor="t",
    )  # fmt: skip
    assert (code, params["field"], params["limit"]) == ("text_too_long", "title", 1000)
    create_task(session, document=document, ref="4", title="x" * 1000, lead=org.branch1, actor="t")
    code, params = _refused(
        _task, session, document, org.branch1, ref="5", description="x" * (LONG_TEXT + 1)
    )
    assert (code, params["field"]) == ("text_too_long", "description")
    assert (
        _refused(_task, session, document, org.branch1, ref="6", due_on=date(2024, 1, 28))[0]
        == "deadline_before_issue"
    )
    assert _refused(
        _task, session, document, org.branch1, ref="7", start_on=START, due_on=date(2024, 2, 4)
    ) == (
        "deadline_before_start",
        {"field": "deadline", "deadline": date(2024, 2, 4), "start": START},
    )
    refs = session.execute(sa.select(Task.__table__.c.ref)).scalars().all()  # type: ignore[attr-defined]
    assert sorted(refs) == sorted(["1", "1", "y" * 40, "4"])


def test_record_checks_the_actor_and_stores_changes_as_json(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    code, params = _refused(record, session, task, TaskAction.UPDATED, "a" * 121)
    assert (code, params["field"], params["limit"]) == ("text_too_long", "actor", 120)
    record(session, task, TaskAction.UPDATED, "a" * 120)
    changes = {"on": (None, date(2024, 5, 1)), "kind": (_Kind.PLAIN, "x"), "n": (1, 2)}
    event = record(session, task, TaskAction.UPDATED, "clerk", changes, "vì sao")
    assert isinstance(event, TaskEvent) and event.task_id == task.id
    assert _events(session, task) == [
        ("updated", "a" * 120, {}, None),
        (
            "updated",
            "clerk",
            {"on": [None, "2024-05-01"], "kind": ["plain", "x"], "n": [1, 2]},
            "vì sao",
        ),
    ]


def test_record_asks_for_a_flushed_task(session: Session, document: Document) -> None:
    """A programming error, said plainly: the event needs the task's id."""
    unsaved = Task(document_id=ident(document), ref="9", title="t")
    with pytest.raises(AssertionError, match=r"^flush the task before recording its history$"):
        record(session, unsaved, TaskAction.UPDATED, "t")


def test_co_owners_change_by_who_they_are_units_and_people_alike(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    task = _task(session, document, org.branch1, co_owners=[member, org.branch2])
    assert set_co_owners(session, task, [org.branch2, member], "office") is False  # same two
    assert set_co_owners(session, task, [member, org.deputy], "office")
    assert set_co_owners(session, task, [org.deputy, member], "office") is False
    assert [(c.unit_id, c.person_id) for c in co_owners_of(session, task)] == [
        (None, member.id),
        (None, org.deputy.id),
    ]
    assert _events(session, task) == [
        (
            "owners_changed",
            "office",
            {
                "co_owners": [
                    sorted([f"person:{member.id}", f"unit:{org.branch2.id}"]),
                    sorted([f"person:{member.id}", f"person:{org.deputy.id}"]),
                ]
            },
            None,
        )
    ]


def test_co_owners_come_back_by_id_whatever_the_storage_order(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    """Rows stored out of id order (PostgreSQL reads them as stored without the
    ``ORDER BY``) come back by id; another task's are not among them."""
    task = _task(session, document, org.branch1)
    other = _task(session, document, org.branch1, ref="2")
    for row_id, task_id, person in ((9_050, ident(task), member), (9_040, ident(other), member)):
        session.add(TaskCoOwner(id=row_id, task_id=task_id, person_id=person.id))
        session.flush()
    session.add(TaskCoOwner(id=9_030, task_id=ident(task), unit_id=org.branch2.id))
    session.flush()
    assert [c.id for c in co_owners_of(session, task)] == [9_030, 9_050]


# update_task and set_lead -----------------------------------------------------------


def test_update_task_sets_only_what_changed_and_records_it(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1, description="cũ")
    old = task.updated_at = datetime(2024, 1, 1, tzinfo=UTC)
    assert update_task(session, task, "editor", title="Báo cáo", description="cũ") is False
    assert _events(session, task) == []
    assert update_task(
        session, task, "editor", title="Báo cáo quý", description="mới", start_on=START
    )
    assert _stored(session, task, "title", "description", "start_on") == (
        "Báo cáo quý",
        "mới",
        START,
    )
    assert _stored(session, task, "updated_at")[0] > old
    assert _events(session, task) == [
        (
            "updated",
            "editor",
            {
                "title": ["Báo cáo", "Báo cáo quý"],
                "description": ["cũ", "mới"],
                "start_on": [None, "2024-02-05"],
            },
            None,
        )
    ]


def test_update_task_refuses_other_fields_and_bad_texts(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    assert EDITABLE_FIELDS == ("title", "description", "start_on", "lead_unit_id", "lead_person_id")
    with pytest.raises(
        ValueError, match=r"^not editable through update_task: \['due_on', 'progress'\]$"
    ):
        update_task(session, task, "t", due_on=date(2024, 6, 1), progress=50, title="x")
    code, params = _refused(update_task, session, task, "t", title="x" * 1001)
    assert (code, params["field"], params["limit"]) == ("text_too_long", "title", 1000)
    update_task(session, task, "t", title="x" * 1000)
    code, params = _refused(update_task, session, task, "t", description="x" * (LONG_TEXT + 1))
    assert (code, params["field"]) == ("text_too_long", "description")
    assert _stored(session, task, "title", "due_on", "progress") == ("x" * 1000, DUE, 0)


def test_set_lead_switches_between_a_unit_and_a_person(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    task = _task(session, document, org.branch1)
    assert set_lead(session, task, member, "office")
    assert _stored(session, task, "lead_unit_id", "lead_person_id") == (None, member.id)
    assert set_lead(session, task, member, "office") is False
    assert set_lead(session, task, org.branch2, "office")
    assert _stored(session, task, "lead_unit_id", "lead_person_id") == (org.branch2.id, None)
    assert _events(session, task) == [
        (
            "updated",
            "office",
            {"lead_unit_id": [org.branch1.id, None], "lead_person_id": [None, member.id]},
            None,
        ),
        (
            "updated",
            "office",
            {"lead_unit_id": [None, org.branch2.id], "lead_person_id": [member.id, None]},
            None,
        ),
    ]


# correct_deadline --------------------------------------------------------------------


def test_correct_deadline_moves_both_deadlines_and_records_the_old_ones(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    assert correct_deadline(session, task, DUE, "office") is False
    assert correct_deadline(session, task, date(2024, 3, 31), "office")
    assert _stored(session, task, "original_due_on", "due_on") == (date(2024, 3, 31),) * 2
    assert correct_deadline(session, task, None, "office2")
    assert _stored(session, task, "original_due_on", "due_on") == (None, None)
    assert _events(session, task) == [
        (
            "updated",
            "office",
            {
                "original_due_on": ["2024-03-15", "2024-03-31"],
                "due_on": ["2024-03-15", "2024-03-31"],
            },
            None,
        ),
        (
            "updated",
            "office2",
            {"original_due_on": ["2024-03-31", None], "due_on": ["2024-03-31", None]},
            None,
        ),
    ]


def test_an_extended_deadline_cannot_be_corrected(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    other = _task(session, document, org.branch1, ref="2")
    extend_deadline(session, other, date(2024, 4, 30), "chờ", org.secretary, DUE, "t")
    correct_deadline(session, task, date(2024, 3, 20), "office")  # another task's extension
    extend_deadline(session, task, date(2024, 4, 30), "chờ", org.secretary, DUE, "t")
    assert _refused(correct_deadline, session, task, date(2024, 3, 1), "office") == (
        "correct_extended",
        {"task": _label(task)},
    )
    assert _stored(session, task, "original_due_on", "due_on") == (
        date(2024, 3, 20),
        date(2024, 4, 30),
    )


# update_progress -----------------------------------------------------------------------


def test_update_progress_takes_0_to_100_and_records_the_step(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    update_progress(session, task, 100, "lead", "  gần xong ")
    update_progress(session, task, 0, "lead2")
    for wrong in (-1, 101):
        assert _refused(update_progress, session, task, wrong, "lead") == (
            "progress_range",
            {"value": wrong},
        )
    update_progress(session, task, 40, "lead3", "một nửa")
    assert _stored(session, task, "progress") == (40,)
    assert _events(session, task) == [
        ("progress", "lead", {"progress": [0, 100]}, "  gần xong "),
        ("progress", "lead2", {"progress": [100, 0]}, None),
        ("progress", "lead3", {"progress": [0, 40]}, "một nửa"),
    ]
    code, params = _refused(update_progress, session, task, 50, "lead", "x" * (LONG_TEXT + 1))
    assert (code, params["field"]) == ("text_too_long", "note")
    complete_task(session, task, DUE, "lead", today=TODAY)
    assert _refused(update_progress, session, task, 50, "lead") == (
        "task_closed",
        {"task": _label(task), "state": Term("state.completed"), "action": Term("action.progress")},
    )
    assert _stored(session, task, "progress") == (100,)


# reopen_task ------------------------------------------------------------------------------


def test_reopen_clears_the_completion_and_records_the_reason(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    assert _refused(reopen_task, session, task, "office", "sai") == (
        "not_completed",
        {"task": _label(task)},
    )
    complete_task(session, task, DUE, "lead", "Đã nộp", today=TODAY)
    code, params = _refused(reopen_task, session, task, "office", "x" * (LONG_TEXT + 1))
    assert (code, params["field"]) == ("text_too_long", "reason")
    reopen_task(session, task, "office", "Thiếu phụ lục")
    assert _stored(session, task, "completed_on", "completion_note", "progress") == (
        None,
        None,
        100,
    )
    assert _events(session, task)[1:] == [
        ("reopened", "office", {"completed_on": ["2024-03-15", None]}, "Thiếu phụ lục")
    ]


# restore_task and check_decision_day -------------------------------------------------


def test_restore_reopens_a_cancelled_task_on_the_day_decided(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    assert _refused(restore_task, session, task, "office", "cần lại", today=TODAY) == (
        "not_cancelled",
        {"task": _label(task)},
    )
    cancel_task(session, task, date(2024, 3, 1), "Không cần", "office", today=TODAY)
    code, params = _refused(restore_task, session, task, "o", "x" * (LONG_TEXT + 1), today=TODAY)
    assert (code, params["field"]) == ("text_too_long", "reason")
    assert _refused(restore_task, session, task, "o", "r", date(2024, 2, 29), today=TODAY) == (
        "restore_before_cancel",
        {"field": "restored_on", "value": date(2024, 2, 29), "cancelled": date(2024, 3, 1)},
    )
    assert _refused(restore_task, session, task, "o", "r", date(2024, 3, 21), today=TODAY) == (
        "decision_in_future",
        {"field": "restored_on", "value": date(2024, 3, 21), "today": TODAY},
    )
    restore_task(session, task, "office", "Cần lại", date(2024, 3, 1), today=TODAY)
    assert _stored(session, task, "cancelled_on", "cancel_reason") == (None, None)
    assert _events(session, task)[1:] == [
        (
            "reopened",
            "office",
            {"cancelled_on": ["2024-03-01", None], "restored_on": [None, "2024-03-01"]},
            "Cần lại",
        )
    ]


def test_restore_dates_the_decision_on_the_day_given_else_today(
    session: Session, org: Org, document: Document
) -> None:
    """``on`` first, then the ``today`` given, then the committee's own today."""
    days = []
    for ref, on, today in (("1", date(2024, 3, 5), TODAY), ("2", None, TODAY), ("3", None, None)):
        task = _task(session, document, org.branch1, ref=ref)
        cancel_task(session, task, date(2024, 3, 1), "x", "office", today=TODAY)
        before = committee_today()
        restore_task(session, task, "office", "r", on, today=today)
        days.append((history_of(session, task)[-1].changes["restored_on"][1], before))
    assert days[0][0] == "2024-03-05" and days[1][0] == "2024-03-20"
    assert days[2][0] in {days[2][1].isoformat(), committee_today().isoformat()}


def test_a_cancellation_is_dated_by_the_today_given_and_names_its_field(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    assert _refused(cancel_task, session, task, date(2024, 3, 21), "x", "o", today=TODAY) == (
        "decision_in_future",
        {"field": "cancelled_on", "value": date(2024, 3, 21), "today": TODAY},
    )
    assert _refused(cancel_task, session, task, date(2024, 1, 28), "x", "o", today=TODAY) == (
        "decision_before_task",
        {"field": "cancelled_on", "value": date(2024, 1, 28), "issued": ISSUED},
    )
    assert _stored(session, task, "cancelled_on", "cancel_reason") == (None, None)
    cancel_task(session, task, TODAY, "Không cần", "office", today=TODAY)
    assert _stored(session, task, "cancelled_on", "cancel_reason") == (TODAY, "Không cần")


def test_a_decision_is_dated_between_the_documents_issue_and_today(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    check_decision_day(session, task, TODAY, "cancelled_on", today=TODAY)
    check_decision_day(session, task, ISSUED, "cancelled_on", today=TODAY)
    assert _refused(check_decision_day, session, task, date(2024, 1, 28), "x", today=TODAY) == (
        "decision_before_task",
        {"field": "x", "value": date(2024, 1, 28), "issued": ISSUED},
    )
    assert _refused(check_decision_day, session, task, date(2024, 3, 21), "y", today=TODAY) == (
        "decision_in_future",
        {"field": "y", "value": date(2024, 3, 21), "today": TODAY},
    )
    # Without a ``today``: the committee's (a date of 2024 is past, next year's is not).
    check_decision_day(session, task, date(2024, 3, 21), "y")
    future = date(committee_today().year + 1, 1, 1)
    assert _refused(check_decision_day, session, task, future, "y")[0] == "decision_in_future"


# the roll-up of a parent from its parts -----------------------------------------------


def _parent_with_parts(
    session: Session, org: Org, document: Document, member: Person
) -> tuple[Task, Task, Task]:
    parent = _task(session, document, org.branch1, ref="1")
    first = _task(session, document, member, ref="1.a", parent_id=parent.id)
    second = _task(session, document, member, ref="1.b", parent_id=parent.id)
    return parent, first, second


def test_a_parent_progress_is_the_mean_of_its_parts(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    parent, first, second = _parent_with_parts(session, org, document, member)
    update_progress(session, first, 50, "lead")  # (50 + 0) / 2
    update_progress(session, second, 25, "lead")  # (50 + 25) // 2
    complete_task(session, first, DUE, "lead", today=TODAY)  # (100 + 25) // 2
    assert _stored(session, parent, "progress") == (62,)
    assert _events(session, parent) == [
        ("progress", "lead", {"progress": [0, 25], "sub_task": [None, first.id]}, None),
        ("progress", "lead", {"progress": [25, 37], "sub_task": [None, second.id]}, None),
        ("progress", "lead", {"progress": [37, 62], "sub_task": [None, first.id]}, None),
    ]
    cancel_task(session, second, DUE, "thừa", "office", today=TODAY)  # counted: first only
    reopen_task(session, first, "office", "sai")  # its own 100 % stays: the mean is 100
    assert _stored(session, parent, "progress") == (100,)
    update_progress(session, first, 80, "lead")
    assert _stored(session, parent, "progress") == (80,)
    third = _task(session, document, member, ref="1.c", parent_id=parent.id)  # a new part at 0
    assert _stored(session, parent, "progress") == (40,)
    assert [e[2] for e in _events(session, parent)[3:]] == [
        {"progress": [62, 100], "sub_task": [None, second.id]},
        {"progress": [100, 80], "sub_task": [None, first.id]},
        {"progress": [80, 40], "sub_task": [None, third.id]},
    ]


def test_the_roll_up_leaves_a_closed_parent_and_a_parent_of_cancelled_parts(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    parent, first, second = _parent_with_parts(session, org, document, member)
    cancel_task(session, first, DUE, "thừa", "office", today=TODAY)
    cancel_task(session, second, DUE, "thừa", "office", today=TODAY)  # none counts
    update_progress(session, parent, 30, "lead")
    assert _stored(session, parent, "progress") == (30,)
    restore_task(session, second, "office", "cần", DUE, today=TODAY)  # counts again: 0
    update_progress(session, parent, 30, "lead")
    # Only the changes that move a part's share roll up: an edit does not.
    update_task(session, second, "office", title="Đổi tên")
    assert _stored(session, parent, "progress") == (30,)
    assert [e[2] for e in _events(session, parent)] == [
        {"progress": [0, 30]},
        {"progress": [30, 0], "sub_task": [None, second.id]},
        {"progress": [0, 30]},
    ]
    for close in ("completed", "cancelled"):
        closed = _task(session, document, org.branch2, ref=f"p-{close}")
        part = _task(session, document, member, ref=f"p-{close}.a", parent_id=closed.id)
        update_progress(session, closed, 30, "lead")
        if close == "completed":
            complete_task(session, closed, DUE, "lead", today=TODAY)
        else:
            cancel_task(session, closed, DUE, "x", "office", today=TODAY)
        update_progress(session, part, 90, "lead")
        assert _stored(session, closed, "progress") == ((100,) if close == "completed" else (30,))
    # A parent that is gone (an id nothing has): nothing to roll up.
    _roll_up(session, 999_999, "lead", ident(first))


def test_a_part_of_another_parent_is_not_counted(
    session: Session, org: Org, document: Document, member: Person
) -> None:
    parent, first, _ = _parent_with_parts(session, org, document, member)
    other = _task(session, document, org.branch2, ref="2")
    elsewhere = _task(session, document, member, ref="2.a", parent_id=other.id)
    update_progress(session, elsewhere, 100, "lead")
    update_progress(session, first, 60, "lead")
    assert _stored(session, parent, "progress") == (30,)
    assert _stored(session, other, "progress") == (100,)


# lock: the row held, read again once per transaction --------------------------------


def _set_title_behind(session: Session, task: Task, title: str) -> None:
    """Change the stored row without the ORM object knowing (as another writer would)."""
    table = Task.__table__  # type: ignore[attr-defined]
    session.execute(sa.update(table).where(table.c.id == task.id).values(title=title))


def test_lock_reads_the_row_again_once_per_transaction(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)
    session.commit()
    _set_title_behind(session, task, "đổi bên ngoài")
    assert lock(session, task) is task and task.title == "đổi bên ngoài"
    _set_title_behind(session, task, "lần hai")
    lock(session, task)  # held already in this transaction: not read again
    assert task.title == "đổi bên ngoài"
    session.commit()
    _set_title_behind(session, task, "giao dịch mới")
    lock(session, task)  # a new transaction holds nothing yet
    assert task.title == "giao dịch mới"
    session.rollback()


def test_lock_keeps_this_transactions_own_changes_and_new_rows(
    session: Session, org: Org, document: Document
) -> None:
    task = _task(session, document, org.branch1)  # created here: held, never read again
    _set_title_behind(session, task, "bên ngoài")
    assert lock(session, task).title == "Báo cáo"
    session.commit()
    task.description = "chưa ghi"  # pending: flushed before the row is read again
    lock(session, task)
    assert task.description == "chưa ghi"
    assert _stored(session, task, "description") == ("chưa ghi",)
    unsaved = Task(document_id=ident(document), ref="9", title="t", lead_unit_id=org.branch1.id)
    assert lock(session, unsaved) is unsaved and unsaved.id is None
    session.rollback()


@pytest.fixture
def two_sessions(postgres_url: str) -> Iterator[tuple[Session, Session]]:
    engine = make_engine(postgres_url)
    with Session(engine) as first, Session(engine) as second:
        yield first, second
    engine.dispose()


def test_a_locked_task_waits_for_the_holder_on_postgresql(
    two_sessions: tuple[Session, Session],
) -> None:
    """``FOR UPDATE``: a second transaction's lock waits (here: gives up after 200 ms)."""
    first, second = two_sessions
    org = make_org(first)
    task = _task(first, add_document(first), org.branch1)
    first.commit()
    lock(first, task)
    second.execute(sa.text("SET lock_timeout = '200ms'"))
    other = second.get(Task, task.id)
    assert other is not None
    with pytest.raises(OperationalError, match="lock timeout"):
        lock(second, other)
    second.rollback()
    first.rollback()
    lock(second, other)  # free again
    second.rollback()
