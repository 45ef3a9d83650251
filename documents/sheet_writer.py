"""Every spreadsheet the product writes, written for people: XLSX and CSV.

An office clerk opens these files in Excel, so each XLSX sheet has a name, a title row
(what, which unit, as of when), bold frozen headers, sensible widths, an autofilter,
real date cells shown dd/mm/yyyy and rates as percent cells. CSVs carry a BOM (Excel
reads UTF-8 only with one) and, in Vietnamese, Excel's Vietnamese conventions: ``;``
between fields, dd/mm/yyyy dates, a decimal comma.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are neutralised in every file: XLSX stores them as text cells with
Excel's quote prefix; CSV prefixes an apostrophe, which ``csv_cell_value`` removes again
on import, so such a title still imports back as the original text.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from models.i18n import format_percent, register

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
TITLE_ROWS = 3  # title, subtitle, a blank row; the header row follows


def show_date(day: date, lang: str) -> str:
    """A date as people here write it, whatever the language: dd/mm/yyyy."""
    from models.i18n import format_date

    return format_date(day)


def scope_line(lang: str, scope: str | None, day: date) -> str:
    """The subtitle of a sheet: which unit (or person), as of when."""
    from models.i18n import t

    everyone = t("sheet.all_units", lang)
    return t("sheet.scope", lang, unit=scope or everyone, day=show_date(day, lang))


def _runs_as_formula(value: str) -> bool:
    """A trigger, possibly behind apostrophes (so that escaping stays reversible)."""
    return value.lstrip("'").startswith(FORMULA_TRIGGERS)


def csv_escape(value: str) -> str:
    """An apostrophe before a formula trigger, or before apostrophes that precede one."""
    return "'" + value if _runs_as_formula(value) else value


def csv_cell_value(value: str) -> str:
    """The inverse of ``csv_escape`` for a cell read from a CSV file."""
    return value[1:] if value.startswith("'") and _runs_as_formula(value) else value


@dataclass
class SheetTable:
    """One table on its own named sheet, under a title."""

    sheet: str  # Excel allows 31 characters, no []:*?/\
    title: str
    subtitle: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    percent_columns: frozenset[int] = frozenset()  # fractions shown as percentages
    wide_columns: frozenset[int] = frozenset()  # long text: wrapped
    first_row: int = field(default=TITLE_ROWS + 1)  # where the header goes


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")
    return cleaned[:31] or "Sheet1"


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return 8
    return max((len(line) for line in str(value).splitlines()), default=0)


def fill_sheet(sheet: Any, table: SheetTable) -> None:
    """Title, header, rows, formats, widths, frozen panes and filter on ``sheet``."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = _sheet_name(table.sheet)
    put(sheet, 1, 1, table.title).font = Font(bold=True, size=14)
    put(sheet, 2, 1, table.subtitle).font = Font(italic=True)
    head = table.first_row
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, name in enumerate(table.headers, start=1):
        cell = put(sheet, head, index, name)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [_display_width(h) for h in table.headers]
    for offset, row in enumerate(table.rows, start=1):
        for index, value in enumerate(row):
            cell = sheet.cell(row=head + offset, column=index + 1)
            write_cell(cell, value, percent=index in table.percent_columns)
            if index in table.wide_columns:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[index] = max(widths[index], _display_width(value))
    for index, width in enumerate(widths):
        limit = 60 if index in table.wide_columns else 40
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), limit)
    last_column = get_column_letter(max(len(table.headers), 1))
    sheet.freeze_panes = sheet.cell(row=head + 1, column=1)
    sheet.auto_filter.ref = f"A{head}:{last_column}{head + max(len(table.rows), 1)}"
    sheet.print_title_rows = f"{head}:{head}"


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value`` at (row, column) by the rules of ``write_cell``; the cell."""
    cell = sheet.cell(row=row, column=column)
    write_cell(cell, value)
    return cell


def write_cell(cell: Any, value: Any, *, percent: bool = False) -> None:
    """One value as a typed cell: dates as dates, fractions as percent, text never a formula."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool) or value is None:
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
        if percent:
            cell.number_format = PERCENT_FORMAT
    else:
        text = str(value)
        cell.value = text
        if text.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
            cell.quotePrefix = True  # and Excel keeps it text even after an edit


def write_workbook(path: Path | IO[bytes], tables: Sequence[SheetTable]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    for index, table in enumerate(tables):
        sheet = first if index == 0 else workbook.create_sheet()
        fill_sheet(sheet, table)
    workbook.save(path)


def csv_value(value: Any, lang: str, *, percent: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return show_date(value, lang)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if percent:
            return format_percent(value, lang)
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "vi" else text
    if isinstance(value, int):
        return str(value)
    return csv_escape(str(value))


def csv_delimiter(lang: str) -> str:
    """Excel in a Vietnamese locale lists with ``;`` (the comma is the decimal mark)."""
    return ";" if lang == "vi" else ","


def write_csv(
    stream: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    lang: str,
    percent_columns: frozenset[int] = frozenset(),
) -> None:
    """Rows to an open text stream (opened with ``encoding="utf-8-sig"`` for the BOM)."""
    writer = csv.writer(stream, delimiter=csv_delimiter(lang))
    writer.writerow([csv_escape(h) for h in headers])
    for row in rows:
        writer.writerow(
            [csv_value(v, lang, percent=i in percent_columns) for i, v in enumerate(row)]
        )


def write_csv_file(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    lang: str,
    percent_columns: frozenset[int] = frozenset(),
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv(stream, headers, rows, lang, percent_columns)


register(
    {
        "sheet.scope": {
            "vi": "Đơn vị: {unit} — tính đến {day}",
            "en": "Unit: {unit} — as of {day}",
        },
        "sheet.all_units": {"vi": "toàn Đảng bộ", "en": "all units"},
        "sheet.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
        "sheet.units": {"vi": "Theo đơn vị", "en": "By unit"},
        "sheet.duties": {"vi": "Nghĩa vụ báo cáo", "en": "Reporting duties"},
        "sheet.overdue_title": {"vi": "Quá hạn", "en": "Overdue"},
    }
)
