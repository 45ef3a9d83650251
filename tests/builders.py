"""Small builders for test data: a committee, its units and people, a document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from sqlmodel import Session

from models.kinds import DocumentKind
from models.meetings import Document
from models.org import Person, PersonRole, Unit, UnitKind
from models.sqlread import SqlAlchemyReader
from models.tasks import Task


@dataclass
class Org:
    committee: Unit
    branch1: Unit
    branch2: Unit
    office: Unit
    secretary: Person
    deputy: Person
    clerk: Person


def add_unit(session: Session, code: str, kind: UnitKind, parent: Unit | None = None) -> Unit:
    unit = Unit(code=code, name=f"Unit {code}", kind=kind, parent_id=parent.id if parent else None)
    session.add(unit)
    session.flush()
    return unit


def add_person(
    session: Session, code: str, unit: Unit, role: PersonRole = PersonRole.MEMBER
) -> Person:
    assert unit.id is not None
    person = Person(code=code, full_name=f"Person {code}", unit_id=unit.id, role=role)
    session.add(person)
    session.flush()
    return person


def make_org(session: Session) -> Org:
    committee = add_unit(session, "DU", UnitKind.COMMITTEE)
    branch1 = add_unit(session, "CB1", UnitKind.SUB_BRANCH, committee)
    branch2 = add_unit(session, "CB2", UnitKind.SUB_BRANCH, committee)
    office = add_unit(session, "VP", UnitKind.OFFICE, committee)
    secretary = add_person(session, "secretary", committee, PersonRole.SECRETARY)
    deputy = add_person(session, "deputy", committee, PersonRole.DEPUTY_SECRETARY)
    clerk = add_person(session, "clerk", office, PersonRole.OFFICE_STAFF)
    committee.manager_id = secretary.id
    session.add(committee)
    session.flush()
    return Org(committee, branch1, branch2, office, secretary, deputy, clerk)


def add_document(
    session: Session,
    number: str = "01-NQ/ĐU",
    issuing_body: str = "Đảng ủy Cục",
    issued_on: date = date(2024, 1, 29),
) -> Document:
    document = Document(
        kind=DocumentKind.RESOLUTION,
        number=number,
        issuing_body=issuing_body,
        issued_on=issued_on,
        title=f"Document {number}",
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    return document


def ident(row: Unit | Person | Document | Task) -> int:
    """The primary key of a flushed row (typed as ``int``, not ``int | None``)."""
    assert row.id is not None, "flush the row first"
    return row.id


def reader(session: Session) -> SqlAlchemyReader:
    """The query functions' view of a session (shares its transaction)."""
    return SqlAlchemyReader(session.connection())


def random_history(
    session: Session,
    rng: Random,
    *,
    people: int,
    tasks: int,
    issued_on: date,
    first_due: date,
    due_days: int,
    extended_from: date,
) -> tuple[list[Unit], list[Person]]:
    """A committee (a root and four units) and ``tasks`` tasks led by random owners, of
    which some are standing, extended, done or cancelled on random days: the history the
    tallies' tests recount. Committed; returns the units and the people."""
    from models.lifecycle import cancel_task, complete_task, create_task, extend_deadline

    root = add_unit(session, "R", UnitKind.COMMITTEE)
    units = [root, *(add_unit(session, f"U{i}", UnitKind.OTHER, root) for i in range(4))]
    persons = [add_person(session, f"p{i}", rng.choice(units)) for i in range(people)]
    document = add_document(session, issued_on=issued_on)
    boss = persons[0]
    owners: list[Unit | Person] = [*units, *persons]
    for i in range(tasks):
        due = first_due + timedelta(days=rng.randrange(0, due_days))
        task = create_task(
            session, document=document, ref=str(i), title=str(i), actor="t",
            lead=rng.choice(owners), due_on=None if i % 23 == 0 else due,
        )  # fmt: skip
        if task.due_on is None:
            continue
        event = due + timedelta(days=rng.randrange(-60, 60))
        if i % 5 == 1:
            extend_deadline(
                session, task, due + timedelta(days=rng.randrange(1, 90)), "more", boss,
                max(event, extended_from), "t",
            )  # fmt: skip
        if i % 3 == 0:
            complete_task(session, task, event, "t", today=date(2026, 1, 1))
        elif i % 7 == 0:
            cancel_task(session, task, event, "dropped", "t")
    session.commit()
    return units, persons
