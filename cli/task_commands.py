"""``dondoc task``: record and follow up tasks; also meetings and documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.context import parse_choice, parse_cli_date, state, today
from cli.output import Format

app = typer.Typer(help="Nhiệm vụ / Tasks.", no_args_is_help=True)

AsOf = Annotated[str | None, typer.Option("--as-of", help="Tính đến ngày / As of (YYYY-MM-DD).")]
On = Annotated[
    str | None, typer.Option("--on", help="Ngày (mặc định hôm nay) / Date (default today).")
]


def _day(value: str | None) -> date:
    return parse_cli_date(value) or today()


@app.command("list")
def list_tasks(
    ctx: typer.Context,
    as_of: AsOf = None,
    unit: Annotated[
        str | None,
        typer.Option(help="Mã đơn vị (gồm đơn vị cấp dưới) / Unit code (with sub-units)."),
    ] = None,
    co_owned: Annotated[
        bool,
        typer.Option(
            "--co-owned", help="Gồm nhiệm vụ đơn vị phối hợp / Also tasks the unit co-owns."
        ),
    ] = False,
    person: Annotated[str | None, typer.Option(help="Mã người / Person code.")] = None,
    document: Annotated[str | None, typer.Option(help="Số văn bản / Document number.")] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Tình trạng: mã hoặc tên, vd overdue, «quá hạn» / Status code or name."),
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Tìm trong tên nhiệm vụ / Text in the title.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Danh sách nhiệm vụ / List tasks with their computed status."""
    from cli.output import emit, emit_json
    from cli.task_views import SUMMARY_KEYS, TABLE_KEYS, summary_cells, summary_headers
    from models.i18n import format_date
    from models.queries import (
        TaskFilter,
        document_by_number,
        list_tasks,
        person_by_code,
        unit_scope,
    )
    from models.reading import reading
    from models.status import parse_status

    s = state(ctx)
    day = _day(as_of)
    with reading() as reader:
        f = TaskFilter(
            statuses=[parse_status(v) for v in status] if status else None,
            co_owned=co_owned,
            text=search,
            history=as_of is not None,
        )
        if unit:
            f.unit_ids = unit_scope(reader, unit)
        if person:
            f.person_id = person_by_code(reader, person)
        if document:
            f.document_id = document_by_number(reader, document)
        rows = list_tasks(reader, f, day)
    if fmt is Format.JSON:
        emit_json([r.as_dict(day) for r in rows], output)
        return
    keys = SUMMARY_KEYS if fmt is not Format.TABLE else TABLE_KEYS
    cells = [summary_cells(r, s.language) for r in rows]
    kept = [SUMMARY_KEYS.index(k) for k in keys]
    emit(
        s.console,
        fmt,
        keys,
        [summary_headers(s.language)[i] for i in kept],
        [[row[i] for i in kept] for row in cells],
        output=output,
        title=format_date(day),
    )


