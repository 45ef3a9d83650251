"""``dondoc import`` and ``dondoc export``: minutes, spreadsheets, calendars."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
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


# The tables an import grows, by the loader's counts of what it created.
_GROWN_BY = {
    "units": ("unit",),
    "people": ("person",),
    "documents": ("document",),
    "tasks": ("task", "task_co_owner", "task_event"),
    "submissions": ("duty_submission",),
}


def _refresh_statistics(counts: Counter[str]) -> None:
    """An import that at least doubled a table (an office's history brought in at once)
    has it analysed, so the morning run after it is not planned on the old size."""
    from models.db import get_engine
    from models.planner_stats import refresh_if_grown

    grown = {
        table: counts[f"{entity}.created"]
        for entity, tables in _GROWN_BY.items()
        for table in tables
    }
    refresh_if_grown(get_engine(), grown)


@import_app.command("minutes")
def import_minutes_command(ctx: typer.Context, path: ExistingFile) -> None:
    """Nhập biên bản họp (YAML) / Import a meeting's minutes file (YAML). All or nothing."""
    from documents.minutes import import_minutes
    from models.calendar import default_calendar
    from models.db import session_scope

    with session_scope() as session:
        counts = import_minutes(session, path, state(ctx).who, default_calendar())
    _refresh_statistics(counts)
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
    from documents.spreadsheet import import_spreadsheet
    from models.calendar import Roll, default_calendar
    from models.db import session_scope

    how = Roll.NEXT_WORKING_DAY if roll else Roll.NONE
    with session_scope() as session:
        counts = import_spreadsheet(
            session, path, state(ctx).who, default_calendar(), issuing_body=issuing_body, roll=how
        )
    _refresh_statistics(counts)
    _report(ctx, path, counts)


@import_app.command("duty-submissions")
def import_duty_submissions_command(ctx: typer.Context, path: ExistingFile) -> None:
    """Ghi nhận nộp báo cáo hàng loạt (XLSX, CSV) / Record many duty submissions from a sheet."""
    from documents.duty_submissions import import_duty_submissions
    from models.calendar import default_calendar
    from models.db import session_scope

    with session_scope() as session:
        counts = import_duty_submissions(session, path, state(ctx).who, default_calendar(), today())
    _refresh_statistics(counts)
    _report(ctx, path, counts)


class TemplateKind(StrEnum):
    TASKS = "tasks"
    DUTY_SUBMISSIONS = "duty-submissions"


@export_app.command("template")
def export_template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help=".xlsx")],
    kind: Annotated[
        TemplateKind, typer.Option("--for", help="tasks | duty-submissions")
    ] = TemplateKind.TASKS,
) -> None:
    """Mẫu để điền rồi nhập lại / A blank workbook to fill in and import (with drop-downs)."""
    from documents.templates import duty_submission_template, task_template
    from models.i18n import t
    from models.reading import reading

    s = state(ctx)
    build = task_template if kind is TemplateKind.TASKS else duty_submission_template
    with reading() as reader:
        data = build(reader, s.language, today())
    output.write_bytes(data)
    s.console.print(t("cli.written", s.language, path=output), highlight=False)


@export_app.command("directory")
def export_directory(
    ctx: typer.Context, output: Annotated[Path, typer.Argument(help=".yaml")]
) -> None:
    """Đơn vị, người, nghĩa vụ (YAML) / Units, people, duties as a minutes file, to restore.

    With ``export tasks`` it restores a fresh home: ``import minutes`` this file, then
    ``import tasks`` the task file.
    """
    import yaml

    from models.directory_queries import directory_records
    from models.i18n import t
    from models.reading import reading

    s = state(ctx)
    with reading() as reader:
        records = directory_records(reader)
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)
    output.write_text(text, encoding="utf-8")
    s.console.print(t("cli.written", s.language, path=output), highlight=False)


@export_app.command("duty-submissions")
def export_duty_submissions(
    ctx: typer.Context, output: Annotated[Path, typer.Argument(help=".xlsx hoặc .csv")]
) -> None:
    """Các lần nộp đã ghi nhận / Recorded duty submissions (imports back)."""
    from documents.duty_submissions import write_submissions
    from models.i18n import t
    from models.reading import reading

    s = state(ctx)
    with reading() as reader:
        write_submissions(output, reader, s.language, today())
    s.console.print(t("cli.written", s.language, path=output), highlight=False)


@export_app.command("tasks")
def export_tasks(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help=".csv hoặc .xlsx")],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    unit: Annotated[str | None, typer.Option()] = None,
    person: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Xuất danh sách nhiệm vụ / Export tasks as CSV or XLSX (re-importable)."""
    from documents.task_export import write_task_file
    from models.i18n import t

    s = state(ctx)
    day = parse_cli_date(as_of) or today()
    write_task_file(output, s.language, day, unit=unit, person=person)
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
    from datetime import UTC, datetime

    from documents.ical import deadline_feed
    from models.extension_queries import calendar_sequences
    from models.i18n import t
    from models.queries import (
        TaskFilter,
        directory,
        list_tasks,
        person_by_code,
        subtree,
        unit_scope,
    )
    from models.reading import reading
    from models.status import OPEN_STATUSES

    s = state(ctx)
    day = parse_cli_date(as_of) or today()
    stamp = datetime.now(UTC)
    with reading() as reader:
        feeds: list[tuple[Path, str, TaskFilter]] = []
        if all_feeds:
            output.mkdir(parents=True, exist_ok=True)
            for uid, code, name in directory(reader, "unit"):
                scope = TaskFilter(unit_ids=subtree(reader, uid))
                feeds.append((output / f"unit-{code}.ics", name, scope))
            for pid, code, name in directory(reader, "person"):
                feeds.append((output / f"person-{code}.ics", name, TaskFilter(responsible_id=pid)))
        elif person:
            mine = TaskFilter(responsible_id=person_by_code(reader, person))
            feeds.append((output, person, mine))
        elif unit:
            feeds.append((output, unit, TaskFilter(unit_ids=unit_scope(reader, unit))))
        else:
            feeds.append((output, "dondoc", TaskFilter()))
        for path, name, f in feeds:
            f.statuses = list(OPEN_STATUSES)
            rows = list_tasks(reader, f, day)
            sequences = calendar_sequences(reader, [r.id for r in rows])
            path.write_bytes(deadline_feed(rows, name, s.language, stamp, sequences))
    shown = f"{output} ({len(feeds)})" if all_feeds else str(output)
    s.console.print(t("cli.written", s.language, path=shown), highlight=False)


@export_app.command("files")
def export_files(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="thư mục / folder")],
    task: Annotated[int | None, typer.Option(help="chỉ một nhiệm vụ / one task only")] = None,
) -> None:
    """Các tệp đính kèm và files.csv / The attached files, with files.csv listing them."""
    from documents.file_export import export_files as write_files
    from models.db import session_scope
    from models.i18n import t

    s = state(ctx)
    with session_scope() as session:
        count = write_files(session, folder, task)
    s.console.print(t("cli.files_written", s.language, n=count, path=folder), highlight=False)
