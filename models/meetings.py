"""Meetings and the documents (resolutions, directives, ...) they adopt."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import Timestamped, enum_type, present_index
from models.kinds import DocumentKind


class MeetingKind(StrEnum):
    REGULAR = "regular"
    REVIEW_CONFERENCE = "review_conference"
    EXTRAORDINARY = "extraordinary"
    THEMATIC = "thematic"
    OTHER = "other"


class AttendeeRole(StrEnum):
    CHAIR = "chair"
    SPEAKER = "speaker"
    ATTENDEE = "attendee"
    GUEST = "guest"


class Meeting(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    held_on: date
    kind: MeetingKind = Field(sa_type=enum_type(MeetingKind, "meeting_kind"))
    title: str = Field(max_length=500)
    location: str | None = Field(default=None, max_length=255)
    notes: str | None = None

    # A meeting is identified by who met, when, and what it was called (re-imports update it).
    __table_args__ = (sa.UniqueConstraint("unit_id", "held_on", "title"),)


class MeetingAttendee(SQLModel, table=True):
    __tablename__ = "meeting_attendee"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    role: AttendeeRole = Field(
        default=AttendeeRole.ATTENDEE, sa_type=enum_type(AttendeeRole, "attendee_role")
    )


class Document(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: DocumentKind = Field(sa_type=enum_type(DocumentKind, "document_kind"), index=True)
    number: str = Field(max_length=80)  # as written, e.g. "01-NQ/ĐU"
    issuing_body: str = Field(max_length=255)
    issued_on: date
    title: str = Field(max_length=1000)
    summary: str | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    issuing_unit_id: int | None = Field(default=None, foreign_key="unit.id")

    __table_args__ = (
        sa.UniqueConstraint("number", "issuing_body"),
        # A meeting's documents: many documents are filed without one (0023).
        present_index("ix_document_meeting_id", "meeting_id"),
        # Newest first without sorting them all: the task filter's document list (0019).
        sa.Index("ix_document_issued_on", "issued_on", "id"),
    )
