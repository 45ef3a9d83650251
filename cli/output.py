"""Rendering lists: a Rich table on a terminal, or JSON / CSV / XLSX for scripts and people.

XLSX and CSV go through ``documents.sheet_writer`` (titles, date cells, percent cells,
BOM, formula neutralising), so every spreadsheet the product writes reads the same.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Sequence
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

# Columns of free text, which wrap; the others (codes, dates, numbers) stay whole.
WRAPPING = frozenset({"title", "name", "duty", "status", "note", "reason", "co_owners"})


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _language(lang: str | None) -> str:
    if lang is not None:
        return lang
    from models.settings import get_settings

    return get_settings().language


def emit(
    console: Console,
    fmt: Format,
    keys: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    output: Path | None = None,
    title: str | None = None,
    subtitle: str = "",
    sheet: str | None = None,
    lang: str | None = None,
    percent_keys: Collection[str] = (),
) -> None:
    """Write rows in the asked format, to ``output`` or standard output.

    Values of ``percent_keys`` are fractions (0.833): a percent cell in XLSX, "83,3%" in
    a Vietnamese CSV, 83.3 in JSON, "83%" on a terminal.
    """
    from documents.sheet_writer import SheetTable, write_csv, write_workbook

    percent = frozenset(i for i, k in enumerate(keys) if k in percent_keys)
    language = _language(lang)
    if fmt is Format.XLSX:
        if output is None:
            raise SystemExit("--format xlsx needs --output FILE")
        name = sheet or (title or "dondoc")
        table = SheetTable(name, title or name, subtitle, headers, rows, percent_columns=percent)
        write_workbook(output, [table])
        return

    def shown(index: int, value: Any) -> Any:
        if index in percent and isinstance(value, float):
            return f"{value:.0%}" if fmt is Format.TABLE else round(value * 100, 1)
        return _plain(value)

    if fmt is Format.TABLE:
        # Light rules and tight padding: eight columns still fit an 80-column terminal.
        rich_table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
        cells = [["" if v is None else str(shown(i, v)) for i, v in enumerate(row)] for row in rows]
        for i, (key, header) in enumerate(zip(keys, headers, strict=True)):
            # Free text wraps; codes, dates and numbers stay whole.
            if key in WRAPPING:
                rich_table.add_column(header, overflow="fold")
            else:
                widest = max((len(row[i]) for row in cells), default=0)
                rich_table.add_column(header, no_wrap=True, min_width=widest)
        for row_cells in cells:
            rich_table.add_row(*row_cells)
        console.print(rich_table)
        return
    encoding = "utf-8-sig" if fmt is Format.CSV else "utf-8"  # Excel needs the BOM
    stream = output.open("w", encoding=encoding, newline="") if output else sys.stdout
    try:
        if fmt is Format.JSON:
            items = [
                {k: shown(i, v) for i, (k, v) in enumerate(zip(keys, row, strict=True))}
                for row in rows
            ]
            json.dump(items, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            write_csv(stream, headers, rows, language, percent)
    finally:
        if output:
            stream.close()


def _json_value(value: Any) -> Any:
    """Dates as ISO 8601, enums as their codes: the JSON interface speaks codes."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return str(value)


def emit_json(items: Any, output: Path | None = None) -> None:
    """Machine-readable output: codes and ISO dates (see the README's JSON section)."""
    text = json.dumps(items, ensure_ascii=False, indent=2, default=_json_value) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
