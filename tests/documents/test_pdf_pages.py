"""PDF pages read by PDFium read exactly as pdfplumber read them (issue #27's speed-up):
every page of every corpus PDF and of a 26-page plan, tables and the second font's
skips included; a legacy-font PDF is still converted; a turned page or turned text is
still pdfplumber's. The time saved is measured by ``benchmarks/bench_extract.py``."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from documents.extract import Directory, extract_draft
from documents.extract.pdf_reader import _page_blocks, read_pdf
from documents.extract.pdf_text import Sheet, page_chars
from documents.extract.structure import Block, Table
from tests.documents.corpus.scoring import CORPUS

PDFS = sorted((CORPUS / "files").glob("*.pdf"))


def _long_pdf(work: Path) -> bytes:
    """The benchmark's plan: every corpus body twice, through LibreOffice (26 pages)."""
    import yaml

    from tests.documents.corpus.build_corpus import build_docx, to_pdf

    sources = sorted((CORPUS / "sources").glob("*.yaml"))
    spec = yaml.safe_load(sources[0].read_text(encoding="utf-8"))
    body = [b for path in sources for b in yaml.safe_load(path.read_text("utf-8"))["body"]]
    build_docx(dict(spec, body=body * 2), work / "long.docx")
    to_pdf(work / "long.docx", work / "long.pdf")
    return (work / "long.pdf").read_bytes()


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _long_pdf(tmp_path_factory.mktemp("long"))


Read = tuple[list[Block], int]  # a page's blocks and how many characters it gave


def _both_ways(data: bytes) -> list[tuple[Read, Read]]:
    """Each page's blocks as pdfplumber reads it and as PDFium reads it."""
    pairs: list[tuple[Read, Read]] = []
    document = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            read = page_chars(document[index])
            assert read.chars is not None, f"page {index + 1} left to pdfplumber"
            ruled = bool(page.objects.get("rect") or page.objects.get("line"))
            assert read.ruled == ruled, f"page {index + 1}"
            pairs.append((_page_blocks(page, ruled), _page_blocks(Sheet(read), read.ruled)))
    document.close()
    return pairs


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_every_corpus_pdf_page_reads_as_pdfplumber_read_it(path: Path) -> None:
    for number, (plumber, pdfium_read) in enumerate(_both_ways(path.read_bytes()), 1):
        assert pdfium_read == plumber, f"{path.name} page {number}"


def test_a_long_plan_reads_as_before_tables_and_second_font_included(long_pdf: bytes) -> None:
    """26 pages: 8 with ruled tables, and lines where LibreOffice draws the letters its
    main font lacks in a second run ("Đảng ủy", "ở cơ sở"): PDFium drops the spaces
    beside those skips, which are put back."""
    pairs = _both_ways(long_pdf)
    assert len(pairs) == 26
    assert sum(1 for plumber, _ in pairs if any(isinstance(b, Table) for b in plumber[0])) >= 8
    for number, (plumber, pdfium_read) in enumerate(pairs, 1):
        assert pdfium_read == plumber, f"page {number}"
    text = read_pdf(long_pdf).plain_text()
    assert "Văn phòng Đảng ủy theo dõi" in text and "dân chủ ở cơ sở" in text


def _hand_made_pdf(content: bytes, font: bytes, page_extra: bytes = b"") -> bytes:
    """A one-page PDF written out by hand: one non-embedded simple font, one stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R " + page_extra + b">>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /" + font + b" /FirstChar 32 "
        b"/LastChar 255 /Widths [" + b" 500" * 224 + b"] /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


TCVN3_LINES = [
    "NghÞ quyÕt vÒ nhiÖm vô träng t©m n¨m 2024.",
    "1. Giao V¨n phßng §¶ng ñy chñ tr×, hoµn thµnh tr­íc ngµy 30/6/2024.",
]


def _lines_stream(lines: list[str]) -> bytes:
    shown = b"".join(b"(" + line.encode("cp1252") + b") Tj 0 -20 Td " for line in lines)
    return b"BT /F1 12 Tf 72 760 Td " + shown + b"ET"


def test_a_legacy_font_pdf_read_by_pdfium_is_converted() -> None:
    """The font's name says TCVN3 (".VnTime"): its Latin-1 codes become Vietnamese."""
    data = _hand_made_pdf(_lines_stream(TCVN3_LINES), b".VnTime")
    assert page_chars(pdfium.PdfDocument(data)[0]).chars is not None  # PDFium's page
    body = read_pdf(data)
    assert body.legacy_encoding == "tcvn3"
    assert "Nghị quyết về nhiệm vụ trọng tâm năm 2024." in body.plain_text()
    assert "Giao Văn phòng Đảng ủy chủ trì" in body.plain_text()


def test_a_turned_page_is_left_to_pdfplumber() -> None:
    lines = ["Giao Van phong chu tri, hoan thanh truoc ngay 30/6/2024."]
    data = _hand_made_pdf(_lines_stream(lines), b"Times-Roman", b"/Rotate 90 ")
    assert page_chars(pdfium.PdfDocument(data)[0]).chars is None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        expected = _page_blocks(pdf.pages[0], False)[0]
    assert read_pdf(data).blocks == expected


def test_turned_text_is_left_to_pdfplumber() -> None:
    content = b"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Giao Van phong chu tri, ngay 30/6/2024.) Tj ET"
    data = _hand_made_pdf(content, b"Times-Roman")
    assert page_chars(pdfium.PdfDocument(data)[0]).chars is None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        expected = _page_blocks(pdf.pages[0], False)[0]
    assert read_pdf(data).blocks == expected


def test_concurrent_extractions_of_a_pdf_agree() -> None:
    """PDFium is not thread-safe; the web app extracts in worker threads."""
    from concurrent.futures import ThreadPoolExecutor

    data = PDFS[0].read_bytes()
    first = extract_draft(data, PDFS[0].name, Directory()).text
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda _: extract_draft(data, "x.pdf", Directory()).text, range(8)))
    assert texts == [first] * 8
