"""Limits a spreadsheet must respect before and while it is read.

A 49 KB XLSX can declare five million rows or unpack into gigabytes, so the file is
checked before any sheet is loaded: its size, that it is a whole zip (not truncated,
not something else), the unpacked size of every member, no DOCTYPE/ENTITY in its XML,
and the sheet's declared dimension. Rows are then counted as they are read; the first
one past a limit stops the import with a located message. A task list of an office is
a few hundred rows: the limits are generous for that and small for an attacker.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from documents.problems import ImportFailed, Problem, Where

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_ROWS = 20_000
MAX_COLUMNS = 64
_XML_HEAD = 4096  # a DOCTYPE must come before the root element


class SheetRefused(Exception):
    def __init__(self, key: str, row: int = 1, **params: Any) -> None:
        super().__init__(key)
        self.key, self.row, self.params = key, row, params


def refused(file: str, error: SheetRefused) -> ImportFailed:
    problem = Problem(Where(file, "row", error.row), "(file)", error.key, error.params)
    return ImportFailed(file, [problem])


def check_file(path: Path) -> None:
    """Size, and for XLSX the zip itself, checked before anything is loaded."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SheetRefused("file_too_big", limit=MAX_FILE_BYTES)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return
    check_zip(path)


def check_zip(source: Path | IO[bytes]) -> None:
    """An Office file's zip, before any part is parsed: whole (every CRC), at most
    ``MAX_MEMBERS`` members unpacking to at most ``MAX_UNPACKED_BYTES``, and no
    DOCTYPE/ENTITY in its XML. Spreadsheets and Word documents share these bounds."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise SheetRefused("unpacked_too_big", limit=MAX_UNPACKED_BYTES)
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise SheetRefused("unpacked_too_big", limit=MAX_UNPACKED_BYTES)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as stream:
                        head = stream.read(_XML_HEAD)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise SheetRefused("xml_doctype")
            broken = archive.testzip()  # CRC of every member: a truncated copy fails here
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise SheetRefused("not_xlsx", detail=str(error) or type(error).__name__) from None
    if broken is not None:
        raise SheetRefused("not_xlsx", detail=broken)


def check_declared(rows: int | None, columns: int | None) -> None:
    """The dimension a sheet declares: refused before a single row is produced."""
    if rows is not None and rows > MAX_ROWS + 1:  # + the header row
        raise SheetRefused("too_many_rows", limit=MAX_ROWS)
    if columns is not None and columns > MAX_COLUMNS:
        raise SheetRefused("too_many_columns", limit=MAX_COLUMNS)


def bounded_rows(rows: Iterable[list[Any]], file: str) -> list[list[Any]]:
    """Every row, counted as read; a reader error becomes a refusal naming its row."""
    result: list[list[Any]] = []
    try:
        for row in rows:
            number = len(result) + 1
            if number > MAX_ROWS + 1:
                raise SheetRefused("too_many_rows", number, limit=MAX_ROWS)
            while row and row[-1] in (None, ""):  # trailing empty cells are formatting
                row.pop()
            if len(row) > MAX_COLUMNS:
                raise SheetRefused("too_many_columns", number, limit=MAX_COLUMNS)
            result.append(row)
    except SheetRefused as error:
        raise refused(file, error) from None
    except csv.Error as error:  # csv stops at 131,072 characters in one field
        key = "field_too_long" if "field larger" in str(error) else "bad_cell"
        error_row = SheetRefused(key, len(result) + 1, limit=csv.field_size_limit(), detail=error)
        raise refused(file, error_row) from None
    except UnicodeDecodeError as error:
        raise refused(file, SheetRefused("unreadable", 1, detail=error)) from None
    except (OverflowError, ValueError, TypeError) as error:  # e.g. a date cell past 9999
        raise refused(file, SheetRefused("bad_cell", len(result) + 1, detail=error)) from None
    return result
