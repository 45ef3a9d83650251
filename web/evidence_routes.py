"""Files, comments and delegation on a task: downloading an attached file, commenting,
giving a part of a task to one of the lead unit's people. Included before ``forms``
(whose ``/tasks/{id}/{action}`` would take these paths). The files of a progress or
completion report come with the report itself (``forms.task_action``)."""

from __future__ import annotations

import contextlib
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response
from fastapi.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.access import can_comment, can_delegate, can_read_file
from models.attachments import Attachment, max_bytes, read
from models.comments import add_comment
from models.delegation import delegate
from models.errors import TrackerError
from models.i18n import t
from models.org import Person
from models.tasks import Task
from models.timestamps import utcnow
from notifications.kinds.task_news import send_news
from web.actions import form_date
from web.deps import NotFound, WebState, db, reader, signed_in, signed_post, state_of
from web.evidence_view import MAX_FILES
from web.pages import task_page
from web.params import RowId, row_id

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/files/{attachment_id}")
def download(request: Request, attachment_id: RowId) -> Response:
    """The file as stored: its own type (judged by its bytes when it came), never shown
    in the page (attachment), never sniffed into something else; the same 404 for a file
    one may not read as for one that does not exist."""
    with db(request) as session:
        viewer = signed_in(request, session)
        found = session.get(Attachment, attachment_id)
        if found is None or not can_read_file(
            reader(session), viewer, found.task_id, found.unit_id, found.document_id
        ):
            raise NotFound
        data = read(session, found)
    ascii_name = found.name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(found.name)}"
    return Response(
        data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def _tell(state: WebState, comments: list[int], parts: list[int]) -> None:
    """After the answer: the news goes through the delivery log (retried if it fails)."""
    send_news(
        state.engine,
        state.today(),
        state.moment() or utcnow(),
        state.notify,
        comments,
        parts,
        base_url=state.base_url,
    )


@router.post("/tasks/{task_id}/comments")
def comment(
    request: Request,
    background: BackgroundTasks,
    task_id: RowId,
    csrf: Text = "",
    body: Text = "",
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        task = session.get(Task, task_id)
        if task is None or not can_comment(reader(session), viewer, task_id):
            raise NotFound
        person = session.get(Person, viewer.person_id)
        assert person is not None
        st = state_of(request)
        try:
            made = add_comment(session, task, person, body, at=st.moment())
            session.commit()
        except TrackerError as error:
            session.rollback()
            return task_page(
                request,
                session,
                viewer,
                task_id,
                error=error.render(viewer.language),
                typed={"body": body},
            )
        assert made.id is not None
        background.add_task(_tell, st, [made.id], [])
    return RedirectResponse(f"/tasks/{task_id}#comments", status_code=303)


@router.post("/tasks/{task_id}/delegate")
def delegate_part(
    request: Request,
    background: BackgroundTasks,
    task_id: RowId,
    csrf: Text = "",
    title: Text = "",
    person: Text = "",
    due_on: Text = "",
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        task = session.get(Task, task_id)
        if task is None or not can_delegate(reader(session), viewer, task_id):
            raise NotFound
        by = session.get(Person, viewer.person_id)
        assert by is not None
        typed = {"title": title, "person": person, "due_on": due_on}
        try:
            chosen_id = row_id(person)
            lead = session.get(Person, chosen_id) if chosen_id is not None else None
            if lead is None:
                raise TrackerError("delegate_not_own", field="person", person=person or "—")
            day = form_date(due_on) if due_on.strip() else None
            part = delegate(session, task, title=title, lead=lead, due_on=day, by=by)
            session.commit()
        except TrackerError as error:
            session.rollback()
            return task_page(
                request, session, viewer, task_id, error=error.render(viewer.language), typed=typed
            )
        assert part.id is not None
        background.add_task(_tell, state_of(request), [], [part.id])
        notice = t("web.parts.done", viewer.language, task=part.id)
        return task_page(request, session, viewer, task_id, notice=notice)


class BodyLimit:
    """Refuse a request body larger than the files a report may carry (``MAX_FILES``
    at the size limit, plus room for the form's text) with 413, before it is read into
    spooled files: by its Content-Length when it says one, else by counting as it comes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def bound(scope: Scope) -> int:
        return MAX_FILES * max_bytes(scope["app"].state.web.settings) + 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        bound = self.bound(scope)
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > bound:
            await self._refuse(scope, send)
            return
        seen, over = 0, False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > bound:
                over = True
                raise _TooLarge  # whatever the app answers to this is replaced below
            return message

        async def held(message: Message) -> None:
            if not over:
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted, held)
        if over:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        settings = scope["app"].state.web.settings
        text = t("web.files.body_too_big", settings.language, mb=settings.file_max_mb)
        body = text.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
