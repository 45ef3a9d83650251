"""``/imports``: minutes, task spreadsheets and duty submissions uploaded in the browser.

Step 1 (POST ``/imports``) keeps the upload on the server (``web.upload_store``) and
shows a preview: the import itself (``documents.imports.run_import``, the code path of
``dondoc import``) run in a transaction that is then rolled back, listing what each
record would do and every located problem with "did you mean" for unknown codes.
Step 2 (POST ``/imports/{id}/commit``) runs the same import again on the kept file and
commits it, all or nothing, then deletes the file. The templates download from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from starlette.concurrency import run_in_threadpool

import web.upload_texts  # noqa: F401  (registers this area's texts)
from documents.imports import ImportKind, check_upload, run_import
from documents.problems import ImportFailed, Outcome, Problem
from documents.templates import duty_submission_template, task_template
from models.access import Viewer, can_import_files
from models.calendar import default_calendar
from models.code_suggestions import suggest_codes
from models.directory_queries import Entry
from models.errors import TrackerError
from models.sqlread import Reader
from web import upload_store
from web.deps import NotFound, db, reader, render, signed_in, signed_post, state_of
from web.uploads import attachment, read_upload

router = APIRouter()
Text = Annotated[str, Form()]
KINDS = [kind.value for kind in ImportKind]
_WHAT = {"what.unit": "unit", "what.person": "person", "what.owner": "owner"}


@dataclass
class Located:
    """One problem as the preview shows it, with the codes it may have meant."""

    place: str
    column: str
    message: str
    suggestions: list[Entry] = field(default_factory=list)


@dataclass
class Preview:
    outcomes: list[Outcome]
    counts: Counter[str]  # by state: new, changed, unchanged
    problems: list[Located]


def _kind(value: str) -> ImportKind:
    try:
        return ImportKind(value)
    except ValueError:
        raise NotFound from None


def _office(request: Request, viewer: Viewer) -> None:
    if not can_import_files(viewer):
        raise NotFound


def _located(source: Reader, problem: Problem, lang: str) -> Located:
    place, column, message = problem.parts(lang)
    error = problem.params.get("error")
    suggestions: list[Entry] = []
    if isinstance(error, TrackerError) and error.code == "not_found":
        kind = _WHAT.get(str(error.params.get("what")))
        if kind is not None:
            suggestions = suggest_codes(source, kind, str(error.params.get("key", "")))
    return Located(place, column, message, suggestions)


def _preview(request: Request, csrf: str, kind: ImportKind, name: str, data: bytes) -> Response:
    st = state_of(request)
    with signed_post(request, csrf) as (session, viewer):
        _office(request, viewer)
        lang = viewer.language
        try:
            suffix = check_upload(kind, data)
        except TrackerError as error:
            page = _page(request, viewer, error=error.render(lang), chosen=kind.value)
            page.status_code = 400
            return page
        upload = upload_store.keep(
            st.settings.home,
            _session_id(request),
            kind.value,
            name,
            suffix,
            data,
            st.clock(),
        )
        outcomes: list[Outcome] = []
        problems: list[Located] = []
        try:
            run_import(
                session, kind, upload.path, viewer.code, default_calendar(), st.today(), outcomes
            )
        except ImportFailed as failed:
            session.rollback()  # before the look-ups: nothing of the import stays
            problems = [_located(reader(session), p, lang) for p in failed.problems]
        finally:
            session.rollback()  # a preview writes nothing
        if problems:
            upload_store.forget(st.settings.home, upload.id)  # a fixed file is uploaded again
        preview = Preview(outcomes, Counter(o.state for o in outcomes), problems)
        return render(
            request,
            "import_preview.html",
            viewer,
            400 if problems else 200,
            kind=kind.value,
            upload=upload,
            preview=preview,
        )


def _session_id(request: Request) -> str:
    from web.sessions import session_id

    return session_id(request)


def _page(
    request: Request, viewer: Viewer, *, error: str | None = None, chosen: str = ""
) -> Response:
    return render(request, "imports.html", viewer, kinds=KINDS, error=error, chosen=chosen)


@router.get("/imports")
def imports(request: Request) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        _office(request, viewer)
        return _page(request, viewer)


@router.post("/imports")
async def upload(request: Request) -> Response:
    """Step 1: keep the file, show what importing it would do."""
    got = await read_upload(request)
    if isinstance(got, Response):
        return got
    form, name, data = got
    kind = _kind(str(form.get("kind", "")))
    return await run_in_threadpool(_preview, request, str(form.get("csrf", "")), kind, name, data)


@router.post("/imports/{upload_id}/commit")
def commit(request: Request, upload_id: str, kind: Text = "", csrf: Text = "") -> Response:
    """Step 2: the same import on the kept file, committed; the file is then deleted."""
    st = state_of(request)
    with signed_post(request, csrf) as (session, viewer):
        chosen = _kind(kind)
        _office(request, viewer)
        found = upload_store.find(
            st.settings.home, _session_id(request), upload_id, chosen.value, st.clock()
        )
        if found is None:
            raise NotFound
        outcomes: list[Outcome] = []
        try:
            run_import(
                session, chosen, found.path, viewer.code, default_calendar(), st.today(), outcomes
            )
        except ImportFailed as failed:  # the directory changed since the preview
            session.rollback()
            problems = [_located(reader(session), p, viewer.language) for p in failed.problems]
            upload_store.forget(st.settings.home, found.id)
            preview = Preview(outcomes, Counter(), problems)
            return render(
                request,
                "import_preview.html",
                viewer,
                400,
                kind=chosen.value,
                upload=found,
                preview=preview,
            )
        session.commit()
        upload_store.forget(st.settings.home, found.id)
        return render(
            request,
            "import_done.html",
            viewer,
            kind=chosen.value,
            upload=found,
            preview=Preview(outcomes, Counter(o.state for o in outcomes), []),
        )


@router.get("/imports/templates/{kind}")
def template(request: Request, kind: str) -> Response:
    """The blank workbook ``dondoc export template`` writes, with drop-downs."""
    chosen = _kind(kind)
    if chosen is ImportKind.MINUTES:
        raise NotFound
    st = state_of(request)
    with db(request) as session:
        viewer = signed_in(request, session)
        _office(request, viewer)
        build = task_template if chosen is ImportKind.TASKS else duty_submission_template
        data = build(reader(session), viewer.language, st.today())
    names = {ImportKind.TASKS: "mau-nhiem-vu.xlsx", ImportKind.SUBMISSIONS: "mau-nop-bao-cao.xlsx"}
    return attachment(data, names[chosen], XLSX)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
