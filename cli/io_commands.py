"""``dondoc import`` and ``dondoc export``: minutes, spreadsheets, calendars."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from cli.context import parse_cli_date, state, today

import_app = typer.Typer(help="Nhập dữ liệu / Import files.", no_args_is_help=True)
export_app = typer.Typer(help="Xuất dữ liệu / Export files.", no_args_is_help=True)

ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


def _report(ctx: typer.Context, path: Path, counts: Counter[str]) -> None:
    from models.i18n import t

    s = state(ctx)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    summary = summary or t("no_changes", s.language)
    s.console.print(t("cli.import_done", s.language, file=path, summary=summary), highlight=False)


@import_app.command("minutes")
def import_minutes_command(ctx: typer.Context, path: ExistingFile) -> None:
    """Nhập biên bản họp (YAML) / Import a meeting's minutes file (YAML). All or nothing."""
    from cli.files.minutes import import_minutes
    from models.calendar import default_calendar
    from models.db import session_scope

    with session_scope() as session:
        counts = import_minutes(session, path, state(ctx).who, default_calendar())
    _report(ctx, path, counts)


@import_app.command("tasks")
def import_tasks_command(
    ctx: typer.Context,
    path: ExistingFile,
    issuing_body: Annotated[
        str | None, typer.Option(help="Mặc định nếu thiếu cột / Default when the column is absent.")
    ] = None,
    roll: Annotated[
        bool, typer.Option(help="Dời thời hạn sang ngày làm việc / Roll deadlines to working days.")
    ] = False,
) -> None:
    """Nhập danh sách nhiệm vụ (XLSX, CSV) / Import a task list (XLSX or CSV). All or nothing."""
    from cli.files.spreadsheet import import_spreadsheet
    from models.calendar import Roll, default_calendar
    from models.db import session_scope

    how = Roll.NEXT_WORKING_DAY if roll else Roll.NONE
    with session_scope() as session:
        counts = import_spreadsheet(
            session, path, state(ctx).who, default_calendar(), issuing_body=issuing_body, roll=how
        )
    _report(ctx, path, counts)


@export_app.command("tasks")
def export_tasks(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help=".csv hoặc .xlsx")],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    unit: Annotated[str | None, typer.Option()] = None,
    person: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Xuất danh sách nhiệm vụ / Export tasks as CSV or XLSX (re-importable)."""
    from cli.files.task_columns import TASK_COLUMNS
    from cli.lookups import get_person, get_unit
    from cli.output import write_csv, write_xlsx
    from cli.task_views import export_cells
    from models.db import session_scope
    from models.i18n import t
    from models.org import subtree_ids
    from models.queries import TaskFilter, list_tasks

    s = state(ctx)
    day = parse_cli_date(as_of) or today()
    with session_scope() as session:
        f = TaskFilter()
        if unit:
            unit_id = get_unit(session, unit).id
            assert unit_id is not None
            f.unit_ids = subtree_ids(session, unit_id)
        if person:
            f.person_id = get_person(session, person).id
        rows = list_tasks(session, f, day)
    headers = [c.header(s.language) for c in TASK_COLUMNS]
    table = [[export_cells(r)[c.field] for c in TASK_COLUMNS] for r in rows]
    if output.suffix.lower() == ".xlsx":
        write_xlsx(output, headers, table)
    else:
        with output.open("w", encoding="utf-8-sig", newline="") as stream:
            write_csv(stream, headers, table)
    s.console.print(t("cli.written", s.language, path=output), highlight=False)


@export_app.command("ics")
def export_ics(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Argument(help="Tệp .ics, hoặc thư mục với --all / .ics file, or a folder with --all"),
    ],
    person: Annotated[str | None, typer.Option()] = None,
    unit: Annotated[str | None, typer.Option()] = None,
    all_feeds: Annotated[
        bool,
        typer.Option(
            "--all", help="Một tệp cho mỗi người và đơn vị / One feed per person and unit."
        ),
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
) -> None:
    """Lịch thời hạn (iCalendar) / Deadline calendar feeds (iCalendar) to subscribe to."""
    from sqlmodel import func, select

    from cli.files.ical import deadline_feed
    from cli.lookups import get_person, get_unit
    from models.db import session_scope
    from models.i18n import t
    from models.org import Person, Unit
    from models.queries import TaskFilter, list_tasks
    from models.status import OPEN_STATUSES
    from models.tasks import DeadlineExtension
    from models.timestamps import utcnow

    s = state(ctx)
    day = parse_cli_date(as_of) or today()
    stamp = utcnow()
    open_only = list(OPEN_STATUSES)
    with session_scope() as session:
        sequences = dict(
            session.exec(
                select(DeadlineExtension.task_id, func.count()).group_by(DeadlineExtension.task_id)  # type: ignore[arg-type]
            ).all()
        )
        feeds: list[tuple[Path, str, TaskFilter]] = []
        if all_feeds:
            output.mkdir(parents=True, exist_ok=True)
            for u in session.exec(select(Unit)).all():
                feeds.append((output / f"unit-{u.code}.ics", u.name, TaskFilter(unit_ids=[u.id])))  # type: ignore[list-item]
            for p in session.exec(select(Person)).all():
                feeds.append(
                    (output / f"person-{p.code}.ics", p.full_name, TaskFilter(person_id=p.id))
                )
        elif person:
            p = get_person(session, person)
            feeds.append((output, p.full_name, TaskFilter(person_id=p.id)))
        elif unit:
            u = get_unit(session, unit)
            feeds.append((output, u.name, TaskFilter(unit_ids=[u.id])))  # type: ignore[list-item]
        else:
            feeds.append((output, "dondoc", TaskFilter()))
        for path, name, f in feeds:
            f.statuses = open_only
            rows = list_tasks(session, f, day)
            path.write_bytes(deadline_feed(rows, name, s.language, stamp, sequences))
    for path, _, _ in feeds[:1] if not all_feeds else []:
        s.console.print(t("cli.written", s.language, path=path), highlight=False)
    if all_feeds:
        s.console.print(
            t("cli.written", s.language, path=f"{output} ({len(feeds)})"), highlight=False
        )
