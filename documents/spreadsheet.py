"""Import a task list from a spreadsheet (XLSX or CSV), as offices keep them."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlmodel import Session

from documents.bounds import SheetRefused, bounded_rows, check_declared, check_file, refused
from documents.loader import Loader
from documents.problems import ImportFailed, Outcome, Problem, Where
from documents.sheet_header import read_header
from documents.sheet_reader import cell_value, sniff_dialect
from documents.sheet_writer import csv_cell_value
from documents.task_columns import REQUIRED_FIELDS, TASK_COLUMNS
from documents.task_row_import import load_task_row
from documents.text_encodings import decode_text
from models.calendar import Roll, WorkCalendar
from models.meetings import Document

DOCUMENT_FIELDS = {
    "document_kind": "kind",
    "document_number": "number",
    "issuing_body": "issuing_body",
    "issued_on": "issued_on",
    "document_title": "title",
}


def read_rows(path: Path) -> Iterator[list[Any]]:
    """Rows of the first sheet (XLSX) or of the file (CSV, comma/semicolon/tab)."""
    check_file(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            check_declared(sheet.max_row, sheet.max_column)
            for row in sheet.iter_rows():
                yield [cell_value(cell) for cell in row]
        finally:
            workbook.close()
        return
    text = decode_text(path.read_bytes(), str(path))
    for row in csv.reader(io.StringIO(text), sniff_dialect(text)):
        yield [csv_cell_value(value) for value in row]


def load_rows(path: Path) -> list[list[Any]]:
    """Every row of a sheet; an unreadable file is a located problem, never a traceback."""
    file = str(path)
    try:
        return bounded_rows(read_rows(path), file)
    except SheetRefused as error:
        raise refused(file, error) from None
    # SyntaxError: bad XML inside an XLSX
    except (OSError, UnicodeDecodeError, ValueError, KeyError, SyntaxError) as error:
        problem = Problem(Where(file, "row", 1), "(file)", "unreadable", {"detail": str(error)})
        raise ImportFailed(file, [problem]) from None


def import_spreadsheet(
    session: Session,
    path: Path,
    actor: str,
    calendar: WorkCalendar,
    *,
    issuing_body: str | None = None,
    roll: Roll = Roll.NONE,
    outcomes: list[Outcome] | None = None,
) -> Counter[str]:
    file = str(path)
    rows = load_rows(path)
    loader = Loader(session, file, actor, calendar, outcomes)
    if not rows:
        loader.fail(Where(file, "row", 1), "(file)", "missing_column")
        loader.finish()
    required = list(REQUIRED_FIELDS) + ([] if issuing_body else ["issuing_body"])
    header = read_header(loader, rows, TASK_COLUMNS, required)
    fields, columns, top = header.fields, header.names, header.top

    documents: dict[tuple[str, str], Document | None] = {}
    for number, row in enumerate(rows[top + 1 :], start=top + 2):
        values = {f: v for f, v in zip(fields, row, strict=False) if f is not None}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank rows are common at the end of office spreadsheets
        where = Where(file, "row", number, columns=columns)
        doc_record = {target: values.get(source) for source, target in DOCUMENT_FIELDS.items()}
        doc_record["issuing_body"] = doc_record.get("issuing_body") or issuing_body
        key = (
            str(doc_record.get("number") or "").strip(),
            str(doc_record.get("issuing_body") or "").strip(),
        )
        if key not in documents:
            doc_where = Where(
                file,
                "row",
                number,
                columns={
                    target: columns.get(source, source)
                    for source, target in DOCUMENT_FIELDS.items()
                },
            )
            documents[key] = loader.load_document(doc_record, doc_where, None, issuing_body)
        document = documents[key]
        if document is not None:
            load_task_row(loader, values, where, document, roll)
    return loader.finish()
