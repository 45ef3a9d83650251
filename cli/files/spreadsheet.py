"""Import a task list from a spreadsheet (XLSX or CSV), as offices keep them."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlmodel import Session

from cli.files.bounds import SheetRefused, bounded_rows, check_declared, check_file, refused
from cli.files.loader import Loader
from cli.files.problems import ImportFailed, Problem, Where
from cli.files.task_columns import REQUIRED_FIELDS, TASK_COLUMNS, column_for
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
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()
        return
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def import_spreadsheet(
    session: Session,
    path: Path,
    actor: str,
    calendar: WorkCalendar,
    *,
    issuing_body: str | None = None,
    roll: Roll = Roll.NONE,
) -> Counter[str]:
    file = str(path)
    try:
        rows = bounded_rows(read_rows(path), file)
    except SheetRefused as error:
        raise refused(file, error) from None
    except (OSError, UnicodeDecodeError, KeyError, SyntaxError) as error:  # SyntaxError: bad XML
        problem = Problem(Where(file, "row", 1), "(file)", "unreadable", {"detail": str(error)})
        raise ImportFailed(file, [problem]) from None
    loader = Loader(session, file, actor, calendar)
    if not rows:
        loader.fail(Where(file, "row", 1), "(file)", "missing_column")
        loader.finish()
    header = ["" if h is None else str(h) for h in rows[0]]
    fields: list[str | None] = []
    columns: dict[str, str] = {}
    for name in header:
        column = column_for(name) if name.strip() else None
        if name.strip() and column is None:
            valid = "; ".join(c.header("vi") + " / " + c.header("en") for c in TASK_COLUMNS)
            loader.fail(Where(file, "row", 1), name, "unknown_column", columns=valid)
        importable = column is not None and column.importable
        fields.append(column.field if importable and column is not None else None)
        if column is not None:
            columns[column.field] = name
    required = list(REQUIRED_FIELDS) + ([] if issuing_body else ["issuing_body"])
    for field in required:
        if field not in columns:
            loader.fail(Where(file, "row", 1), field, "missing_column")
    loader.finish()  # a wrong header makes every row wrong: stop here

    documents: dict[tuple[str, str], Document | None] = {}
    for number, row in enumerate(rows[1:], start=2):
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
            loader.load_task(values, where, document, roll)
    return loader.finish()
