"""The tracking office's pages: meetings and who attended, the documents they adopted,
a document's tasks typed in rows on one screen, and the office's changes to a task (edit,
reassign, cancel, restore or reopen, each with its reason in the history).

Every page and form asks ``models.access.can_keep_records``; anyone else gets the same
404 as for a page that does not exist. Writes go through ``models.document_changes``,
``documents.task_entry`` and ``models.lifecycle``; a refused form comes back with its
problem beside the field and everything typed kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

import web.office_texts  # noqa: F401  (registers the office's texts)
from documents.dates import DateProblem, parse_date
from documents.task_entry import (
    DUE_FIELDS,
    MAX_ROWS,
    EntryRefused,
    TaskEntry,
    enter_tasks,
    next_ref,
    period_choices,
)
from models.access import Viewer, can_keep_records
from models.calendar import default_calendar
from models.document_changes import (
    edit_document,
    edit_meeting,
    find_document,
    save_document,
    save_meeting,
    set_attendees,
)
from models.errors import TrackerError
from models.i18n import Term, t
from models.kinds import DocumentKind
from models.lifecycle import (
    cancel_task,
    correct_deadline,
    reopen_task,
    restore_task,
    set_co_owners,
    set_lead,
    update_task,
)
from models.lookups import get_owner
from models.meeting_list import meeting_page, meeting_units
from models.meetings import AttendeeRole, Document, Meeting, MeetingAttendee, MeetingKind
from models.org import Person, Unit, UnitKind
from models.queries import unit_scope
from models.tasks import Task
from web.deps import NotFound, db, reader, render, signed_in, signed_post, state_of
from web.office_forms import choices, office_section, search
from web.pages import task_page
from web.paging import query_of, split, window
from web.params import PageNumber, RowId, row_id, year_number

router = APIRouter()


async def posted(request: Request) -> FormData:
    """The form's fields, read before the (synchronous) route runs in the thread pool;
    a multi-row form repeats names, which only the whole form gives back."""
    return await request.form()


Posted = Annotated[FormData, Depends(posted)]


def _office(request: Request, session: Session) -> Viewer:
    viewer = signed_in(request, session)
    if not can_keep_records(viewer):
        raise NotFound
    return viewer


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def _day(text: str, name: str) -> date:
    if not text.strip():
        raise TrackerError("entry_missing", field=name)
    try:
        return parse_date(text.strip())
    except DateProblem as problem:
        raise TrackerError("cli_date", field=name, value=text, reason=Term(problem.key)) from None


def _required(text: str, name: str) -> str:
    if not text.strip():
        raise TrackerError("entry_missing", field=name)
    return text.strip()


@router.get("/owners")
def owners(request: Request) -> Response:
    """The pick-list's options for what is typed (htmx fills the page's ``<datalist>``
    with them): the lists on the page hold only part of a large directory. Any signed-in
    person: the office's forms and everyone's task filter (names, never contacts)."""
    only = request.query_params.get("only", "")
    typed = next((v for k, v in request.query_params.items() if k != "only"), "")
    with db(request) as session:
        viewer = signed_in(request, session)
        found = [c for c in search(session, typed[:100]) if c.key.startswith(only)]
    return render(request, "_owner_options.html", viewer, found=found)


# Meetings -------------------------------------------------------------------------------


@router.get("/meetings")
def meetings(request: Request, page: PageNumber = 1, year: str = "", unit: str = "") -> Response:
    """The meetings, newest first, a page at a time (``web.paging``), filtered by the year
    held and the unit that met (``models.meeting_list``); a year mistyped is said and
    every year shown."""
    held_in = year_number(year)
    limit, offset = window(page)
    with db(request) as session:
        viewer = _office(request, session)
        units = meeting_units(session)
        scope = _unit_scope(session, unit) if unit else None
        rows, more = split(meeting_page(session, limit, offset, scope, held_in))
    params = {"year": str(held_in) if held_in is not None else "", "unit": unit}
    return render(
        request,
        "meetings.html",
        viewer,
        rows=rows,
        units=units,
        params=params,
        typed_year=year.strip()[:20],  # kept as typed, even when it names no year
        year_error=bool(year.strip()) and held_in is None,
        page=page,
        more=more,
        query=query_of(params),
    )


def _unit_scope(session: Session, code: str) -> list[int]:
    """The unit ``code`` and those below it, as the task list's unit filter means it; a
    code naming no unit (only a hand-made address: the filter is a list) finds nothing."""
    try:
        return unit_scope(reader(session), code)
    except TrackerError:
        return []


def _meeting_form(
    request: Request,
    session: Session,
    viewer: Viewer,
    typed: Mapping[str, Any],
    *,
    meeting: Meeting | None = None,
    error: TrackerError | None = None,
) -> Response:
    picks = choices(session, typed.get("attendees", []))
    return render(
        request,
        "meeting_form.html",
        viewer,
        400 if error else 200,
        meeting=meeting,
        typed=typed,
        kinds=list(MeetingKind),
        units=picks.units,
        people=picks.people,
        error=error.render(viewer.language) if error else "",
        error_field=(error.field or "") if error else "",
    )


def _meeting_typed(session: Session, meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        committee = session.exec(
            select(Unit).where(Unit.kind == UnitKind.COMMITTEE).order_by(col(Unit.id))
        ).first()
        unit = f"unit:{committee.code}" if committee else ""
        return {"kind": MeetingKind.REGULAR.value, "unit": unit, "attendees": [], "chair": ""}
    unit_row = session.get(Unit, meeting.unit_id)
    present = session.exec(
        select(MeetingAttendee, Person)
        .join(Person, col(Person.id) == MeetingAttendee.person_id)
        .where(MeetingAttendee.meeting_id == meeting.id)
    ).all()
    chair = next((p for a, p in present if a.role is AttendeeRole.CHAIR), None)
    return {
        "kind": meeting.kind.value,
        "held_on": meeting.held_on,
        "title": meeting.title,
        "location": meeting.location or "",
        "unit": f"unit:{unit_row.code}" if unit_row else "",
        "chair": chair.full_name if chair else "",
        "attendees": [f"person:{p.code}" for a, p in present if a.role is not AttendeeRole.CHAIR],
    }


def _read_meeting(form: FormData) -> dict[str, Any]:
    return {
        "kind": _text(form, "kind"),
        "held_on": _text(form, "held_on"),
        "title": _text(form, "title"),
        "location": _text(form, "location"),
        "unit": _text(form, "unit"),
        "chair": _text(form, "chair"),
        "attendees": _texts(form, "attendees"),
    }


def _write_meeting(session: Session, typed: Mapping[str, Any], meeting: Meeting | None) -> Meeting:
    picks = choices(session)
    try:
        kind = MeetingKind(typed["kind"])
    except ValueError:
        raise TrackerError("entry_missing", field="kind") from None
    held_on = _day(typed["held_on"], "held_on")
    title = _required(typed["title"], "title")
    unit_key = typed["unit"]
    if not unit_key.startswith("unit:"):
        raise TrackerError("entry_missing", field="unit")
    unit = get_owner(session, unit_key)
    assert isinstance(unit, Unit)
    location = typed["location"].strip() or None
    if meeting is None:
        meeting = save_meeting(
            session, unit=unit, held_on=held_on, title=title, kind=kind, location=location
        ).row
    else:
        edit_meeting(
            session, meeting, unit=unit, held_on=held_on, title=title, kind=kind, location=location
        )
    wanted: dict[int, AttendeeRole] = {}
    current = {
        a.person_id: a.role
        for a in session.exec(
            select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id)
        )
    }
    for key in typed["attendees"]:
        person = _person(session, key, "attendees")
        assert person.id is not None
        kept = current.get(person.id, AttendeeRole.ATTENDEE)
        wanted[person.id] = AttendeeRole.ATTENDEE if kept is AttendeeRole.CHAIR else kept
    if typed["chair"].strip():
        chair = _person(session, picks.key_of(typed["chair"]), "chair")
        assert chair.id is not None
        wanted[chair.id] = AttendeeRole.CHAIR
    set_attendees(session, meeting, wanted)
    return meeting


def _person(session: Session, key: str, name: str) -> Person:
    try:
        found = get_owner(session, key if key.startswith("person:") else f"person:{key}")
    except TrackerError as error:
        raise TrackerError(error.code, field=name, **error.params) from None
    assert isinstance(found, Person)
    return found


@router.get("/meetings/new")
def new_meeting(request: Request) -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        return _meeting_form(request, session, viewer, _meeting_typed(session, None))


@router.post("/meetings/new")
def create_meeting(request: Request, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if not can_keep_records(viewer):
            raise NotFound
        typed = _read_meeting(form)
        try:
            meeting = _write_meeting(session, typed, None)
            session.commit()
        except TrackerError as error:
            session.rollback()
            return _meeting_form(request, session, viewer, typed, error=error)
    return RedirectResponse(f"/meetings/{meeting.id}", status_code=303)


def _found_meeting(session: Session, meeting_id: int) -> Meeting:
    found = session.get(Meeting, meeting_id)
    if found is None:
        raise NotFound
    return found


@router.get("/meetings/{meeting_id}")
def meeting(request: Request, meeting_id: RowId) -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        found = _found_meeting(session, meeting_id)
        unit = session.get(Unit, found.unit_id)
        present = session.exec(
            select(MeetingAttendee, Person)
            .join(Person, col(Person.id) == MeetingAttendee.person_id)
            .where(MeetingAttendee.meeting_id == meeting_id)
            .order_by(col(MeetingAttendee.role), col(Person.full_name))
        ).all()
        documents = session.exec(
            select(Document).where(Document.meeting_id == meeting_id).order_by(col(Document.id))
        ).all()
    return render(
        request,
        "meeting.html",
        viewer,
        meeting=found,
        unit=unit,
        present=present,
        documents=documents,
    )


@router.get("/meetings/{meeting_id}/edit")
def edit_meeting_form(request: Request, meeting_id: RowId) -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        found = _found_meeting(session, meeting_id)
        return _meeting_form(
            request, session, viewer, _meeting_typed(session, found), meeting=found
        )


@router.post("/meetings/{meeting_id}/edit")
def update_meeting(request: Request, meeting_id: RowId, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if not can_keep_records(viewer):
            raise NotFound
        found = _found_meeting(session, meeting_id)
        typed = _read_meeting(form)
        try:
            _write_meeting(session, typed, found)
            session.commit()
        except TrackerError as error:
            session.rollback()
            found = _found_meeting(session, meeting_id)
            return _meeting_form(request, session, viewer, typed, meeting=found, error=error)
    return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)


# Documents ------------------------------------------------------------------------------


def _document_form(
    request: Request,
    session: Session,
    viewer: Viewer,
    typed: Mapping[str, Any],
    *,
    document: Document | None = None,
    error: TrackerError | None = None,
) -> Response:
    meeting_id = row_id(str(typed.get("meeting", "")))
    found = session.get(Meeting, meeting_id) if meeting_id else None
    return render(
        request,
        "document_form.html",
        viewer,
        400 if error else 200,
        document=document,
        meeting=found,
        typed=typed,
        kinds=list(DocumentKind),
        error=error.render(viewer.language) if error else "",
        error_field=(error.field or "") if error else "",
    )


@router.get("/documents/new")
def new_document(request: Request, meeting: str = "") -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        typed: dict[str, Any] = {"kind": DocumentKind.RESOLUTION.value, "meeting": ""}
        found = session.get(Meeting, row_id(meeting) or 0) if meeting else None
        if meeting and found is None:
            raise NotFound
        if found is not None:
            unit = session.get(Unit, found.unit_id)
            typed |= {"meeting": str(found.id), "issued_on": found.held_on}
            typed["issuing_body"] = unit.name if unit else ""
        return _document_form(request, session, viewer, typed)


def _read_document(form: FormData) -> dict[str, Any]:
    names = ("kind", "number", "issuing_body", "issued_on", "title", "meeting")
    return {name: _text(form, name) for name in names}


def _document_values(typed: Mapping[str, Any]) -> dict[str, Any]:
    try:
        kind = DocumentKind(typed["kind"])
    except ValueError:
        raise TrackerError("entry_missing", field="kind") from None
    return {
        "kind": kind,
        "number": _required(typed["number"], "number"),
        "issuing_body": _required(typed["issuing_body"], "issuing_body"),
        "issued_on": _day(typed["issued_on"], "issued_on"),
        "title": _required(typed["title"], "title"),
    }


@router.post("/documents/new")
def create_document(request: Request, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if not can_keep_records(viewer):
            raise NotFound
        typed = _read_document(form)
        try:
            values = _document_values(typed)
            if find_document(session, values["number"], values["issuing_body"]) is not None:
                raise TrackerError(
                    "document_taken",
                    field="number",
                    number=values["number"],
                    body=values["issuing_body"],
                )
            meeting_id = row_id(typed["meeting"])
            held = session.get(Meeting, meeting_id) if meeting_id else None
            document = save_document(session, meeting=held, **values).row
            session.commit()
        except TrackerError as error:
            session.rollback()
            return _document_form(request, session, viewer, typed, error=error)
    return RedirectResponse(f"/documents/{document.id}/tasks/new?saved=1", status_code=303)


def _found_document(session: Session, document_id: int) -> Document:
    found = session.get(Document, document_id)
    if found is None:
        raise NotFound
    return found


@router.get("/documents/{document_id}/edit")
def edit_document_form(request: Request, document_id: RowId) -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        found = _found_document(session, document_id)
        typed = {
            "kind": found.kind.value,
            "number": found.number,
            "issuing_body": found.issuing_body,
            "issued_on": found.issued_on,
            "title": found.title,
            "meeting": str(found.meeting_id or ""),
        }
        return _document_form(request, session, viewer, typed, document=found)


@router.post("/documents/{document_id}/edit")
def update_document(request: Request, document_id: RowId, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if not can_keep_records(viewer):
            raise NotFound
        found = _found_document(session, document_id)
        typed = _read_document(form) | {"meeting": str(found.meeting_id or "")}
        try:
            edit_document(session, found, **_document_values(typed))
            session.commit()
        except TrackerError as error:
            session.rollback()
            found = _found_document(session, document_id)
            return _document_form(request, session, viewer, typed, document=found, error=error)
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


# Tasks in rows --------------------------------------------------------------------------

BLANK_ROWS = 3


def _refs(session: Session, document_id: int) -> list[str]:
    return list(session.exec(select(Task.ref).where(Task.document_id == document_id)))


def _blank_rows(first: int, count: int) -> list[TaskEntry]:
    return [TaskEntry(ref=str(first + i)) for i in range(count)]


def _entry_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    document: Document,
    rows: list[TaskEntry],
    *,
    problems: Mapping[tuple[int, str], str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    picks = choices(session, [k for r in rows for k in (r.lead, *r.co_owners)])
    return render(
        request,
        "task_rows.html",
        viewer,
        status_code,
        document=document,
        rows=rows,
        owners=picks.owners,
        picks=picks,
        periods=period_choices(document.issued_on, viewer.language),
        due_kinds=list(DUE_FIELDS),
        problems=problems or {},
        notice=notice,
    )


@router.get("/documents/{document_id}/tasks/new")
def new_tasks(request: Request, document_id: RowId, saved: str = "") -> Response:
    with db(request) as session:
        viewer = _office(request, session)
        found = _found_document(session, document_id)
        rows = _blank_rows(next_ref(_refs(session, document_id)), BLANK_ROWS)
        notice = t("web.document.saved", viewer.language) if saved else ""
        return _entry_page(request, session, viewer, found, rows, notice=notice)


def _read_rows(form: FormData) -> list[TaskEntry]:
    count = row_id(_text(form, "rows")) or 1
    rows = []
    for i in range(min(count, MAX_ROWS)):
        p = f"r{i}-"
        rows.append(
            TaskEntry(
                ref=_text(form, p + "ref"),
                title=_text(form, p + "title"),
                lead=_text(form, p + "lead"),
                co_owners=_texts(form, p + "co_owners"),
                due_kind=_text(form, p + "due_kind") or "date",
                due_on=_text(form, p + "due_on"),
                due_in=_text(form, p + "due_in"),
                due_period=_text(form, p + "due_period"),
            )
        )
    return rows


@router.post("/documents/{document_id}/tasks/new")
def add_tasks(request: Request, document_id: RowId, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if not can_keep_records(viewer):
            raise NotFound
        found = _found_document(session, document_id)
        rows = _read_rows(form)
        if _text(form, "add_row") and len(rows) < MAX_ROWS:
            taken = _refs(session, document_id) + [r.ref.strip() for r in rows]
            rows += _blank_rows(next_ref(taken), 1)
            return _entry_page(request, session, viewer, found, rows)
        picks = choices(session)
        for row in rows:
            row.lead = picks.key_of(row.lead) if row.lead.strip() else ""

        def owner(key: str) -> Unit | Person:
            return get_owner(session, key)

        try:
            made = enter_tasks(session, found, rows, owner, default_calendar(), viewer.code)
            session.commit()
        except EntryRefused as refused:
            session.rollback()
            shown = choices(session, [r.lead for r in rows])
            for row in rows:  # shown again as picked
                row.lead = shown.label_of(row.lead) if row.lead else ""
            problems = {(p.row, p.field): p.error.render(viewer.language) for p in refused.problems}
            return _entry_page(
                request, session, viewer, found, rows, problems=problems, status_code=400
            )
    return RedirectResponse(f"/documents/{document_id}?added={len(made)}", status_code=303)


@router.get("/tasks/new")
def choose_document(request: Request) -> Response:
    """Tasks belong to a document: the office picks one (newest first) or adds one."""
    with db(request) as session:
        viewer = _office(request, session)
        documents = session.exec(
            select(Document)
            .order_by(col(Document.issued_on).desc(), col(Document.id).desc())
            .limit(100)
        ).all()
    return render(request, "choose_document.html", viewer, documents=documents)


# The office's changes to one task -------------------------------------------------------

OFFICE_ACTIONS = ("edit", "lead", "cancel", "restore")


def _apply(
    session: Session, task: Task, action: str, form: FormData, actor: str, today: date
) -> bool:
    picks = choices(session)
    reason = _text(form, "reason").strip()
    if action == "edit":
        title = _required(_text(form, "title"), "title")
        due_text = _text(form, "due_on")
        due = _day(due_text, "due_on") if due_text.strip() else None
        helpers = [get_owner(session, key) for key in _texts(form, "co_owners")]
        changed = update_task(session, task, actor, title=title)
        try:
            changed |= correct_deadline(session, task, due, actor)
        except TrackerError as error:
            raise TrackerError(error.code, field="due_on", **error.params) from None
        return set_co_owners(session, task, helpers, actor) or changed
    if action == "lead":
        text = _text(form, "lead")
        if not text.strip():
            raise TrackerError("entry_missing", field="lead")
        try:
            lead = get_owner(session, picks.key_of(text))
        except TrackerError as error:
            raise TrackerError(error.code, field="lead", **error.params) from None
        return set_lead(session, task, lead, actor)
    if not reason:
        raise TrackerError("entry_missing", field="reason")
    if action == "cancel":
        cancel_task(session, task, _decided(form, today), reason, actor, today=today)
    elif task.cancelled_on is not None:
        restore_task(session, task, actor, reason, _decided(form, today), today=today)
    else:
        reopen_task(session, task, actor, reason)
    return True


def _decided(form: FormData, today: date) -> date:
    """The day a cancellation or restoration was decided (at last week's meeting, say):
    today when left empty; the rule on it is ``models.lifecycle.check_decision_day``."""
    text = _text(form, "decided_on")
    return _day(text, "decided_on") if text.strip() else today


@router.post("/tasks/{task_id}/office/{action}")
def office_action(request: Request, task_id: RowId, action: str, form: Posted) -> Response:
    with signed_post(request, _text(form, "csrf")) as (session, viewer):
        if action not in OFFICE_ACTIONS or not can_keep_records(viewer):
            raise NotFound
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound
        try:
            changed = _apply(session, task, action, form, viewer.code, state_of(request).today())
            session.commit()
        except TrackerError as error:
            session.rollback()
            section = office_section(session, task)
            section.action, section.error_field = action, error.field or ""
            section.error = error.render(viewer.language)
            section.typed = {k: form.getlist(k) if k == "co_owners" else v for k, v in form.items()}
            return task_page(request, session, viewer, task_id, office=section)
        key = "web.task.saved" if changed else "web.office.unchanged"
        return task_page(request, session, viewer, task_id, notice=t(key, viewer.language))
