"""Rendering lists: a Rich table on a terminal, or JSON / CSV / XLSX for scripts."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
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


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def write_csv(stream: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows([[_plain(v) for v in row] for row in rows])


def emit(
    console: Console,
    fmt: Format,
    keys: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    output: Path | None = None,
    title: str | None = None,
) -> None:
    """Write rows in the asked format, to ``output`` or standard output."""
    if fmt is Format.XLSX:
        if output is None:
            raise SystemExit("--format xlsx needs --output FILE")
        write_xlsx(output, headers, rows)
        return
    if fmt is Format.TABLE:
        # Light rules and tight padding: eight columns still fit an 80-column terminal.
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
        cells = [["" if v is None else str(_plain(v)) for v in row] for row in rows]
        for i, (key, header) in enumerate(zip(keys, headers, strict=True)):
            # Free text wraps and shares the width; codes, dates and numbers stay whole.
            if key in WRAPPING:
                table.add_column(header, overflow="fold")
            else:
                widest = max((len(row[i]) for row in cells), default=0)
                table.add_column(header, no_wrap=True, min_width=widest)
        for row_cells in cells:
            table.add_row(*row_cells)
        console.print(table)
        return
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is Format.JSON:
            items = [{k: _plain(v) for k, v in zip(keys, row, strict=True)} for row in rows]
            json.dump(items, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            write_csv(stream, headers, rows)
    finally:
        if output:
            stream.close()


def emit_json(items: Any, output: Path | None = None) -> None:
    """Machine-readable output: codes and ISO dates (see the README's JSON section)."""
    text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
