"""One door-neutral way to run an import by kind, and to tell a file's kind by its bytes.

The web's upload page previews an import by running it (the same code path as
``dondoc import``) inside a transaction it then rolls back, and commits by running it
again; this module is that one call, so preview and commit cannot drift apart from
the command line. The kind of an uploaded file is read from its bytes, never from its
name or the browser's type: an XLSX is a zip holding ``xl/workbook.xml`` (and passes the
importers' zip bounds), a CSV or YAML file is text (no NUL, decodes).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections import Counter
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session

from documents.bounds import MAX_FILE_BYTES, SheetRefused, check_zip
from documents.duty_submissions import import_duty_submissions
from documents.minutes import MAX_BYTES as MAX_MINUTES_BYTES
from documents.minutes import import_minutes
from documents.problems import Outcome
from documents.spreadsheet import import_spreadsheet
from models.calendar import WorkCalendar
from models.errors import TrackerError
from models.i18n import register


class ImportKind(StrEnum):
    MINUTES = "minutes"
    TASKS = "tasks"
    SUBMISSIONS = "duty-submissions"


class FileType(StrEnum):
    XLSX = "xlsx"
    TEXT = "text"  # CSV, YAML, TXT


# The suffix the importer reads a stored upload by (never the uploaded name's).
STORED_SUFFIX = {
    (ImportKind.MINUTES, FileType.TEXT): ".yaml",
    (ImportKind.TASKS, FileType.XLSX): ".xlsx",
    (ImportKind.TASKS, FileType.TEXT): ".csv",
    (ImportKind.SUBMISSIONS, FileType.XLSX): ".xlsx",
    (ImportKind.SUBMISSIONS, FileType.TEXT): ".csv",
}
LIMITS = {
    ImportKind.MINUTES: MAX_MINUTES_BYTES,
    ImportKind.TASKS: MAX_FILE_BYTES,
    ImportKind.SUBMISSIONS: MAX_FILE_BYTES,
}


_BINARY_SIGNATURES = (
    b"%PDF-",
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
)


def file_type(data: bytes) -> FileType | None:
    """XLSX or text by the bytes; None for anything else (a DOCX, a PDF, an image...)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        return FileType.XLSX if "xl/workbook.xml" in names else None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return FileType.TEXT  # a CSV Excel saved as "Unicode text"
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        return None  # a PDF, an old Office file, an image: not text whatever its name
    return FileType.TEXT  # the importer decodes it (and names a legacy encoding)


def check_upload(kind: ImportKind, data: bytes) -> str:
    """The suffix to store an upload of ``kind`` under, or a ``TrackerError`` saying
    why it is refused: too big, empty, or bytes that are not what this import reads."""
    limit = LIMITS[kind]
    if len(data) > limit:
        raise TrackerError("upload.too_big", limit=f"{limit // 1024:,} KB".replace(",", "."))
    if not data.strip():
        raise TrackerError("upload.empty")
    found = file_type(data)
    suffix = STORED_SUFFIX.get((kind, found)) if found is not None else None
    if suffix is None:
        raise TrackerError("upload.wrong_type", kind=kind.value)
    if found is FileType.XLSX:
        try:
            check_zip(io.BytesIO(data))
        except SheetRefused:
            raise TrackerError("upload.wrong_type", kind=kind.value) from None
    return suffix


def run_import(
    session: Session,
    kind: ImportKind,
    path: Path,
    actor: str,
    calendar: WorkCalendar,
    today: date,
    outcomes: list[Outcome] | None = None,
) -> Counter[str]:
    """The import ``dondoc import <kind>`` runs, in the caller's transaction: it commits
    or rolls back. Raises ``ImportFailed`` with every located problem."""
    if kind is ImportKind.MINUTES:
        return import_minutes(session, path, actor, calendar, outcomes)
    if kind is ImportKind.TASKS:
        return import_spreadsheet(session, path, actor, calendar, outcomes=outcomes)
    return import_duty_submissions(session, path, actor, calendar, today, outcomes)


register(
    {
        "error.upload.too_big": {
            "vi": "Tệp quá lớn: tối đa {limit}.",
            "en": "The file is too large: at most {limit}.",
        },
        "error.upload.empty": {"vi": "Tệp trống.", "en": "The file is empty."},
        "error.upload.wrong_type": {
            "vi": "Nội dung tệp không phải loại được nhận cho mục này ({kind}): biên bản là"
            " tệp YAML; danh sách nhiệm vụ và nộp báo cáo là tệp XLSX hoặc CSV.",
            "en": "The file's content is not a kind this import reads ({kind}): minutes are"
            " YAML; task lists and duty submissions are XLSX or CSV.",
        },
    }
)
