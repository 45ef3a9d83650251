"""PDFs with a text layer: ruled tables as rows of cells, the rest as lines joined into
paragraphs. A scan has no text layer and is refused by the caller with its own message,
never read as an empty document.

Every page is read by PDFium (``pdf_text``: C, milliseconds a page) and its characters
and drawn edges go through pdfplumber's own text builder and table finder. Only a page
with a form XObject or turned text is read by pdfplumber itself (a tenth of a second a
page and more: it describes every character in Python). Both paths share
``_page_blocks``, and a page reads the same either way (``tests/documents/
test_pdf_pages.py``)."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from documents.extract import legacy
from documents.extract.layout import paragraphs_from_lines
from documents.extract.pdf_text import PDFIUM, PageChars, Sheet, page_chars
from documents.extract.structure import Block, Body, Table

MAX_PAGES = 200  # a 20-page plan is long; a 10 MB file of 5,000 empty pages is not a plan


class NoTextLayer(Exception):
    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


class TooManyPages(Exception):
    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


def _cell(value: Any) -> str:
    return " ".join(str(value or "").split())


def _page_blocks(page: Any, ruled: bool) -> tuple[list[Block], int]:
    """A page's tables and the text around them: a pdfplumber page or a ``Sheet``."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1]) if ruled else []  # costly
    blocks: list[Block] = []
    top = 0.0
    chars = 0

    def text_between(upper: float, lower: float) -> None:
        nonlocal chars
        if lower - upper < 1:
            return
        whole = not tables
        band = page if whole else page.within_bbox((0, upper, page.width, lower), strict=False)
        text = band.extract_text() or ""
        chars += len(text.strip())
        blocks.extend(paragraphs_from_lines(text.splitlines()))

    for table in tables:
        text_between(top, table.bbox[1])
        rows = [[_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        chars += sum(len(c) for r in rows for c in r)
        if rows:
            blocks.append(Table(rows))
        top = table.bbox[3]
    text_between(top, page.height)
    return blocks, chars


def _pdfium_pages(data: bytes) -> list[PageChars]:
    with PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            count = len(document)
            if count > MAX_PAGES:
                raise TooManyPages(count)
            pages = []
            for index in range(count):
                page = document[index]
                try:
                    pages.append(page_chars(page))
                finally:
                    page.close()
            return pages
        finally:
            document.close()


def read_pdf(data: bytes) -> Body:
    blocks: list[Block] = []
    chars = 0
    fonts: set[str] = set()
    pages = _pdfium_pages(data)
    plumber: Any = None  # opened for the first page PDFium leaves to it
    try:
        for index, read in enumerate(pages):
            if read.chars is not None:
                fonts.update(read.fonts)
                page_blocks, page_chars_count = _page_blocks(Sheet(read), read.ruled)
                blocks.extend(page_blocks)
                chars += page_chars_count
                continue
            plumber = plumber or pdfplumber.open(io.BytesIO(data))
            page = plumber.pages[index]
            fonts.update(str(c.get("fontname", "")) for c in page.chars[:2000])
            ruled = bool(page.objects.get("rect") or page.objects.get("line"))
            page_blocks, page_chars_count = _page_blocks(page, ruled)
            blocks.extend(page_blocks)
            chars += page_chars_count
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    if chars < 20:
        raise NoTextLayer(len(pages))
    encoding = legacy.encoding_of_fonts(fonts)
    body = Body(_merge_split_tables(blocks), "pdf", encoding)
    if encoding is not None:
        body.blocks = [_convert(b, encoding) for b in body.blocks]
    return body


def _merge_split_tables(blocks: list[Block]) -> list[Block]:
    """A table that runs over a page break is one table (same column count)."""
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        if (
            isinstance(block, Table)
            and isinstance(last, Table)
            and block.rows
            and last.rows
            and len(block.rows[0]) == len(last.rows[0])
        ):
            rows = (
                block.rows[1:] if block.rows[0] == last.rows[0] else block.rows
            )  # repeated header
            previous = last.rows
            if rows and not rows[0][0].strip() and previous:  # a row split by the page break
                joined = [f"{a} {b}".strip() for a, b in zip(previous[-1], rows[0], strict=False)]
                previous, rows = [*previous[:-1], joined], rows[1:]
            merged[-1] = Table(previous + rows)
        else:
            merged.append(block)
    return merged


def _convert(block: Block, encoding: str) -> Block:
    from documents.extract.structure import Paragraph

    if isinstance(block, Table):
        return Table([[legacy.to_unicode(c, encoding) for c in row] for row in block.rows])
    return Paragraph(legacy.to_unicode(block.text, encoding), block.label, block.level)