@app.command("show")
def show(
    ctx: typer.Context,
    task_id: int,
    as_of: AsOf = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Một nhiệm vụ đầy đủ, kèm lịch sử / One task in full, with its history."""
    from rich.table import Table

    from cli.output import emit_json
    from cli.task_views import deadline_text, status_text
    from models.db import session_scope
    from models.history_text import describe
    from models.i18n import format_moment, label, t
    from models.lifecycle import history_of
    from models.lookups import get_task
    from models.queries import TaskFilter, list_tasks
    from models.settings import get_settings
    from models.sqlread import SqlAlchemyReader
    from models.timeline import history_words, timeline

    s = state(ctx)
    lang = s.language
    day = _day(as_of)
    zone = get_settings().timezone
    with session_scope() as session:
        task = get_task(session, task_id)
        reader = SqlAlchemyReader(session.connection())
        only = TaskFilter(task_ids=[task_id], history=as_of is not None)
        (row,) = list_tasks(reader, only, day)
        # The web's timeline, word for word: names, not codes; requests, comments, parts.
        entries = timeline(session, task, lang)
        events = history_of(session, task)
        words = history_words(session, events)
    if fmt is Format.JSON:  # the change events as recorded, their words the timeline's
        item = row.as_dict(day)
        item["history"] = [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "who": words.get(e.actor, e.actor),
                "action": e.action.value,
                "changes": e.changes,
                "note": e.note,
                "text": describe(e, lang, words),
            }
            for e in events
        ]
        emit_json(item)
        return
    s.console.print(f"[bold]#{row.id} {row.title}[/]", highlight=False)
    facts = [
        (
            t("col.document", lang),
            f"{label(row.document_kind, lang)} {row.document_number} — {row.issuing_body}",
        ),
        # Names as the web shows them; the code after, for the commands that take one.
        (t("col.lead", lang), f"{row.lead_name} ({row.lead_code})"),
        (t("col.co_owners", lang), ", ".join(f"{n} ({c})" for c, n in row.co_owners)),
        (t("col.deadline", lang), deadline_text(row)),
        (t("col.status", lang), status_text(row, lang)),
        (t("col.progress", lang), f"{row.progress}%"),
    ]
    for name, value in facts:
        s.console.print(f"  {name}: {value}", highlight=False)
    table = Table(title=t("col.history", lang))
    table.add_column(t("col.when", lang), no_wrap=True)
    table.add_column(t("col.who", lang), no_wrap=True)
    table.add_column(t("col.what", lang), overflow="fold")
    table.add_column(t("col.note", lang), overflow="fold")
    for e in entries:
        table.add_row(format_moment(e.at, zone), e.who, e.text, e.note or "")
    s.console.print(table)


@app.command("add")
def add(
    ctx: typer.Context,
    document: Annotated[str, typer.Option(help="Số văn bản / Document number.")],
    ref: Annotated[str, typer.Option(help="Mã nhiệm vụ trong văn bản / Key within the document.")],
    title: Annotated[str, typer.Option()],
    lead: Annotated[str, typer.Option(help="Mã đơn vị/người chủ trì / Lead unit or person code.")],
    co_owner: Annotated[list[str] | None, typer.Option("--co-owner")] = None,
    deadline: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD, '+30 days', '+20 working days'.")
    ] = None,
    start: Annotated[str | None, typer.Option()] = None,
    issuing_body: Annotated[str | None, typer.Option()] = None,
    roll: Annotated[
        bool, typer.Option(help="Dời sang ngày làm việc / Roll to a working day.")
    ] = False,
    description: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Giao một nhiệm vụ / Record a task of a document."""
    from documents.dates import DateProblem, parse_deadline
    from models.calendar import Roll, default_calendar
    from models.db import session_scope
    from models.deadlines import resolve_deadline
    from models.errors import TrackerError
    from models.i18n import Term, t
    from models.lifecycle import create_task
    from models.lookups import get_document, get_owner

    s = state(ctx)
    with session_scope() as session:
        doc = get_document(session, document, issuing_body)
        due = None
        if deadline:
            try:
                spec = parse_deadline(deadline)
            except DateProblem as problem:
                raise TrackerError("cli_date", value=deadline, reason=Term(problem.key)) from None
            how = Roll.NEXT_WORKING_DAY if roll else Roll.NONE
            due = resolve_deadline(spec, doc.issued_on, default_calendar(), how)
        task = create_task(
            session,
            document=doc,
            ref=ref,
            title=title,
            lead=get_owner(session, lead),
            co_owners=[get_owner(session, c) for c in co_owner or []],
            due_on=due,
            start_on=parse_cli_date(start),
            description=description,
            actor=s.who,
        )
        s.console.print(t("cli.task_created", s.language, id=task.id, title=task.title))


# A negative percentage must reach the domain's refusal, not be read as an option.
_NUMBERS_AS_ARGUMENTS = {"ignore_unknown_options": True}


@app.command("progress", context_settings=_NUMBERS_AS_ARGUMENTS)
def progress(
    ctx: typer.Context,
    task_id: int,
    percent: Annotated[int, typer.Argument(help="0-100")],
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Cập nhật tiến độ / Update progress (0-100) with a note."""
    from models.db import session_scope
    from models.lifecycle import update_progress
    from models.lookups import get_task

    with session_scope() as session:
        update_progress(session, get_task(session, task_id), percent, state(ctx).who, note)
    _done(ctx, "cli.progress_saved", id=task_id, percent=percent)


@app.command("complete")
def complete(
    ctx: typer.Context,
    task_id: int,
    on: On = None,
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Hoàn thành / Mark a task done."""
    from models.db import session_scope
    from models.lifecycle import complete_task
    from models.lookups import get_task

    day = _day(on)
    with session_scope() as session:
        complete_task(session, get_task(session, task_id), day, state(ctx).who, note, today=today())
    _done(ctx, "cli.completed", id=task_id, on=day)


@app.command("reopen")
def reopen(ctx: typer.Context, task_id: int, reason: Annotated[str, typer.Option()]) -> None:
    """Mở lại nhiệm vụ đã hoàn thành / Reopen a completed task."""
    from models.db import session_scope
    from models.lifecycle import reopen_task
    from models.lookups import get_task

    with session_scope() as session:
        reopen_task(session, get_task(session, task_id), state(ctx).who, reason)
    _done(ctx, "cli.reopened", id=task_id)


@app.command("cancel")
def cancel(
    ctx: typer.Context, task_id: int, reason: Annotated[str, typer.Option()], on: On = None
) -> None:
    """Hủy nhiệm vụ / Cancel a task, with a reason."""
    from models.db import session_scope
    from models.lifecycle import cancel_task
    from models.lookups import get_task

    day = _day(on)
    with session_scope() as session:
        cancel_task(session, get_task(session, task_id), day, reason, state(ctx).who)
    _done(ctx, "cli.cancelled", id=task_id, on=day)


@app.command("restore")
def restore(
    ctx: typer.Context, task_id: int, reason: Annotated[str, typer.Option()], on: On = None
) -> None:
    """Khôi phục nhiệm vụ đã hủy / Restore a cancelled task (--on: the day decided)."""
    from models.db import session_scope
    from models.lifecycle import restore_task
    from models.lookups import get_task

    day = _day(on)
    with session_scope() as session:
        restore_task(session, get_task(session, task_id), state(ctx).who, reason, day)
    _done(ctx, "cli.restored", id=task_id)


@app.command("extend")
def extend(
    ctx: typer.Context,
    task_id: int,
    to: Annotated[str, typer.Option("--to", help="Thời hạn mới / New deadline.")],
    reason: Annotated[str, typer.Option()],
    approved_by: Annotated[str, typer.Option(help="Mã người phê duyệt / Approver's code.")],
    on: On = None,
) -> None:
    """Gia hạn / Extend a deadline (the original stays on record)."""
    from models.db import session_scope
    from models.lifecycle import extend_deadline
    from models.lookups import get_person, get_task

    new_due = parse_cli_date(to)
    assert new_due is not None
    with session_scope() as session:
        extend_deadline(
            session,
            get_task(session, task_id),
            new_due,
            reason,
            get_person(session, approved_by),
            _day(on),
            state(ctx).who,
        )
    _done(ctx, "cli.extended", id=task_id, to=new_due)


def _done(ctx: typer.Context, key: str, **params: object) -> None:
    """Say what was done, in the user's language ("Task #4 extended to 30/06/2024")."""
    from models.i18n import t

    s = state(ctx)
    s.console.print(t(key, s.language, **params), highlight=False)


def _saved(ctx: typer.Context) -> None:
    from models.i18n import t

    s = state(ctx)
    s.console.print(t("cli.saved", s.language))


def meeting_add(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option(help="Mã đơn vị họp / Unit that meets.")],
    held_on: Annotated[str, typer.Option("--date")],
    title: Annotated[str, typer.Option()],
    kind: Annotated[str, typer.Option(help="regular, review_conference, ...")] = "regular",
    location: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Ghi một cuộc họp / Record a meeting."""
    from models.db import session_scope
    from models.document_changes import save_meeting
    from models.lookups import get_unit
    from models.meetings import MeetingKind

    day = parse_cli_date(held_on)
    assert day is not None
    with session_scope() as session:
        saved = save_meeting(
            session,
            unit=get_unit(session, unit),
            held_on=day,
            title=title,
            kind=parse_choice(MeetingKind, kind, "kind"),
            location=location,
        )
        _done(ctx, "cli.meeting_saved", id=saved.row.id, title=title, on=day)


def document_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="resolution, directive, conclusion, ...")],
    number: Annotated[str, typer.Option(help="Số văn bản, vd 01-NQ/ĐU / Number as written.")],
    issuing_body: Annotated[str, typer.Option()],
    issued_on: Annotated[str, typer.Option()],
    title: Annotated[str, typer.Option()],
) -> None:
    """Ghi một văn bản (nghị quyết, chỉ thị, ...) / Record a document."""
    from models.db import session_scope
    from models.document_changes import save_document
    from models.kinds import parse_kind

    day = parse_cli_date(issued_on)
    assert day is not None
    with session_scope() as session:
        save_document(
            session,
            number=number,
            issuing_body=issuing_body,
            kind=parse_kind(kind),
            issued_on=day,
            title=title,
        )
        _done(ctx, "cli.document_saved", number=number, body=issuing_body)
