"""The pages (GET): my work, the task list and export, one task, a document, a unit,
reporting duties, my account. Each asks ``models.access`` what the viewer may see."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session, select

from models.access import (
    Viewer,
    can_act,
    can_change_settings,
    can_decide,
    can_keep_records,
    can_see_task,
    can_see_unit,
    can_snooze,
    decisions_waiting,
    reach,
)
from models.comments import comments_of
from models.db import reading
from models.directory_queries import managers
from models.errors import TrackerError
from models.explanations import explanations_of
from models.folding import fold, fold_sql
from models.i18n import Term
from models.meetings import Document
from models.my_work import my_work
from models.org import Person, Unit
from models.periods import Period, parse_period, period_words
from models.preferences import snoozed_until
from models.queries import (
    TaskFilter,
    TaskRow,
    directory,
    find_code,
    find_person_named,
    list_tasks,
    rows_by_id,
    subtree,
    unit_summaries,
)
from models.requests import RequestState, needs_confirmation, requests_of
from models.sqlread import Reader, RepeatReader
from models.status import TaskStatus
from models.tasks import Task
from models.timeline import timeline
from models.tokens import has_feed
from web.actions import form_date
from web.deps import NotFound, db, reader, render, signed_in, state_of
from web.evidence_view import evidence_context, file_bound
from web.office_forms import OfficeSection, office_section
from web.paging import PAGE_SIZE, query_of, split, window
from web.params import PageNumber, RowId, row_id
from web.risk_views import explain_context
from web.session_routes import account_security

router = APIRouter()
EXPORT_LIMIT = 100_000


@router.get("/")
def home(request: Request) -> Response:
    today = state_of(request).today()
    with db(request) as session:
        viewer = signed_in(request, session)
        r = reader(session)
        late, soon = my_work(r, viewer, TaskFilter(limit=20), today)
        waiting = decisions_waiting(r, viewer)
        units = []
        roots = viewer.managed or ()
        if viewer.everything:  # the office follows the whole committee, not its own unit
            roots = tuple(
                int(x[0]) for x in r.fetch("SELECT id FROM unit WHERE parent_id IS NULL", {})
            )
        period = _quarter(today)
        for root in roots:
            units += [s for s in unit_summaries(r, period, today, root) if s.depth <= 1]
        return render(
            request,
            "home.html",
            viewer,
            late=late,
            soon=soon,
            waiting=waiting,
            units=units,
            period=period,
            statuses=[
                TaskStatus.DONE_ON_TIME,
                TaskStatus.DONE_LATE,
                TaskStatus.IN_PROGRESS,
                TaskStatus.OVERDUE,
            ],
        )


def _quarter(day: date) -> Period:
    """The quarter ``day`` falls in: the period a unit's state is read over."""
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def _document_id(session: Session, text: str) -> int:
    """A document named in the filter: its id (the old links), its exact number, or the
    one document whose number or title contains the words typed, accents or not."""
    r = reader(session)
    by_id = row_id(text)
    if by_id is not None and session.get(Document, by_id) is not None:
        return by_id
    exact = r.fetch("SELECT id FROM document WHERE number = :n", {"n": text})
    if len(exact) == 1:
        return int(exact[0][0])
    params = {"text": f"%{fold(text)}%"}
    number, title = fold_sql("number", r.dialect), fold_sql("title", r.dialect)
    where = f"{number} LIKE :text OR {title} LIKE :text"
    found = r.fetch(f"SELECT id FROM document WHERE {where} LIMIT 2", params)
    if len(found) == 1:
        return int(found[0][0])
    if not found:
        raise TrackerError("not_found", what=Term("what.document"), key=text)
    count = r.fetch(f"SELECT count(*) FROM document WHERE {where}", params)
    raise TrackerError("document_ambiguous", field="document", key=text, n=int(count[0][0]))


def _task_filter(
    session: Session,
    viewer: Viewer,
    unit: str,
    person: str,
    document: str,
    status: list[str],
    q: str,
    awaiting: str = "",
    period: str = "",
) -> TaskFilter:
    r = reader(session)
    f = TaskFilter(reach=reach(viewer))
    if unit:
        unit_id = find_code(r, "unit", unit.strip())
        if unit_id is None:
            raise TrackerError("not_found", what=Term("what.unit"), key=unit)
        f.unit_ids = subtree(r, unit_id)
    if person:
        person_id = find_person_named(r, person)
        if person_id is None:
            raise TrackerError("not_found", what=Term("what.person"), key=person)
        f.person_id = person_id
    if document.strip():
        f.document_id = _document_id(session, document.strip())
    valid = {s.value for s in TaskStatus}
    f.statuses = [TaskStatus(s) for s in status if s in valid] or None
    f.text = q.strip() or None
    f.awaiting = True if awaiting else None
    if period.strip():
        try:
            window = parse_period(period.strip())
        except (ValueError, TrackerError):
            raise TrackerError("not_found", what=Term("what.period"), key=period) from None
        f.due_from, f.due_to = window.start, window.end
    return f


