"""Finding what a person names (a task id, a unit or person code, a document number),
with a clear refusal when it does not exist. Every door (CLI, importers, web) uses these.
"""

from __future__ import annotations

from sqlmodel import Session, select

from models.errors import TrackerError, not_found
from models.meetings import Document
from models.org import Person, Unit
from models.tasks import Task


def get_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise not_found("task", task_id)
    return task


def find_unit(session: Session, code: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.code == code)).first()


def find_person(session: Session, code: str) -> Person | None:
    return session.exec(select(Person).where(Person.code == code)).first()


def get_unit(session: Session, code: str) -> Unit:
    unit = find_unit(session, code)
    if unit is None:
        raise not_found("unit", code)
    return unit


def get_person(session: Session, code: str) -> Person:
    person = find_person(session, code)
    if person is None:
        raise not_found("person", code)
    return person


def get_owner(session: Session, code: str) -> Unit | Person:
    """A lead or co-owner by code: ``unit:X`` / ``person:X`` say which when both exist."""
    kind, _, bare = code.partition(":")
    if bare and kind == "unit":
        return get_unit(session, bare)
    if bare and kind == "person":
        return get_person(session, bare)
    unit, person = find_unit(session, code), find_person(session, code)
    if unit is not None and person is not None:
        raise TrackerError("ambiguous_owner", key=code)
    if unit is not None:
        return unit
    if person is not None:
        return person
    raise not_found("owner", code)


def get_document(session: Session, number: str, issuing_body: str | None = None) -> Document:
    query = select(Document).where(Document.number == number)
    if issuing_body:
        query = query.where(Document.issuing_body == issuing_body)
    found = session.exec(query).all()
    if len(found) != 1:
        raise not_found("document", number if not issuing_body else f"{number} ({issuing_body})")
    return found[0]
