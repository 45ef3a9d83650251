"""``dondoc report``: what managers ask — overdue, due soon, how each unit is doing.

Read-only, on a bare database connection: these commands import neither SQLAlchemy
nor the models, so they answer in about a second even on a million-task history.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.context import parse_cli_date, state, today
from cli.output import Format, emit
from documents.sheet_writer import scope_line, show_date
from models.i18n import register

app = typer.Typer(help="Báo cáo cho lãnh đạo / Reports for managers.", no_args_is_help=True)

AsOf = Annotated[str | None, typer.Option("--as-of", help="Tính đến ngày / As of (YYYY-MM-DD).")]
Unit = Annotated[
    str | None, typer.Option("--unit", help="Mã đơn vị (gồm cấp dưới) / Unit (with sub-units).")
]
Person = Annotated[str | None, typer.Option("--person", help="Mã người / Person code.")]
Document = Annotated[str | None, typer.Option("--document", help="Số văn bản / Document number.")]
Kind = Annotated[
    list[str] | None, typer.Option("--kind", help="resolution, directive, conclusion...")
]
Limit = Annotated[int, typer.Option("--limit", min=1, help="Số dòng tối đa / Rows at most.")]
Offset = Annotated[int, typer.Option("--offset", min=0)]
Fmt = Annotated[Format, typer.Option("--format")]
Output = Annotated[Path | None, typer.Option("--output", "-o")]

LIST_KEYS = ("id", "document", "title", "lead", "co_owners", "deadline", "days")


def _filter(
    reader: Any,
    unit: str | None,
    person: str | None,
    document: str | None,
    kinds: list[str] | None,
    limit: int,
    offset: int,
) -> Any:
    from models.kinds import parse_kind
    from models.queries import TaskFilter, document_by_number, person_by_code, unit_scope

    f = TaskFilter(limit=limit, offset=offset)
    if unit:
        f.unit_ids = unit_scope(reader, unit)
    if person:
        f.person_id = person_by_code(reader, person)
    if document:
        f.document_id = document_by_number(reader, document)
    if kinds:
        f.document_kinds = [parse_kind(k) for k in kinds]
    return f


def _emit_page(
    ctx: typer.Context,
    page: Any,
    day: date,
    title_key: str,
    fmt: Format,
    output: Path | None,
    unit: str | None,
) -> None:
    from cli.output import emit_json
    from cli.task_views import deadline_text
    from models.i18n import format_date, label, t

    if fmt is Format.JSON:
        items = [r.as_dict(day) for r in page.rows]
        emit_json({"as_of": day.isoformat(), "total": page.total, "items": items}, output)
        return
    s = state(ctx)
    lang = s.language
    rows = []
    for r in page.rows:
        days = r.status.days_overdue if r.status.days_overdue else r.status.days_left
        document = f"{label(r.document_kind, lang)} {r.document_number}"
        co = ", ".join(code for code, _ in r.co_owners)
        deadline = deadline_text(r) if fmt is Format.TABLE else r.due_on  # a date cell in files
        rows.append([r.id, document, r.title, r.lead_code, co, deadline, days])
    headers = [
        t(f"col.{k}", lang)
        for k in ("id", "document", "title", "lead", "co_owners", "deadline", "days")
    ]
    title = t(title_key, lang, day=format_date(day), shown=len(rows), total=page.total)
    emit(
        s.console,
        fmt,
        LIST_KEYS,
        headers,
        rows,
        output=output,
        title=title,
        subtitle=scope_line(lang, unit, day),
        sheet=t(f"sheet.{title_key.split('.')[-1]}", lang),
        lang=lang,
    )


@app.command("overdue")
def overdue(
    ctx: typer.Context,
    as_of: AsOf = None,
    unit: Unit = None,
    person: Person = None,
    document: Document = None,
    kind: Kind = None,
    min_days: Annotated[int, typer.Option("--min-days", min=1, help="Quá hạn ít nhất N ngày.")] = 1,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Fmt = Format.TABLE,
    output: Output = None,
) -> None:
    """Nhiệm vụ quá hạn, lâu nhất trước / Overdue tasks, longest overdue first."""
    from models.queries import overdue as overdue_query
    from models.reading import reading

    day = parse_cli_date(as_of) or today()
    with reading() as reader:
        f = _filter(reader, unit, person, document, kind, limit, offset)
        f.min_days_overdue = min_days
        f.history = as_of is not None
        page = overdue_query(reader, f, day)
    _emit_page(ctx, page, day, "report.overdue_title", fmt, output, unit)


@app.command("due-soon")
def due_soon(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", min=0, help="Trong N ngày tới / Within N days.")
    ] = 7,
    as_of: AsOf = None,
    unit: Unit = None,
    person: Person = None,
    document: Document = None,
    kind: Kind = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Fmt = Format.TABLE,
    output: Output = None,
) -> None:
    """Nhiệm vụ sắp đến hạn / Tasks falling due within N days, soonest first."""
    from models.queries import due_soon as due_soon_query
    from models.reading import reading

    day = parse_cli_date(as_of) or today()
    with reading() as reader:
        f = _filter(reader, unit, person, document, kind, limit, offset)
        f.history = as_of is not None
        page = due_soon_query(reader, f, day, days)
    _emit_page(ctx, page, day, "report.due_soon_title", fmt, output, unit)


@app.command("units")
def units(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="2024, 2024-H1, 2024-Q1, 2024-03")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Mặc định: cuối kỳ hoặc hôm nay.")
    ] = None,
    unit: Unit = None,
    fmt: Fmt = Format.TABLE,
    output: Output = None,
) -> None:
    """Tình hình theo đơn vị trong kỳ / How each unit is doing for a period."""
    from models.i18n import label, t
    from models.periods import parse_period
    from models.queries import find_code, unit_summaries
    from models.reading import reading
    from models.status import TaskStatus

    span = parse_period(period)
    day = parse_cli_date(as_of) or min(today(), span.end)
    s = state(ctx)
    lang = s.language
    with reading() as reader:
        root = None
        if unit:
            root = find_code(reader, "unit", unit)
            if root is None:
                from models.errors import not_found

                raise not_found("unit", unit)
        summaries = unit_summaries(reader, span, day, root)
    statuses = [st for st in TaskStatus if st is not TaskStatus.STANDING]  # no deadline: no period
    keys = [
        "unit",
        "name",
        "total",
        *[st.value for st in statuses],
        "on_time_rate",
        "overdue_share",
    ]
    headers = [
        t("col.unit", lang),
        t("col.name", lang),
        t("col.total", lang),
        *[label(st, lang) for st in statuses],
        t("col.on_time_rate", lang),
        t("col.overdue_share", lang),
    ]

    rows = [
        [
            ("  " * u.depth if fmt is Format.TABLE else "") + u.code,
            u.name,
            u.total,
            *[u.counts[st] for st in statuses],
            u.on_time_rate,
            u.overdue_share,
        ]
        for u in summaries
    ]
    title = t("report.units_title", lang, period=span.key, day=show_date(day, lang))
    emit(
        s.console,
        fmt,
        keys,
        headers,
        rows,
        output=output,
        title=title,
        subtitle=scope_line(lang, unit, day),
        sheet=t("sheet.units", lang),
        lang=lang,
        percent_keys=("on_time_rate", "overdue_share"),
    )


@app.command("duties")
def duties(
    ctx: typer.Context,
    period: Annotated[
        str | None, typer.Option("--period", help="2024-Q1, 2024-H1, 2024, 2024-03 ...")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Mọi kỳ kết thúc trong năm / Periods ending in the year."),
    ] = None,
    missing: Annotated[
        bool, typer.Option("--missing", help="Chỉ đơn vị chưa nộp / Only those not delivered.")
    ] = False,
    as_of: AsOf = None,
    unit: Unit = None,
    duty: Annotated[str | None, typer.Option("--duty", help="Mã nghĩa vụ / Duty code.")] = None,
    fmt: Fmt = Format.TABLE,
    output: Output = None,
) -> None:
    """Ai đã nộp, ai chưa / Who has delivered, who has not (by period or year)."""
    from models.duty_queries import duty_rows
    from models.duty_status import OUTSTANDING
    from models.i18n import label, t
    from models.queries import unit_scope
    from models.reading import reading

    day = parse_cli_date(as_of) or today()
    s = state(ctx)
    lang = s.language
    with reading() as reader:
        scope = unit_scope(reader, unit) if unit else None
        rows = duty_rows(
            reader,
            day,
            period_key=period,
            unit_ids=scope,
            duty_code=duty,
            period_end_from=date(year, 1, 1) if year else None,
            period_end_to=date(year, 12, 31) if year else None,
        )
    if missing:
        rows = [r for r in rows if r.status.status in OUTSTANDING]
    keys = ("duty", "unit", "period", "due", "submitted", "status", "days")
    headers = [t(f"col.{k}", lang) for k in keys]
    table = [
        [
            f"{r.duty_code} — {r.duty_title}",
            r.unit_code,
            r.period_key,
            r.due_on,
            r.submitted_on,
            label(r.status.status, lang),
            r.status.days or None,
        ]
        for r in rows
    ]
    emit(
        s.console,
        fmt,
        keys,
        headers,
        table,
        output=output,
        title=t("report.duties_title", lang, day=show_date(day, lang)),
        subtitle=scope_line(lang, unit, day),
        sheet=t("sheet.duties", lang),
        lang=lang,
    )


@app.command("compliance")
def compliance(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year")],
    as_of: AsOf = None,
    unit: Unit = None,
    fmt: Fmt = Format.TABLE,
    output: Output = None,
) -> None:
    """Tỷ lệ nộp đúng hạn theo đơn vị / Duties delivered on time, per unit, for a year."""
    from documents.compliance_sheet import compliance_table
    from models.i18n import t
    from models.queries import unit_scope
    from models.reading import reading

    day = parse_cli_date(as_of) or min(today(), date(year, 12, 31))
    s = state(ctx)
    lang = s.language
    with reading() as reader:
        scope = unit_scope(reader, unit) if unit else None
        found = compliance_table(reader, lang, day, date(year, 1, 1), date(year, 12, 31), scope)
    keys, headers, table = found.keys, found.headers, found.rows
    emit(
        s.console,
        fmt,
        keys,
        headers,
        table,
        output=output,
        title=t("report.compliance_title", lang, year=year, day=show_date(day, lang)),
        subtitle=scope_line(lang, unit, day),
        sheet=t("sheet.compliance", lang),
        lang=lang,
        percent_keys=("on_time_rate",),
    )


@app.command("period")
def period_report(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help="2024-Q2, 2024-H1, 2024, 2024-05")],
    docx: Annotated[Path, typer.Option("--docx", help="Báo cáo (.docx) / The report (.docx).")],
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Phụ lục; mặc định <docx>-phu-luc.xlsx / The appendix."),
    ] = None,
    unit: Unit = None,
    number: Annotated[str, typer.Option("--number", help="Số, ký hiệu / Its number.")] = (
        "      -BC/ĐU"
    ),
    place: Annotated[str, typer.Option("--place", help="Địa danh / Place.")] = "Hà Nội",
    on: Annotated[
        str | None, typer.Option("--on", help="Ngày soạn (mặc định hôm nay) / Drafted on.")
    ] = None,
) -> None:
    """Soạn báo cáo định kỳ (Word + phụ lục Excel) / Draft the periodic report (Word + XLSX).

    Once the period's data window has closed, its figures are frozen (by `report freeze`
    or the first draft); later drafts keep them and list what changed since.
    """
    from documents.period_report import draft_period_report
    from models.db import session_scope
    from models.i18n import t

    s = state(ctx)
    day = parse_cli_date(on) or today()
    with session_scope() as session:
        drafted = draft_period_report(
            session, period, s.language, day, unit_code=unit, number=number, place=place
        )
    appendix = xlsx or docx.with_name(f"{docx.stem}-phu-luc.xlsx")
    docx.write_bytes(drafted.docx)
    appendix.write_bytes(drafted.xlsx)
    s.console.print(t("cli.written", s.language, path=f"{docx}, {appendix}"), highlight=False)


@app.command("freeze")
def freeze(
    ctx: typer.Context,
    unit: Unit = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Mặc định hôm nay / Default today.")
    ] = None,
) -> None:
    """Chốt số liệu các kỳ đã hết hạn số liệu / Freeze the figures of closed periods (daily)."""
    from documents.period_report import freeze_reports
    from models.db import session_scope
    from models.i18n import t

    s = state(ctx)
    with session_scope() as session:
        frozen = freeze_reports(session, parse_cli_date(on) or today(), unit)
    s.console.print(", ".join(frozen) or t("no_changes", s.language), highlight=False)


register(
    {
        "sheet.due_soon_title": {"vi": "Sắp đến hạn", "en": "Due soon"},
    }
)
