"""``/extract``: a resolution's own text turned into tasks in the browser (#27 item 3).

The office uploads the signed DOCX, PDF or TXT; the page shows the document's text with
each proposal's source sentence marked, beside the proposed tasks as a form: title,
lead and co-owners from pick-lists (an owner the directory did not match is shown with
the words the document used, to be chosen), deadline, and "keep" to reject one. The
file stays on the server between the two steps (``web.upload_store``); the commit reads
the draft again from it (never a copy sent back by the browser), applies the edits and
hands the minutes text the command line's ``dondoc extract -o`` would write to the
same all-or-nothing minutes import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

import web.upload_texts  # noqa: F401  (registers this area's texts)
from documents.extract import (
    DocumentInfo,
    Draft,
    OwnerRef,
    ProposedTask,
    directory_from_database,
    draft_minutes,
    extract_draft,
)
from documents.extract.review import (
    Segment,
    next_ref,
    shown_deadline,
    source_segments,
    typed_due,
    with_task,
)
from documents.minutes import import_minutes
from documents.problems import ImportFailed, Outcome
from models import directory_queries
from models.access import Viewer, can_import_files
from models.attachments import attach, target_of
from models.calendar import default_calendar
from models.document_changes import find_document
from models.errors import TrackerError
from models.file_types import identify
from models.kinds import DocumentKind
from models.meetings import Document
from models.org import Person
from web import upload_store
from web.actions import form_date
from web.deps import NotFound, db, reader, render, signed_in, signed_post, state_of
from web.uploads import read_upload

router = APIRouter()
KIND = "resolution"
SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "text": ".txt"}
DOCUMENT_FIELDS = ("kind", "number", "issuing_body", "issued_on", "title")


def attach_signed_file(
    session: Session, document_id: int, path: Path, name: str, by: Person
) -> None:
    """Keep the signed file on its document, in the commit's transaction (the evidence
    store: size limit, kind read from the bytes). A plain-text resolution is not a kind
    the store keeps (PDF, Word, Excel, images): its tasks are written without it."""
    document = session.get(Document, document_id)
    assert document is not None
    data = path.read_bytes()
    try:
        identify(name, data)
    except TrackerError:
        return  # read for its tasks, not kept: the office attaches the signed PDF later
    attach(session, target_of(document), name, data, by)


@dataclass
class Row:
    """One proposal as the form shows it: the draft's values, or what was typed."""

    number: int
    proposal: ProposedTask
    keep: bool
    title: str
    lead: str
    co_owners: list[str]
    deadline: str
    error: str | None = None


@dataclass
class Review:
    upload: upload_store.Upload
    draft: Draft
    document: dict[str, str]
    rows: list[Row]
    segments: list[Segment]
    existing: int = 0  # tasks the document on record already has
    errors: list[str] = field(default_factory=list)


def _kind_of(data: bytes) -> str:
    """The suffix to keep the upload under, told by its bytes as the reader tells them."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return "text"


def _office(viewer: Viewer) -> None:
    if not can_import_files(viewer):
        raise NotFound


def _rows(draft: Draft) -> list[Row]:
    return [
        Row(
            number,
            task,
            True,
            task.title,
            task.lead.code or "" if task.lead else "",
            [c.code for c in task.co_owners if c.code],
            shown_deadline(task.due),
        )
        for number, task in enumerate(draft.tasks, start=1)
    ]


def _document_fields(info: DocumentInfo) -> dict[str, str]:
    return {
        "kind": info.kind or "",
        "number": info.number or "",
        "issuing_body": info.issuing_body or "",
        "issued_on": info.issued_on.strftime("%d/%m/%Y") if info.issued_on else "",
        "title": info.title or "",
    }


def _existing(session: Session, fields: dict[str, str]) -> int:
    return next_ref(session, fields["number"] or None, fields["issuing_body"] or None) - 1


def _show(
    request: Request, session: Session, viewer: Viewer, review: Review, status_code: int = 200
) -> Response:
    """The review page; its pick-lists read in the request's own transaction."""
    source = reader(session)
    units = directory_queries.units(source)
    people = directory_queries.people(source)
    return render(
        request,
        "extract_review.html",
        viewer,
        status_code,
        review=review,
        units=units,
        people=people,
        kinds=list(DocumentKind),
    )


@router.get("/extract")
def extract_page(request: Request) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        _office(viewer)
        return render(request, "extract.html", viewer, error=None)


def _draft_of(session: Session, upload: upload_store.Upload) -> Draft:
    return extract_draft(upload.path.read_bytes(), upload.name, directory_from_database(session))


def _start(request: Request, csrf: str, name: str, data: bytes) -> Response:
    st = state_of(request)
    with signed_post(request, csrf) as (session, viewer):
        _office(viewer)
        upload = upload_store.keep(
            st.settings.home,
            _session_id(request),
            KIND,
            name or "van-ban",
            SUFFIXES[_kind_of(data)],
            data,
            st.clock(),
        )
        try:
            draft = _draft_of(session, upload)
        except TrackerError as error:  # not a document, a scan, a zip bomb...
            upload_store.forget(st.settings.home, upload.id)
            return render(request, "extract.html", viewer, 400, error=error.render(viewer.language))
        fields = _document_fields(draft.document)
        review = Review(
            upload,
            draft,
            fields,
            _rows(draft),
            source_segments(draft.text, draft.tasks),
            _existing(session, fields),
        )
        return _show(request, session, viewer, review)


def _session_id(request: Request) -> str:
    from web.sessions import session_id

    return session_id(request)


@router.post("/extract")
async def upload(request: Request) -> Response:
    """Step 1: read the document, show its text beside the proposed tasks."""
    got = await read_upload(request)
    if isinstance(got, Response):
        return got
    form, name, data = got
    return await run_in_threadpool(_start, request, str(form.get("csrf", "")), name, data)


