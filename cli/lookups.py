"""Finding what a user names on the command line, with a clear refusal if absent."""

from __future__ import annotations

from sqlmodel import Session, select

from models.errors import TrackerError
from models.i18n import Term
from models.meetings import Document
from models.org import Person, Unit
from models.tasks import Task


def _missing(what: str, key: object) -> TrackerError:
    return TrackerError("not_found", what=Term(f"what.{what}"), key=key)


def get_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise _missing("task", task_id)
    return task


def get_unit(session: Session, code: str) -> Unit:
    unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise _missing("unit", code)
    return unit


def get_person(session: Session, code: str) -> Person:
    person = session.exec(select(Person).where(Person.code == code)).first()
    if person is None:
        raise _missing("person", code)
    return person


def get_owner(session: Session, code: str) -> Unit | Person:
    kind, _, bare = code.partition(":")
    if bare and kind == "unit":
        return get_unit(session, bare)
    if bare and kind == "person":
        return get_person(session, bare)
    unit = session.exec(select(Unit).where(Unit.code == code)).first()
    person = session.exec(select(Person).where(Person.code == code)).first()
    if unit is not None and person is not None:
        raise TrackerError("ambiguous_owner", key=code)
    if unit is None and person is None:
        raise _missing("owner", code)
    return unit or person  # type: ignore[return-value]


def get_document(session: Session, number: str, issuing_body: str | None) -> Document:
    query = select(Document).where(Document.number == number)
    if issuing_body:
        query = query.where(Document.issuing_body == issuing_body)
    found = session.exec(query).all()
    if len(found) != 1:
        raise _missing("document", number if not issuing_body else f"{number} ({issuing_body})")
    return found[0]