@router.get("/tasks")
def tasks(
    request: Request,
    unit: str = "",
    person: str = "",
    document: str = "",
    status: Annotated[list[str] | None, Query()] = None,
    as_of: str = "",
    q: str = "",
    awaiting: str = "",
    period: str = "",
    view: str = "",
    page: PageNumber = 1,
    format: str = "",
    due_from: str = "",
    due_to: str = "",
) -> Response:
    st = state_of(request)
    view = view if view in VIEWS else ""
    params = {
        "unit": unit,
        "person": person,
        "document": document,
        "as_of": as_of,
        "q": q,
        "awaiting": "1" if awaiting else "",
        "period": period,
        "view": view,
        "due_from": due_from,  # a dashboard count's period
        "due_to": due_to,
    }
    with db(request) as session:
        viewer = signed_in(request, session)
        error = None
        rows: list[TaskRow] = []
        more = False
        total: int | None = None
        day = st.today()
        try:
            day = form_date(as_of) if as_of.strip() and not view else day
            f = _task_filter(
                session, viewer, unit, person, document, status or [], q, awaiting, period
            )
            if due_from.strip():
                f.due_from = form_date(due_from)
            if due_to.strip():
                f.due_to = form_date(due_to)
            found = reader(session)
            if view:  # the home page's lists, read by the very function the home page uses
                f.offset = window(page)[1]
                f.limit = PAGE_SIZE
                late, soon = my_work(found, viewer, f, day)
                chosen = late if view == "overdue" else soon
                rows, total = chosen.rows, chosen.total
                more = f.offset + len(rows) < chosen.total
            elif format in ("csv", "xlsx"):
                f.limit = EXPORT_LIMIT
                return _export(found, list_tasks(found, f, day), viewer.language, format, day)
            else:
                f.limit, f.offset = window(page)
                rows, more = split(list_tasks(found, f, day))
        except TrackerError as problem:
            error = problem.render(viewer.language)
        choices = _filter_choices(session)
        template = "tasks_table.html" if request.headers.get("HX-Request") else "tasks.html"
        return render(
            request,
            template,
            viewer,
            400 if error else 200,
            rows=rows,
            error=error,
            params=params,
            chosen=set(status or []),
            statuses=list(TaskStatus),
            page=max(page, 1),
            more=more,
            total=total,
            day=day,
            query=query_of(params, *(("status", s) for s in status or [])),
            period_text=_period_text(period, viewer.language),
            **choices,
        )


VIEWS = ("overdue", "soon")


def _period_text(key: str, lang: str) -> str:
    try:
        return period_words(key.strip(), lang) if key.strip() else ""
    except (ValueError, TrackerError):
        return key


DOCUMENT_CHOICES = 300  # the latest documents offered in the filter's list


def _filter_choices(session: Session) -> dict[str, Any]:
    """The pick-lists of the filter form: units by name; people as a typed name with the
    units' managers offered and anyone else found as one types (``/owners``): a list of
    the whole directory (5,000 people) cost a member's task list 0.3 s to render and is
    of no use on a phone; documents by number and title (the latest ones; any other is
    found by typing its number or words)."""
    r = reader(session)
    units = [(code, name) for _, code, name in directory(r, "unit")]
    names = list(dict.fromkeys(name for _, name in managers(r)))
    documents = [
        (str(number), str(title))
        for number, title in r.fetch(
            "SELECT number, title FROM document ORDER BY issued_on DESC, id DESC"
            f" LIMIT {DOCUMENT_CHOICES}",
            {},
        )
    ]
    return {
        "unit_choices": sorted(units, key=lambda u: u[1]),
        "person_choices": names,
        "document_choices": documents,
    }


def _export(source: Reader, rows: list[TaskRow], lang: str, fmt: str, day: date) -> Response:
    """The same file as ``dondoc export tasks`` (titled, typed, re-importable)."""
    import tempfile
    from pathlib import Path

    from documents.task_export import task_table, write_tasks

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tasks.{fmt}"
        write_tasks(path, task_table(source, rows, lang), lang, day, None)
        body = path.read_bytes()
    kind = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8"
    )
    disposition = f'attachment; filename="dondoc-tasks.{fmt}"'
    return Response(body, media_type=kind, headers={"Content-Disposition": disposition})