def _typed_rows(draft: Draft, form: FormData, lang: str) -> list[Row]:
    rows = []
    for number, task in enumerate(draft.tasks, start=1):
        row = Row(
            number,
            task,
            form.get(f"keep-{number}") == "1",
            str(form.get(f"title-{number}", "")).strip(),
            str(form.get(f"lead-{number}", "")).strip(),
            [str(c) for c in form.getlist(f"co-{number}") if str(c).strip()],
            str(form.get(f"deadline-{number}", "")),
        )
        rows.append(row)
    return rows


def _edited(row: Row, lang: str) -> ProposedTask | None:
    """The proposal as edited, or None with ``row.error`` set."""
    proposal = row.proposal
    if not row.title:
        row.error = _t("web.extract.need_title", lang)
        return None
    collective = proposal.lead.collective if proposal.lead else None
    try:
        due = typed_due(row.deadline, proposal.due)
    except TrackerError as error:
        row.error = error.render(lang)
        return None
    if not row.lead and not (due.kind == "recurring" and collective):
        row.error = _t("web.extract.need_lead", lang)
        return None
    lead = OwnerRef(row.lead, row.lead) if row.lead else proposal.lead
    co_owners = [OwnerRef(code, code) for code in row.co_owners if code != row.lead]
    return with_task(proposal, title=row.title, lead=lead, co_owners=co_owners, due=due)


def _t(key: str, lang: str, **params: Any) -> str:
    from models.i18n import t

    return t(key, lang, **params)


def _document_info(fields: dict[str, str], draft: Draft, lang: str) -> DocumentInfo | str:
    missing = [f for f in ("number", "issuing_body", "issued_on") if not fields[f]]
    if missing:
        return _t("web.extract.need_document", lang)
    try:
        issued_on: date = form_date(fields["issued_on"])
    except TrackerError as error:
        return error.render(lang)
    kind = fields["kind"] if fields["kind"] in {k.value for k in DocumentKind} else None
    return DocumentInfo(
        kind or draft.document.kind or DocumentKind.RESOLUTION.value,
        fields["number"],
        fields["issuing_body"],
        issued_on,
        fields["title"] or draft.document.title,
        draft.document.place,
    )


def _task_of_line(yaml_text: str, line: int) -> str:
    """The ref of the task a minutes line belongs to ("" for the document's lines)."""
    ref = ""
    for number, text in enumerate(yaml_text.splitlines(), start=1):
        if number > line:
            break
        stripped = text.strip()
        if stripped.startswith("- ref:"):
            ref = stripped.split(":", 1)[1].strip().strip('"')
    return ref


def _commit(request: Request, upload_id: str, form: FormData) -> Response:
    st = state_of(request)
    home = st.settings.home
    with signed_post(request, str(form.get("csrf", ""))) as (session, viewer):
        _office(viewer)
        lang = viewer.language
        upload = upload_store.find(home, _session_id(request), upload_id, KIND, st.clock())
        if upload is None:
            raise NotFound
        draft = _draft_of(session, upload)  # the kept file's draft, not a browser's copy
        fields = {f: str(form.get(f"doc-{f}", "")).strip() for f in DOCUMENT_FIELDS}
        rows = _typed_rows(draft, form, lang)
        review = Review(
            upload,
            draft,
            fields,
            rows,
            source_segments(draft.text, draft.tasks),
            _existing(session, fields),
        )
        info = _document_info(fields, draft, lang)
        if isinstance(info, str):
            review.errors.append(info)
        kept = [task for row in rows if row.keep and (task := _edited(row, lang)) is not None]
        if not any(row.keep for row in rows):
            review.errors.append(_t("web.extract.nothing_kept", lang))
        if review.errors or any(row.error for row in rows if row.keep):
            return _show(request, session, viewer, review, 400)
        assert isinstance(info, DocumentInfo)
        edited = Draft(draft.file, info, kept, draft.text, draft.source_format)
        first_ref = review.existing + 1
        minutes = draft_minutes(edited, lang, first_ref)
        now = st.clock()
        checked = upload_store.keep(
            home, _session_id(request), "minutes", "draft.yaml", ".yaml", minutes.encode(), now
        )
        outcomes: list[Outcome] = []
        try:
            import_minutes(session, checked.path, viewer.code, default_calendar(), outcomes)
        except ImportFailed as failed:
            session.rollback()
            for problem in failed.problems:
                place, column, message = problem.parts(lang)
                ref = _task_of_line(minutes, problem.where.number_of(problem.field))
                where = _t("web.extract.task_ref", lang, ref=ref) if ref else place
                review.errors.append(f"{where}, «{column}»: {message}")
            return _show(request, session, viewer, review, 400)
        finally:
            upload_store.forget(home, checked.id)
        document = find_document(session, info.number or "", info.issuing_body or "")
        assert document is not None and document.id is not None
        signer = session.get(Person, viewer.person_id)
        assert signer is not None
        attach_signed_file(session, document.id, upload.path, upload.name, signer)
        session.commit()
        upload_store.forget(home, upload.id)
        tasks = [o for o in outcomes if o.entity in ("tasks", "duties")]
        return render(
            request,
            "extract_done.html",
            viewer,
            document_id=document.id,
            outcomes=tasks,
            name=upload.name,
        )


@router.post("/extract/{upload_id}/commit")
async def commit(request: Request, upload_id: str) -> Response:
    """Step 2: the kept tasks, as edited, through the all-or-nothing minutes import."""
    form = await request.form(max_files=0, max_fields=2000)
    return await run_in_threadpool(_commit, request, upload_id, form)
