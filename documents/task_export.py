"""The task list as a file a clerk can use and the importer reads back unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from documents.sheet_writer import SheetTable, scope_line, write_csv_file, write_workbook
from documents.task_columns import TASK_COLUMNS, export_row
from models.i18n import register, t
from models.queries import TaskFilter, TaskRow, list_tasks
from models.sqlread import Reader


def task_table(reader: Reader, rows: list[TaskRow], lang: str) -> list[list[Any]]:
    from models.extension_queries import extensions_by_task

    extended = extensions_by_task(reader, [r.id for r in rows])
    return [export_row(r, lang, extended.get(r.id, [])) for r in rows]


def task_sheet(table: list[list[Any]], lang: str, day: date, scope: str | None) -> SheetTable:
    return SheetTable(
        sheet=t("sheet.tasks", lang),
        title=t("export.tasks_title", lang),
        subtitle=scope_line(lang, scope, day),
        headers=[c.header(lang) for c in TASK_COLUMNS],
        rows=table,
        wide_columns=frozenset(i for i, c in enumerate(TASK_COLUMNS) if c.wide),
    )


def write_tasks(
    path: Path, table: list[list[Any]], lang: str, day: date, scope: str | None
) -> None:
    """XLSX (titled, typed cells) or CSV (BOM, the locale's conventions) by suffix."""
    if path.suffix.lower() == ".xlsx":
        write_workbook(path, [task_sheet(table, lang, day, scope)])
    else:
        write_csv_file(path, [c.header(lang) for c in TASK_COLUMNS], table, lang)


def write_task_file(
    path: Path, lang: str, day: date, *, unit: str | None = None, person: str | None = None
) -> None:
    """Export the tasks of a unit (with sub-units), a person, or all, as of ``day``."""
    from models.queries import person_by_code, unit_scope
    from models.reading import reading

    with reading() as reader:
        f = TaskFilter()
        if unit:
            f.unit_ids = unit_scope(reader, unit)
        if person:
            f.person_id = person_by_code(reader, person)
        table = task_table(reader, list_tasks(reader, f, day), lang)
    write_tasks(path, table, lang, day, unit or person)


register(
    {
        "export.tasks_title": {
            "vi": "Danh sách nhiệm vụ thực hiện nghị quyết",
            "en": "Tasks set by the committee's documents",
        },
    }
)
