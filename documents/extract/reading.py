"""From a file's bytes to its text, refusing what is not a document before parsing.

The kind is told by the bytes, never by the name: a zip holding ``word/document.xml``
is Word, ``%PDF-`` is a PDF, an OLE header is an old ``.doc``; anything else must read
as text. The size and the zip are checked with the importers' own bounds
(``documents.bounds``: file size, unpacked size, member count, no DOCTYPE/ENTITY) so a
zip bomb named ``.docx`` is refused before docx2python unpacks a byte of it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# The one import of ``cli`` from ``documents``: the bounds move with cli/files into
# the documents package in the layout change (noted for the integrator).
from documents.bounds import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, SheetRefused, check_zip
from documents.extract.refusals import DocumentRefused
from documents.extract.structure import Body

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}


def read_bounded(path: Path) -> bytes:
    """The file's bytes, refused before reading when larger than the bound (a bounded
    read, safe on a FIFO or a device too)."""
    file = path.name
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DocumentRefused("not_a_document", file, detail=error.strerror or error) from None
    if len(data) > MAX_FILE_BYTES:
        raise DocumentRefused("too_big", file, limit=MAX_FILE_BYTES)
    return data


def read_document(data: bytes, file: str) -> Body:
    """The document's paragraphs and tables; ``DocumentRefused`` names ``file`` and why."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentRefused("too_big", file, limit=MAX_FILE_BYTES)
    if not data.strip():
        raise DocumentRefused("empty", file)
    if data.startswith(b"PK\x03\x04"):
        body = _docx(data, file)
    elif b"%PDF-" in data[:1024]:
        body = _pdf(data, file)
    elif data.startswith(_OLE):
        raise DocumentRefused("legacy_doc", file)
    else:
        body = _text(data, file)
    if not body.blocks:
        raise DocumentRefused("empty", file)
    return body


def _docx(data: bytes, file: str) -> Body:
    try:
        check_zip(io.BytesIO(data))
    except SheetRefused as refused:  # the importers' zip checks, worded for a document
        if refused.key == "unpacked_too_big":
            raise DocumentRefused("unpacked_too_big", file, limit=MAX_UNPACKED_BYTES) from None
        if refused.key == "xml_doctype":
            raise DocumentRefused("xml_doctype", file, **refused.params) from None
        detail = refused.params.get("detail", refused.key)
        raise DocumentRefused("damaged", file, format="DOCX", detail=detail) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise DocumentRefused("not_a_document", file, detail="zip")
    from documents.extract.docx_reader import read_docx

    try:
        return read_docx(data)
    except Exception as error:  # docx2python raises whatever lxml or its walker raise
        raise DocumentRefused("damaged", file, format="DOCX", detail=type(error).__name__) from None


def _pdf(data: bytes, file: str) -> Body:
    from documents.extract.pdf_reader import MAX_PAGES, NoTextLayer, TooManyPages, read_pdf

    try:
        return read_pdf(data)
    except NoTextLayer as scan:
        raise DocumentRefused("no_text_layer", file, pages=scan.pages) from None
    except TooManyPages as long:
        raise DocumentRefused("too_many_pages", file, pages=long.pages, limit=MAX_PAGES) from None
    except Exception as error:  # pdfminer's syntax errors have no common base class
        raise DocumentRefused("damaged", file, format="PDF", detail=type(error).__name__) from None


def _text(data: bytes, file: str) -> Body:
    from documents.extract.text_reader import UnknownEncoding, read_text

    head = data[:4096]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and sum(1 for b in head if b in _BINARY_BYTES) > len(head) // 100:
        raise DocumentRefused("not_a_document", file, detail="binary")
    try:
        return read_text(data)
    except UnknownEncoding:
        raise DocumentRefused("unknown_encoding", file) from None
