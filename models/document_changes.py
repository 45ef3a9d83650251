"""Writing meetings, who attended them, and the documents they adopt.

The one way in for imports, the command line and the web; tasks of a document are
written by ``models.lifecycle``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.changes import Saved, assign
from models.kinds import DocumentKind
from models.meetings import AttendeeRole, Document, Meeting, MeetingAttendee, MeetingKind
from models.org import Unit


def save_meeting(
    session: Session,
    *,
    unit: Unit,
    held_on: date,
    title: str,
    kind: MeetingKind = MeetingKind.REGULAR,
    location: str | None = None,
    notes: str | None = None,
) -> Saved[Meeting]:
    """A meeting is who met, when, under what title: saving it again updates it."""
    assert unit.id is not None
    meeting = session.exec(
        select(Meeting).where(
            Meeting.unit_id == unit.id, Meeting.held_on == held_on, Meeting.title == title
        )
    ).first()
    created = meeting is None
    values: dict[str, Any] = {"kind": kind, "location": location, "notes": notes}
    meeting = meeting or Meeting(unit_id=unit.id, held_on=held_on, title=title, **values)
    changed = assign(meeting, values)
    session.add(meeting)
    session.flush()
    return Saved(meeting, created, changed)


def set_attendees(session: Session, meeting: Meeting, wanted: Mapping[int, AttendeeRole]) -> bool:
    """Replace who attended (person id -> role); says whether anything changed."""
    current = {
        a.person_id: a
        for a in session.exec(
            select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id)
        )
    }
    changed = False
    for person_id, row in current.items():
        if person_id not in wanted:
            session.delete(row)
            changed = True
    assert meeting.id is not None
    for person_id, role in wanted.items():
        existing = current.get(person_id)
        if existing is None:
            session.add(MeetingAttendee(meeting_id=meeting.id, person_id=person_id, role=role))
            changed = True
        elif existing.role != role:
            existing.role = role
            session.add(existing)
            changed = True
    session.flush()
    return changed


def find_document(session: Session, number: str, issuing_body: str) -> Document | None:
    return session.exec(
        select(Document).where(Document.number == number, Document.issuing_body == issuing_body)
    ).first()


def save_document(
    session: Session,
    *,
    number: str,
    issuing_body: str,
    kind: DocumentKind,
    issued_on: date,
    title: str,
    summary: str | None = None,
    meeting: Meeting | None = None,
) -> Saved[Document]:
    """A document is its number and issuing body: saving it again updates it."""
    document = find_document(session, number, issuing_body)
    created = document is None
    values: dict[str, Any] = {"kind": kind, "issued_on": issued_on, "title": title}
    if summary is not None:
        values["summary"] = summary
    if meeting is not None:
        values["meeting_id"] = meeting.id
    document = document or Document(number=number, issuing_body=issuing_body, **values)
    changed = assign(document, values)
    session.add(document)
    session.flush()
    return Saved(document, created, changed)
