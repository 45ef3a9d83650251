"""The forms (POST): each checks the CSRF token, asks ``models.access``, calls the domain
and answers with the page again (a notice or the refusal in the reader's language)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from sqlmodel import select

from models.access import can_act, can_change_settings, can_decide
from models.errors import TrackerError
from models.i18n import LANGUAGES, t
from models.org import Person, Unit
from models.preferences import set_language
from models.requests import TaskRequest, decide, set_confirm_completion
from models.tasks import Task
from models.tokens import has_feed, new_feed_token, revoke_feed
from web.actions import announce, apply_action
from web.deps import NotFound, reader, render, signed_post, state_of
from web.evidence_view import attach_report_files, file_bound, read_uploads
from web.pages import task_page
from web.params import RowId
from web.session_routes import account_security

router = APIRouter()
Text = Annotated[str, Form()]


@router.post("/tasks/{task_id}/{action}")
def task_action(
    request: Request,
    background: BackgroundTasks,
    task_id: RowId,
    action: str,
    csrf: Text = "",
    progress: Text = "",
    note: Text = "",
    done_on: Text = "",
    new_due_on: Text = "",
    reason: Text = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006  (FastAPI copies it)
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        if action not in ("progress", "done", "extend"):
            raise NotFound
        if not can_act(reader(session), viewer, task_id):
            raise NotFound
        task = session.get(Task, task_id)
        person = session.get(Person, viewer.person_id)
        assert task is not None and person is not None
        form = {
            "progress": progress,
            "note": note,
            "done_on": done_on,
            "new_due_on": new_due_on,
            "reason": reason,
        }
        try:
            st = state_of(request)
            bound = file_bound(request)
            uploads = read_uploads(files, bound)
            notice, asked = apply_action(
                session, person, task, action, form, st.today(), st.moment()
            )
            attach_report_files(session, person, task, asked, uploads, bound)  # with it, or none
            session.commit()
            if asked is not None and asked.id is not None:
                background.add_task(announce, state_of(request), asked.id)
        except TrackerError as error:
            session.rollback()
            typed = {"action": action, **form}  # a refused form comes back as typed
            message = error.render(viewer.language)
            return task_page(request, session, viewer, task_id, error=message, typed=typed)
        return task_page(request, session, viewer, task_id, notice=notice)


@router.post("/requests/{request_id}/decide")
def decide_request(
    request: Request,
    background: BackgroundTasks,
    request_id: RowId,
    csrf: Text = "",
    decision: Text = "",
    note: Text = "",
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        found = session.get(TaskRequest, request_id)
        if found is None or not can_decide(
            reader(session), viewer, found.task_id, found.requested_by_id
        ):
            raise NotFound
        person = session.get(Person, viewer.person_id)
        assert person is not None
        try:
            st = state_of(request)
            decide(session, found, person, decision == "approve", st.today(), note, at=st.moment())
            session.commit()
            background.add_task(announce, st, request_id)  # the asker hears the decision
        except TrackerError as error:
            session.rollback()
            return task_page(
                request, session, viewer, found.task_id, error=error.render(viewer.language)
            )
        return task_page(
            request, session, viewer, found.task_id, notice=t("web.task.saved", viewer.language)
        )


@router.post("/units/{code}/settings")
def unit_settings(
    request: Request, code: str, csrf: Text = "", confirm_completion: Text = ""
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        found = session.exec(select(Unit).where(Unit.code == code)).first()
        if found is None or not can_change_settings(viewer):
            raise NotFound
        set_confirm_completion(session, found, confirm_completion == "on")
        session.commit()
    return RedirectResponse(f"/units/{code}", status_code=303)


@router.post("/me/language")
def me_language(request: Request, csrf: Text = "", language: Text = "") -> Response:
    with signed_post(request, csrf) as (session, viewer):
        person = session.get(Person, viewer.person_id)
        assert person is not None
        if language in LANGUAGES:
            set_language(session, person, language)
            session.commit()
    return RedirectResponse("/me", status_code=303)


@router.post("/me/calendar/{action}")
def me_calendar(request: Request, action: str, csrf: Text = "") -> Response:
    with signed_post(request, csrf) as (session, viewer):
        if action not in ("new", "revoke"):
            raise NotFound
        url = ""
        if action == "new":
            token = new_feed_token(session, viewer.person_id)
            base = state_of(request).base_url
            url = f"{base}/calendar/{token}.ics"
        else:
            revoke_feed(session, viewer.person_id)
        session.commit()
        active = has_feed(session, viewer.person_id)
        security = account_security(request, session, viewer)
    # The address is shown once, in this answer, and never stored or logged.
    return render(request, "me.html", viewer, feed_active=active, calendar_url=url, **security)
