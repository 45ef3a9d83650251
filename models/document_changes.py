"""Writing meetings, who attended them, and the documents they adopt.

The one way in for imports, the command line and the web; tasks of a document are
written by ``models.lifecycle``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from models.changes import Saved, assign
from models.errors import TrackerError
from models.i18n import register
from models.inputs import check_text
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


def edit_meeting(
    session: Session,
    meeting: Meeting,
    *,
    unit: Unit,
    held_on: date,
    title: str,
    kind: MeetingKind,
    location: str | None = None,
) -> bool:
    """Correct a meeting in place (``save_meeting`` finds a meeting by who met, when and
    its title, so changing one of those through it would make a second meeting). Refused
    when another meeting already has the new unit, date and title."""
    check_text("title", title, 500)
    check_text("location", location, 255)
    assert unit.id is not None
    other = session.exec(
        select(Meeting.id).where(
            Meeting.unit_id == unit.id,
            Meeting.held_on == held_on,
            Meeting.title == title,
            Meeting.id != meeting.id,
        )
    ).first()
    if other is not None:
        raise TrackerError("meeting_taken", field="title", title=title, id=other)
    values: dict[str, Any] = {
        "unit_id": unit.id,
        "held_on": held_on,
        "title": title,
        "kind": kind,
        "location": location,
    }
    changed = assign(meeting, values)
    session.add(meeting)
    session.flush()
    return changed


def edit_document(
    session: Session,
    document: Document,
    *,
    number: str,
    issuing_body: str,
    kind: DocumentKind,
    issued_on: date,
    title: str,
) -> bool:
    """Correct a document in place (``save_document`` finds it by number and issuer).
    Refused when another document has the new number and issuer, or when the new issue
    date would fall after a deadline of one of its tasks."""
    from models.tasks import Task  # the tasks table: only an edit needs it

    check_text("number", number, 80)
    check_text("issuing_body", issuing_body, 255)
    check_text("title", title, 1000)
    other = find_document(session, number, issuing_body)
    if other is not None and other.id != document.id:
        raise TrackerError("document_taken", field="number", number=number, body=issuing_body)
    earliest = session.exec(
        select(func.min(col(Task.original_due_on))).where(Task.document_id == document.id)
    ).one()
    if earliest is not None and issued_on > earliest:
        raise TrackerError(
            "issue_after_deadline", field="issued_on", issued=issued_on, deadline=earliest
        )
    values: dict[str, Any] = {
        "number": number,
        "issuing_body": issuing_body,
        "kind": kind,
        "issued_on": issued_on,
        "title": title,
    }
    changed = assign(document, values)
    session.add(document)
    session.flush()
    return changed


register(
    {
        "error.meeting_taken": {
            "vi": "Đã có cuộc họp «{title}» của đơn vị này trong ngày đó (#{id}).",
            "en": "This unit already has a meeting «{title}» on that day (#{id}).",
        },
        "error.document_taken": {
            "vi": "Đã có văn bản số «{number}» của «{body}».",
            "en": "Document «{number}» of «{body}» already exists.",
        },
        "error.issue_after_deadline": {
            "vi": "Ngày ban hành {issued} sau thời hạn {deadline} của một nhiệm vụ trong văn bản.",
            "en": "The issue date {issued} is after the deadline {deadline} of one of its tasks.",
        },
    }
)
