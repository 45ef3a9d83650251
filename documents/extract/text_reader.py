"""Plain text: UTF-8 (with or without BOM), UTF-16, Windows-1258, or a legacy font's
bytes (TCVN3/VNI text saved from an old editor); tab-separated lines as a table."""

from __future__ import annotations

import codecs
import unicodedata

from documents.extract import legacy
from documents.extract.layout import paragraphs_from_lines
from documents.extract.structure import Block, Body, Table

_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")  # Windows-1258 combining marks


class UnknownEncoding(Exception):
    pass


def decode(data: bytes) -> tuple[str, str | None]:
    """The text, and the legacy encoding it was converted from (None: it was Unicode)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        encoding = legacy.encoding_of_text(text)
        if encoding is not None:
            return legacy.to_unicode(text, encoding), encoding
        cp1258 = data.decode("cp1258", errors="replace")
        if any(ch in _TONE_MARKS for ch in cp1258):
            return unicodedata.normalize("NFC", cp1258), None
        raise UnknownEncoding from None
    encoding = legacy.encoding_of_text(text)  # legacy glyphs pasted into a UTF-8 file
    if encoding is not None:
        return legacy.to_unicode(text, encoding), encoding
    return unicodedata.normalize("NFC", text), None


def read_text(data: bytes) -> Body:
    text, encoding = decode(data)
    blocks: list[Block] = []
    pending: list[str] = []
    rows: list[list[str]] = []

    def flush_rows() -> None:
        if len(rows) >= 2:
            blocks.append(Table([r[:] for r in rows]))
        else:
            pending.extend("\t".join(r) for r in rows)
        rows.clear()

    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 3:
            if pending:
                blocks.extend(paragraphs_from_lines(pending))
                pending.clear()
            rows.append(cells)
            continue
        flush_rows()
        pending.append(line)
    flush_rows()
    blocks.extend(paragraphs_from_lines(pending))
    return Body(blocks, "text", encoding)
