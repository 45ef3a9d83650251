"""What a file is, read from its bytes: the only judge of an uploaded file's type.

A name's extension and the browser's Content-Type header are typed by whoever sends
the file, so neither decides anything: a file is accepted only when its bytes are one
of the kinds the tracker keeps (PDF, Word and Excel as Office Open XML, PNG, JPEG, GIF,
WebP) AND its name's extension is one of that kind's (a ``.pdf`` that is a zip is
refused: whoever opens it would be handed something else than they were told).

Word and Excel files are zips: their ``[Content_Types].xml`` part must name the main
part of a document or a workbook, and the archive stays within bounds (entries, sizes,
compression ratio), read without extracting anything. Old binary ``.doc``/``.xls`` files
are refused (the format that carries macros unseen; "save as .docx/.xlsx" is the fix).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from models.errors import TrackerError
from models.i18n import register


@dataclass(frozen=True)
class FileKind:
    code: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "application/pdf", (".pdf",))
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PNG = FileKind("png", "image/png", (".png",))
JPEG = FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind("gif", "image/gif", (".gif",))
WEBP = FileKind("webp", "image/webp", (".webp",))
KINDS = (PDF, DOCX, XLSX, PNG, JPEG, GIF, WEBP)
BY_CONTENT_TYPE = {k.content_type: k for k in KINDS}

# The main parts' content types, as [Content_Types].xml names them.
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSX_MACRO = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_DOCX_MACRO = b"application/vnd.ms-word.document.macroEnabled.main+xml"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# A document's zip: generous for real files, small enough that reading its directory
# and one part costs nothing (the zip-bomb bounds the importers keep, here too).
MAX_ENTRIES = 5_000
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_TYPES_PART = 1024 * 1024


def _by_magic(data: bytes) -> FileKind | str | None:
    """The kind the first bytes announce; "zip" for a zip (looked into next)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE2):
        return "ole2"
    return None


def _office_kind(data: bytes) -> FileKind | str | None:
    """DOCX or XLSX by the zip's own content-types part; "macro" for their macro-enabled
    twins; None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                return None
            unpacked = sum(e.file_size for e in entries)
            packed = sum(e.compress_size for e in entries) or 1
            if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
                return None
            types = archive.getinfo("[Content_Types].xml")
            if types.file_size > MAX_TYPES_PART:
                return None
            part = archive.read(types)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    if _DOCX_MAIN in part and b"/word/document.xml" in part:
        return DOCX
    if _XLSX_MAIN in part and b"/xl/workbook.xml" in part:
        return XLSX
    if _XLSX_MACRO in part or _DOCX_MACRO in part:
        return "macro"
    return None


def identify(name: str, data: bytes) -> FileKind:
    """The kind of ``data`` named ``name``; a ``TrackerError`` naming the file otherwise."""
    found = _by_magic(data)
    if found == "zip":
        found = _office_kind(data)
        if found == "macro":
            raise TrackerError("file_macro", field="file", name=name)
    elif found == "ole2":
        raise TrackerError("file_legacy_office", field="file", name=name)
    if not isinstance(found, FileKind):
        raise TrackerError("file_type", field="file", name=name)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in found.extensions:
        raise TrackerError("file_type_mismatch", field="file", name=name, kind=found.extensions[0])
    return found


register(
    {
        "error.file_type": {
            "vi": "Tệp «{name}» không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh "
            "(PNG, JPEG, GIF, WebP): không nhận.",
            "en": "«{name}» is not a PDF, Word (.docx), Excel (.xlsx) file or an image "
            "(PNG, JPEG, GIF, WebP): refused.",
        },
        "error.file_type_mismatch": {
            "vi": "Tệp «{name}» thực chất là tệp {kind}, không đúng với đuôi tên: không nhận.",
            "en": "«{name}» is really a {kind} file, not what its name says: refused.",
        },
        "error.file_legacy_office": {
            "vi": "Tệp «{name}» là định dạng Word/Excel cũ (.doc/.xls): hãy lưu lại thành "
            ".docx hoặc .xlsx rồi gửi.",
            "en": "«{name}» is an old Word/Excel file (.doc/.xls): save it as .docx or .xlsx "
            "and send it again.",
        },
        "error.file_macro": {
            "vi": "Tệp «{name}» có chứa macro: không nhận (hãy lưu thành .docx hoặc .xlsx).",
            "en": "«{name}» contains macros: refused (save it as .docx or .xlsx).",
        },
    }
)
