"""Reading resolutions into drafts: the corpus, each writing style and deadline kind,
unknown units, old fonts, and the inputs that must be refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from documents.extract import Directory, DocumentRefused, Entry, extract_draft
from documents.extract.deadlines import find_deadline
from documents.extract.docx_reader import read_docx
from documents.extract.legacy import encoding_of_text
from documents.extract.structure import Paragraph
from documents.extract.writers import to_minutes
from tests.documents.corpus.scoring import CORPUS, directory_of, expectations, score

EXPECTED = expectations()
ISSUED = date(2024, 1, 29)


def _draft(name: str) -> Any:
    spec = next(s for p, s in EXPECTED if p.stem == name)
    data = (CORPUS / "files" / spec["file"]).read_bytes()
    return spec, extract_draft(data, spec["file"], directory_of(spec))


@pytest.mark.parametrize(("path", "spec"), EXPECTED, ids=[p.stem for p, _ in EXPECTED])
def test_corpus_header_is_read(path: Path, spec: dict[str, Any]) -> None:
    data = (CORPUS / "files" / spec["file"]).read_bytes()
    draft = extract_draft(data, spec["file"], directory_of(spec))
    want = spec["document"]
    got = draft.document
    assert (got.kind, got.number, got.issued_on) == (
        want["kind"],
        want["number"],
        want["issued_on"],
    )
    assert got.issuing_body == want["issuing_body"]


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("03_tb_kl_ubnd", "inline"),
        ("02_kl_btv_hu", "headed"),
        ("05_kh_hu_numbered", "Word numbering"),
        ("04_kh_skhcn_table", "table"),
        ("07_nq_chibo_thang4", "bullets in a PDF"),
        ("08_tb_vp_ubnd", "plain text"),
    ],
)
def test_each_writing_style_yields_its_tasks(name: str, style: str) -> None:
    spec, draft = _draft(name)
    result = score(name, spec, draft.tasks)
    assert result.f1 >= 0.9, (style, result.misses)
    assert result.rate(result.lead_ok) >= 0.8, (style, result.misses)


def test_word_numbering_is_read_although_the_numbers_are_not_in_the_text() -> None:
    data = (CORPUS / "files" / "05_kh_hu_numbered.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Ban Tổ chức Huyện ủy:" in xml and "1. Ban Tổ chức" not in xml
    listed = [b for b in read_docx(data).blocks if isinstance(b, Paragraph) and b.level is not None]
    assert [(b.label, b.level) for b in listed[:3]] == [("1", 0), ("a", 1), ("b", 1)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("hoàn thành trước ngày 30/6/2024", "date", "2024-06-30"),
        ("hoàn thành trước 15.12.2024", "date", "2024-12-15"),
        ("tổ chức vào ngày 20-7-2024", "date", "2024-07-20"),
        ("trước ngày 30 tháng 9 năm 2024", "date", "2024-09-30"),
        ("trước ngày 31/3", "date", "2024-03-31"),
        ("trình trong tháng 3/2024", "period", "2024-03"),
        ("trong tháng 11, tháng 12 năm 2025", "period", "2025-12"),
        ("thời gian: trong quý II/2024", "period", "2024-Q2"),
        ("hoàn thành trong quý 3 năm 2024", "period", "2024-Q3"),
        ("trong 6 tháng đầu năm 2024", "period", "2024-H1"),
        ("6 tháng cuối năm 2024", "period", "2024-H2"),
        ("hoàn thành trong năm 2024", "period", "2024"),
        ("trong 10 ngày làm việc kể từ ngày ký", "relative", "+10 working days"),
        ("trong thời hạn 15 ngày", "relative", "+15 days"),
        ("thực hiện thường xuyên", "standing", None),
        ("duy trì sinh hoạt hằng tháng", "recurring", "monthly"),
        ("hằng quý báo cáo Đảng ủy", "recurring", "quarterly"),
        ("định kỳ 6 tháng tổng hợp", "recurring", "half_yearly"),
        ("hàng năm đánh giá", "recurring", "annual"),
        ("theo Kết luận số 01-KL/TW ngày 18/5/2021", "unknown", None),
        ("xây dựng Kế hoạch kiểm tra năm 2024", "unknown", None),
    ],
)
def test_deadline_kinds(text: str, kind: str, value: str | None) -> None:
    due, _ = find_deadline(text, ISSUED)
    assert (due.kind, due.value) == (kind, value)


def test_a_table_cell_counts_without_a_deadline_word() -> None:
    assert find_deadline("Quý IV", ISSUED, cell=True)[0].value == "2024-Q4"
    assert find_deadline("Năm 2024", ISSUED, cell=True)[0].value == "2024"


def test_unknown_units_keep_their_text_and_no_code() -> None:
    _, draft = _draft("10_kh_ubnd_phapluat")
    leads = {(t.lead.code, t.lead.text) for t in draft.tasks if t.lead}
    assert (None, "Liên đoàn Lao động tỉnh") in leads
    co = {(c.code, c.text) for t in draft.tasks for c in t.co_owners}
    assert (None, "Báo Bắc Hưng") in co and ("PTTH", "Đài Phát thanh và Truyền hình tỉnh") in co
    minutes = to_minutes(draft)
    assert "lead: null  # CẦN ĐIỀN mã đơn vị chủ trì («Liên đoàn Lao động tỉnh»" in minutes
    assert "chưa khớp danh bạ: Báo Bắc Hưng" in minutes


def test_directory_aliases_abbreviations_and_shortened_names_match() -> None:
    directory = Directory(
        [
            Entry("VP-DU", "Văn phòng Đảng ủy Cục", "office"),
            Entry("UBKT", "Ủy ban Kiểm tra Đảng ủy Cục", "commission"),
            Entry("CB07", "Chi bộ Trung tâm Thông tin SHCN", "sub_branch", ("Chi bộ Thông tin",)),
        ]
    )
    text = "VPĐU chủ trì, phối hợp với ủy ban kiem tra và Chi bộ Thông tin"
    assert [m.code for m in directory.mentions(text)] == ["VP-DU", "UBKT", "CB07"]


def test_old_font_document_is_converted() -> None:
    data = (CORPUS / "files" / "09_kl_hu_legacy_2012.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert ".VnTime" in xml and "Ban Dân vận" not in xml  # really typed in TCVN3
    spec, draft = _draft("09_kl_hu_legacy_2012")
    assert draft.legacy_encoding == "tcvn3"
    assert draft.document.title.startswith("Kết luận của Ban Thường vụ Huyện ủy")
    assert score("09", spec, draft.tasks).f1 >= 0.9


def test_old_font_plain_text_is_detected_and_converted() -> None:
    tcvn3 = "NghÞ quyÕt vÒ nhiÖm vô träng t©m n¨m 2024 cña §¶ng bé. Giao V¨n phßng §¶ng ñy"
    assert encoding_of_text(tcvn3) == "tcvn3"
    data = (tcvn3 + " chñ tr× thùc hiÖn; hoµn thµnh tr­íc ngµy 30/6/2024.\n").encode("cp1252")
    directory = Directory([Entry("VP-DU", "Văn phòng Đảng ủy", "office")])
    draft = extract_draft(data, "cu.txt", directory)
    assert draft.legacy_encoding == "tcvn3"
    assert "Nghị quyết về nhiệm vụ trọng tâm năm 2024" in draft.text
    assert [(t.lead.code if t.lead else None, t.due.value) for t in draft.tasks] == [
        ("VP-DU", "2024-06-30")
    ]


def _scan_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(image).text((60, 60), "NGHI QUYET (scanned)", fill="black")
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (70 * 1024 * 1024))
    return out.getvalue()


def _xlsx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


REFUSALS = {
    "scan.pdf": (_scan_pdf, "no_text_layer"),
    "bomb.docx": (_zip_bomb, "unpacked_too_big"),
    "bang.docx": (_xlsx_like, "not_a_document"),
    "anh.docx": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not_a_document"),
    "cu.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "legacy_doc"),
    "cut.docx": (
        lambda: (CORPUS / "files" / "01_nq_du_shtt_2024.docx").read_bytes()[:3000],
        "damaged",
    ),
    "empty.txt": (lambda: b"   \n", "empty"),
}


@pytest.mark.parametrize("file", sorted(REFUSALS))
def test_bad_input_is_refused_with_its_reason_and_name(file: str) -> None:
    make, reason = REFUSALS[file]
    with pytest.raises(DocumentRefused) as refused:
        extract_draft(make(), file, Directory())
    assert refused.value.reason == reason
    assert f"«{file}»" in refused.value.render("vi") and f"«{file}»" in refused.value.render("en")


def test_a_scan_says_so_rather_than_giving_an_empty_draft() -> None:
    with pytest.raises(DocumentRefused) as refused:
        extract_draft(_scan_pdf(), "scan.pdf", Directory())
    assert "không có lớp chữ" in refused.value.render("vi")
    assert "without a text layer" in refused.value.render("en")
