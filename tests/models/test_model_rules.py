"""Rules the database itself enforces, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.errors import TrackerError
from models.history import TaskAction, TaskEvent
from models.kinds import DocumentKind
from models.lifecycle import (
    co_owners_of,
    complete_task,
    create_task,
    extend_deadline,
    history_of,
    set_co_owners,
)
from models.meetings import Document
from models.org import Unit, UnitKind
from models.queries import subtree
from models.tasks import DeadlineExtension, Task
from models.timestamps import UTCDateTime
from tests.builders import add_document, add_unit, ident, make_org, reader


def test_unit_tree_returns_all_descendants(session: Session) -> None:
    org = make_org(session)
    cell = add_unit(session, "CB1-T1", UnitKind.OTHER, org.branch1)
    deeper = add_unit(session, "CB1-T1-A", UnitKind.OTHER, cell)
    assert org.committee.id is not None and org.branch1.id is not None
    expected = [org.branch1.id, cell.id, deeper.id]
    assert subtree(reader(session), ident(org.branch1)) == sorted(
        i for i in expected if i is not None
    )
    assert len(subtree(reader(session), ident(org.committee))) == 6
    manager = session.get(Unit, org.committee.id)
    assert manager is not None and manager.manager_id == org.secretary.id


def test_task_has_exactly_one_lead(session: Session) -> None:
    org = make_org(session)
    doc = add_document(session)
    session.add(
        Task(
            document_id=ident(doc),
            ref="1",
            title="two leads",
            lead_unit_id=org.branch1.id,
            lead_person_id=org.deputy.id,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    session.add(Task(document_id=ident(doc), ref="2", title="no lead"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_lead_and_co_owners(session: Session) -> None:
    org = make_org(session)
    doc = add_document(session)
    task = create_task(
        session,
        document=doc,
        ref="1",
        title="Speed up application processing",
        lead=org.branch1,
        co_owners=[org.branch2, org.clerk],
        due_on=date(2024, 6, 30),
        actor="test",
    )
    owners = co_owners_of(session, task)
    assert {(o.unit_id, o.person_id) for o in owners} == {
        (org.branch2.id, None),
        (None, org.clerk.id),
    }
    assert set_co_owners(session, task, [org.office], actor="clerk") is True
    assert set_co_owners(session, task, [org.office], actor="clerk") is False
    assert [(o.unit_id, o.person_id) for o in co_owners_of(session, task)] == [
        (org.office.id, None)
    ]
    actions = [e.action for e in history_of(session, task)]
    assert actions == [TaskAction.CREATED, TaskAction.OWNERS_CHANGED]


def test_deadline_extension_keeps_original_and_history(session: Session) -> None:
    org = make_org(session)
    doc = add_document(session)
    task = create_task(
        session,
        document=doc,
        ref="1",
        title="Plan",
        lead=org.office,
        due_on=date(2024, 3, 31),
        actor="clerk",
    )
    extend_deadline(
        session,
        task,
        date(2024, 4, 30),
        "waiting for ministry data",
        org.secretary,
        date(2024, 3, 25),
        actor="clerk",
    )
    extend_deadline(
        session,
        task,
        date(2024, 5, 15),
        "second round",
        org.secretary,
        date(2024, 4, 28),
        actor="clerk",
    )
    session.commit()
    stored = session.get(Task, task.id)
    assert stored is not None
    assert (stored.original_due_on, stored.due_on) == (date(2024, 3, 31), date(2024, 5, 15))
    steps = session.exec(
        select(DeadlineExtension).where(DeadlineExtension.task_id == task.id)
    ).all()
    assert [(s.previous_due_on, s.new_due_on, s.approved_by_id) for s in steps] == [
        (date(2024, 3, 31), date(2024, 4, 30), org.secretary.id),
        (date(2024, 4, 30), date(2024, 5, 15), org.secretary.id),
    ]
    events = history_of(session, task)
    assert [e.action for e in events] == [
        TaskAction.CREATED,
        TaskAction.EXTENDED,
        TaskAction.EXTENDED,
    ]
    assert events[1].changes["due_on"] == ["2024-03-31", "2024-04-30"]
    with pytest.raises(TrackerError, match="phải sau"):
        extend_deadline(
            session,
            task,
            date(2024, 5, 1),
            "earlier",
            org.secretary,
            date(2024, 4, 29),
            actor="clerk",
        )


def test_closed_task_refuses_changes(session: Session) -> None:
    org = make_org(session)
    task = create_task(
        session,
        document=add_document(session),
        ref="1",
        title="t",
        lead=org.office,
        due_on=date(2024, 3, 31),
        actor="x",
    )
    complete_task(session, task, date(2024, 3, 30), actor="x", note="done")
    with pytest.raises(TrackerError) as refused:
        extend_deadline(session, task, date(2024, 4, 30), "r", org.secretary, date(2024, 4, 1), "x")
    assert "completed" in refused.value.render("en")
    assert "hoàn thành" in refused.value.render("vi")


def test_history_is_append_only(engine: sa.Engine) -> None:
    with Session(engine) as session:
        org = make_org(session)
        task = create_task(
            session, document=add_document(session), ref="1", title="t", lead=org.office, actor="x"
        )
        session.commit()
        task_id = task.id
    for statement in (
        sa.update(TaskEvent).where(TaskEvent.task_id == task_id).values(actor="forger"),  # type: ignore[arg-type]
        sa.delete(TaskEvent).where(TaskEvent.task_id == task_id),  # type: ignore[arg-type]
    ):
        with (
            engine.connect() as connection,
            pytest.raises(sa.exc.DatabaseError, match="append-only"),
        ):
            connection.execute(statement)
    with Session(engine) as session:
        events = session.exec(select(TaskEvent).where(TaskEvent.task_id == task_id)).all()
        assert [e.actor for e in events] == ["x"]


def test_timestamps_round_trip_as_utc(engine: sa.Engine) -> None:
    local = pendulum.datetime(2024, 2, 8, 7, 30, 15, tz="Asia/Ho_Chi_Minh")
    table = sa.Table("tz_probe", sa.MetaData(), sa.Column("at", UTCDateTime(), nullable=False))
    table.create(engine)
    with engine.begin() as connection:
        connection.execute(table.insert().values(at=local))
    with engine.connect() as connection:
        stored = connection.execute(sa.select(table.c.at)).scalar_one()
    assert stored == local
    assert stored.utcoffset() == pendulum.duration(0)
    assert (stored.hour, stored.minute) == (0, 30)
    with pytest.raises(sa.exc.StatementError, match="naive"), engine.begin() as connection:
        connection.execute(table.insert().values(at=pendulum.naive(2024, 2, 8)))


def test_document_number_is_unique_per_issuing_body(session: Session) -> None:
    add_document(session, number="01-NQ/ĐU", issuing_body="Đảng ủy Cục")
    add_document(session, number="01-NQ/ĐU", issuing_body="Đảng ủy Bộ")  # another body: fine
    session.commit()
    session.add(
        Document(
            kind=DocumentKind.DIRECTIVE,
            number="01-NQ/ĐU",
            issuing_body="Đảng ủy Cục",
            issued_on=date(2024, 2, 1),
            title="dup",
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_keys_are_enforced(session: Session) -> None:
    make_org(session)
    session.commit()
    session.add(Task(document_id=9999, ref="1", title="orphan", lead_unit_id=1))
    with pytest.raises(IntegrityError):
        session.commit()
