"""Explanation requests on the web (yêu cầu giải trình): a manager asks from the task
page, the lead answers there (with files, through the evidence store). Every POST goes
through ``signed_post``; who may is ``models.access``, what may be asked
``models.explanations``; a refused form comes back with what was typed. The lead hears
of the request with the next reminder run (``notifications.kinds.risk_notices``), which
also reminds and escalates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from models.access import can_answer_explanation, can_request_explanation, can_see_task
from models.errors import TrackerError
from models.explanations import ExplanationRequest, answer_explanation, request_explanation
from models.i18n import t
from models.org import Person
from models.tasks import Task
from web import risk_views  # noqa: F401  (the at-risk badge's template global)
from web.actions import form_date
from web.deps import NotFound, reader, signed_post, state_of
from web.evidence_view import file_bound, read_uploads
from web.pages import task_page
from web.params import RowId

router = APIRouter()
Text = Annotated[str, Form()]


@router.post("/explain/tasks/{task_id}")
def ask(
    request: Request, task_id: RowId, csrf: Text = "", due_on: Text = "", note: Text = ""
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        r = reader(session)
        if not can_see_task(r, viewer, task_id):
            raise NotFound
        task = session.get(Task, task_id)
        person = session.get(Person, viewer.person_id)
        assert task is not None and person is not None
        st = state_of(request)
        try:
            if not can_request_explanation(r, viewer, task_id):
                raise TrackerError("explain_not_allowed")
            request_explanation(
                session, task, person, form_date(due_on), note, st.today(), at=st.moment()
            )
            session.commit()
        except TrackerError as error:
            session.rollback()
            typed = {"due_on": due_on, "note": note, "answer": ""}
            return task_page(
                request,
                session,
                viewer,
                task_id,
                error=error.render(viewer.language),
                explain_form=typed,
            )
        notice = t("web.explain.sent", viewer.language)
        return task_page(request, session, viewer, task_id, notice=notice)


@router.post("/explain/{request_id}/answer")
def answer(
    request: Request,
    request_id: RowId,
    csrf: Text = "",
    answer: Text = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006  (FastAPI copies it)
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        found = session.get(ExplanationRequest, request_id)
        r = reader(session)
        if found is None or not can_see_task(r, viewer, found.task_id):
            raise NotFound
        person = session.get(Person, viewer.person_id)
        assert person is not None
        task_id = found.task_id
        st = state_of(request)
        try:
            if not can_answer_explanation(r, viewer, task_id):
                raise TrackerError("explain_not_lead")
            bound = file_bound(request)
            answer_explanation(
                session,
                found,
                person,
                answer,
                st.today(),
                at=st.moment(),
                files=read_uploads(files, bound),
                limit=bound,
            )  # the answer and its files together, or neither
            session.commit()
        except TrackerError as error:
            session.rollback()
            typed = {"due_on": "", "note": "", "answer": answer}
            return task_page(
                request,
                session,
                viewer,
                task_id,
                error=error.render(viewer.language),
                explain_form=typed,
            )
        return task_page(
            request, session, viewer, task_id, notice=t("web.explain.thanks", viewer.language)
        )
