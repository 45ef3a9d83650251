"""The carry-over agenda of a meeting (``models.carry_over``): the open tasks of earlier
meetings, exportable as DOCX; the tracking office marks each at the meeting (continued,
new deadline, closed). Lists hold only the tasks the viewer may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from sqlmodel import Session

from documents.carry_over_docx import carry_over_docx
from models.access import Viewer, can_mark_carry_over, can_see_task
from models.carry_over import CarryDecision, CarryItem, carry_over, mark
from models.errors import TrackerError
from models.i18n import t
from models.meetings import Meeting
from models.org import Person, Unit
from models.sqlread import Reader
from models.tasks import Task
from web import risk_texts  # noqa: F401  (registers the texts)
from web.actions import form_date
from web.deps import NotFound, db, reader, render, signed_in, signed_post
from web.params import RowId

router = APIRouter()
Text = Annotated[str, Form()]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _items(r: Reader, viewer: Viewer, meeting: Meeting) -> list[CarryItem]:
    found = carry_over(r, meeting.unit_id, meeting.held_on, meeting.id)
    return [i for i in found if viewer.everything or can_see_task(r, viewer, i.task_id)]


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    meeting: Meeting,
    *,
    error: str | None = None,
    notice: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    r = reader(session)
    items = _items(r, viewer, meeting)
    unit = session.get(Unit, meeting.unit_id)
    return render(
        request,
        "carry_over.html",
        viewer,
        400 if error else 200,
        meeting=meeting,
        unit=unit,
        items=items,
        decisions=list(CarryDecision),
        may_mark=can_mark_carry_over(viewer),
        error=error,
        notice=notice,
        typed=typed or {},
    )


@router.get("/meetings/{meeting_id}/carry-over")
def agenda(request: Request, meeting_id: RowId) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound
        return _page(request, session, viewer, meeting)


@router.get("/meetings/{meeting_id}/carry-over.docx")
def agenda_docx(request: Request, meeting_id: RowId) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound
        unit = session.get(Unit, meeting.unit_id)
        items = _items(reader(session), viewer, meeting)
    body = carry_over_docx(items, unit.name if unit else "", meeting.held_on, viewer.language)
    name = f"chuyen-tiep-{meeting.held_on.isoformat()}.docx"
    return Response(
        body, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/meetings/{meeting_id}/carry-over/{task_id}")
def mark_item(
    request: Request,
    meeting_id: RowId,
    task_id: RowId,
    csrf: Text = "",
    decision: Text = "",
    new_due_on: Text = "",
    note: Text = "",
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        meeting = session.get(Meeting, meeting_id)
        task = session.get(Task, task_id)
        if meeting is None or task is None or not can_mark_carry_over(viewer):
            raise NotFound
        person = session.get(Person, viewer.person_id)
        assert person is not None
        try:
            chosen = CarryDecision(decision) if decision in set(CarryDecision) else None
            if chosen is None:
                raise TrackerError("carry_decision", field="decision")
            day = form_date(new_due_on) if new_due_on.strip() else None
            mark(session, meeting, task, chosen, person, new_due_on=day, note=note)
            session.commit()
        except TrackerError as problem:
            session.rollback()
            typed = {
                "task": str(task_id),
                "decision": decision,
                "new_due_on": new_due_on,
                "note": note,
            }
            return _page(
                request,
                session,
                viewer,
                meeting,
                error=problem.render(viewer.language),
                typed=typed,
            )
        return _page(request, session, viewer, meeting, notice=t("web.task.saved", viewer.language))
