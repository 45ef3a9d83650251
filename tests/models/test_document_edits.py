"""Correcting a meeting or a document in place: the same row changes (no second meeting
or document appears), and the guards hold on both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models.document_changes import edit_document, edit_meeting, save_meeting
from models.errors import TrackerError
from models.kinds import DocumentKind
from models.lifecycle import create_task
from models.meetings import Meeting, MeetingKind
from tests.builders import add_document, make_org


def test_a_meeting_is_corrected_in_place_unless_another_has_its_name(session: Session) -> None:
    org = make_org(session)
    first = save_meeting(session, unit=org.committee, held_on=date(2024, 7, 1), title="A").row
    second = save_meeting(session, unit=org.committee, held_on=date(2024, 7, 2), title="B").row
    edit_meeting(
        session,
        first,
        unit=org.committee,
        held_on=date(2024, 7, 3),
        title="A2",
        kind=MeetingKind.THEMATIC,
        location="Hà Nội",
    )
    assert len(session.exec(select(Meeting)).all()) == 2
    assert (first.held_on, first.title, first.kind) == (
        date(2024, 7, 3),
        "A2",
        MeetingKind.THEMATIC,
    )
    with pytest.raises(TrackerError) as refused:
        edit_meeting(
            session,
            first,
            unit=org.committee,
            held_on=second.held_on,
            title="B",
            kind=MeetingKind.REGULAR,
        )
    assert refused.value.code == "meeting_taken" and refused.value.field == "title"


def test_a_document_keeps_its_number_unique_and_its_date_before_its_deadlines(
    session: Session,
) -> None:
    org = make_org(session)
    document = add_document(session, "01-NQ", issued_on=date(2024, 1, 29))
    add_document(session, "02-NQ")
    create_task(
        session, document=document, ref="1", title="T", lead=org.branch1, actor="t",
        due_on=date(2024, 3, 31),
    )  # fmt: skip
    body, plan = document.issuing_body, DocumentKind.PLAN
    with pytest.raises(TrackerError) as taken:
        edit_document(
            session,
            document,
            number="02-NQ",
            issued_on=date(2024, 1, 29),
            issuing_body=body,
            kind=plan,
            title="K",
        )
    assert taken.value.code == "document_taken"
    with pytest.raises(TrackerError) as late:
        edit_document(
            session,
            document,
            number="01-NQ",
            issued_on=date(2024, 4, 1),
            issuing_body=body,
            kind=plan,
            title="K",
        )
    assert late.value.code == "issue_after_deadline" and late.value.field == "issued_on"
    assert edit_document(
        session,
        document,
        number="03-NQ",
        issued_on=date(2024, 3, 31),
        issuing_body=body,
        kind=plan,
        title="K",
    )
    assert (document.number, document.kind) == ("03-NQ", DocumentKind.PLAN)