def task_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    task_id: int,
    *,
    error: str | None = None,
    notice: str | None = None,
    snooze_error: str | None = None,
    snooze_value: str = "",
    typed: dict[str, str] | None = None,
    office: OfficeSection | None = None,
    explain_form: dict[str, str] | None = None,
) -> Response:
    """The task page; after a refused form, ``typed`` (its action and fields) or the
    office's ``office`` section bring back what was typed, beside the problem."""
    if not session.in_transaction():  # after a form's commit: the page only reads
        reading(session)
    r = RepeatReader(reader(session))  # one read-only transaction: ask each thing once
    if not can_see_task(r, viewer, task_id):
        raise NotFound
    (row,) = rows_by_id(r, [task_id], state_of(request).today())
    task = session.get(Task, task_id)
    assert task is not None
    document = session.get(Document, task.document_id)
    # Read once, shown by the history, the forms and the panels alike.
    requests, comments = requests_of(session, task), comments_of(session, task_id)
    explained = explanations_of(session, task_id)
    pending = [q for q in requests if q.state is RequestState.PENDING]
    asked = {q.requested_by_id for q in pending}
    people = {p.id: p.full_name for p in (session.get(Person, i) for i in asked) if p}
    decidable = {q.id for q in pending if can_decide(r, viewer, task_id, q.requested_by_id)}
    if office is None and can_keep_records(viewer):
        office = office_section(session, task)
    return render(
        request,
        "task.html",
        viewer,
        400 if error or snooze_error or (office and office.error) else 200,
        row=row,
        document=document,
        history=timeline(
            session,
            task,
            viewer.language,
            requests=requests,
            comments=comments,
            explained=explained,
        ),
        pending=pending,
        decidable=decidable,
        people=people,
        may_act=can_act(r, viewer, task_id),
        is_open=task.completed_on is None and task.cancelled_on is None,
        confirm=needs_confirmation(session, task),
        error=error,
        notice=notice,
        may_snooze=can_snooze(r, viewer, task_id),
        snoozed_until=snoozed_until(session, viewer.person_id, task_id, state_of(request).today()),
        snooze_error=snooze_error,
        snooze_value=snooze_value,
        typed=typed or {},
        **evidence_context(
            session,
            viewer,
            task,
            state_of(request).today(),
            file_bound(request),
            r=r,
            comments=comments,
        ),
        office=office,
        **explain_context(
            session,
            r,
            viewer,
            task,
            state_of(request).today(),
            explain_form,
            explained=explained,
        ),
    )


@router.get("/tasks/{task_id}")
def task(request: Request, task_id: RowId) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        return task_page(request, session, viewer, task_id)


@router.get("/documents/{document_id}")
def document(request: Request, document_id: RowId) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        found = session.get(Document, document_id)
        if found is None:
            raise NotFound
        f = TaskFilter(document_id=document_id, reach=reach(viewer))
        rows = list_tasks(reader(session), f, state_of(request).today())
        if not rows and not viewer.everything:
            raise NotFound
    return render(
        request,
        "document.html",
        viewer,
        document=found,
        rows=rows,
        may_keep_records=can_keep_records(viewer),
    )


@router.get("/units/{code}")
def unit(request: Request, code: str) -> Response:
    today = state_of(request).today()
    with db(request) as session:
        viewer = signed_in(request, session)
        found = session.exec(select(Unit).where(Unit.code == code)).first()
        if found is None or found.id is None or not can_see_unit(viewer, found.id):
            raise NotFound
        manager = session.get(Person, found.manager_id) if found.manager_id else None
        children = list(session.exec(select(Unit).where(Unit.parent_id == found.id)))
        period = _quarter(today)
        summaries = unit_summaries(reader(session), period, today, found.id)
        from models.requests import CommitteeSetting

        setting = session.get(CommitteeSetting, found.id)
    return render(
        request,
        "unit.html",
        viewer,
        unit=found,
        manager=manager,
        children=sorted(children, key=lambda u: u.code),
        summaries=[s for s in summaries if s.depth <= 1],
        period=period,
        may_configure=can_change_settings(viewer),
        confirm=bool(setting and setting.confirm_completion),
        statuses=[
            TaskStatus.DONE_ON_TIME,
            TaskStatus.DONE_LATE,
            TaskStatus.IN_PROGRESS,
            TaskStatus.OVERDUE,
        ],
    )


@router.get("/me")
def me(request: Request) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        active = has_feed(session, viewer.person_id)
        security = account_security(request, session, viewer)
    return render(request, "me.html", viewer, feed_active=active, calendar_url="", **security)
