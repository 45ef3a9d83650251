"""Real files of each kind, made in memory, for the file store's tests."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Biên bản họp chi bộ")
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Danh sách"
    book.save(out)
    return out.getvalue()


def plain_zip(**parts: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (parts or {"a.txt": b"hello"}).items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb_docx() -> bytes:
    """A zip that says it is a Word document but unpacks a thousand times its size."""
    with zipfile.ZipFile(io.BytesIO(docx())) as source:
        types = source.read("[Content_Types].xml")
    return plain_zip(**{"[Content_Types].xml": types, "word/document.xml": b"\0" * 5_000_000})
