"""The periodic report: a Party-style Word document whose figures are the query results,
its XLSX appendix, and figures frozen once the period closes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from models.duty_queries import compliance, duty_rows
from models.duty_status import DutyStatus
from models.period_statistics import REPORTED_STATUSES, report_window
from models.periods import parse_period
from models.queries import TaskFilter, find_code, overdue, subtree, unit_summaries
from models.sqlread import SqlAlchemyReader

CLOSED = date(2024, 6, 14)  # the end of 2024-Q2's data window (Decree 09: 15 Mar - 14 Jun)


@contextmanager
def _reader(db_url: str) -> Iterator[SqlAlchemyReader]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            yield SqlAlchemyReader(connection)
    finally:
        engine.dispose()


def _cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _draft(dondoc: Callable[..., Any], path: Path, on: str, *extra: str) -> Any:
    dondoc(
        *extra,
        "report",
        "period",
        "2024-Q2",
        "--docx",
        str(path),
        "--on",
        on,
        "--number",
        "15-BC/ĐU",
    )
    return Document(str(path))


def test_report_layout_and_figures_equal_the_queries(
    dondoc: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    dondoc("demo", "load")
    document = _draft(dondoc, tmp_path / "q2.docx", "2024-07-15")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.left_margin.mm)) == (210, 30)
    head = _cells(document.tables[0])[0]
    assert head[0].split("\n") == [
        "ĐẢNG ỦY BỘ KHOA HỌC VÀ CÔNG NGHỆ",
        "ĐẢNG ỦY CỤC SỞ HỮU TRÍ TUỆ",
        "*",
        "Số: 15-BC/ĐU",
    ]
    assert head[1].split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hà Nội, ngày 15 tháng 7 năm 2024"]
    party = document.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert party.bold and party.underline
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "tình hình thực hiện nghị quyết, chỉ thị, kết luận quý II năm 2024" in texts
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
        "1. Theo đơn vị",
        "2. Nhiệm vụ quá hạn (2)",
        "3. Nhiệm vụ được gia hạn trong kỳ (0)",
        "II. THỰC HIỆN CHẾ ĐỘ BÁO CÁO, SINH HOẠT ĐỊNH KỲ",
        "III. THAY ĐỔI SAU NGÀY CHỐT SỐ LIỆU",
    ):
        assert heading in texts, heading
    assert (
        "Số liệu tính từ ngày 15/03/2024 đến ngày 14/06/2024; tình trạng nhiệm vụ tính đến ngày 14/06/2024."
        in texts
    )

    window = report_window(parse_period("2024-Q2"))
    with _reader(db_url) as reader:
        root = find_code(reader, "unit", "DU-SHTT")
        assert root is not None
        summaries = unit_summaries(reader, window, CLOSED, root)
        late = overdue(reader, TaskFilter(unit_ids=subtree(reader, root), limit=1000), CLOSED)
        duties = compliance(
            duty_rows(
                reader,
                CLOSED,
                unit_ids=subtree(reader, root),
                period_end_from=date(2024, 4, 1),
                period_end_to=date(2024, 6, 30),
            )
        )
    by_unit = _cells(document.tables[1])
    assert by_unit[0][1:5] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn",
    ]
    assert [[r[0].strip(), *r[1:5]] for r in by_unit[1:]] == [
        [f"{s.name} ({s.code})", *(str(s.counts[st]) for st in REPORTED_STATUSES)]
        for s in summaries
    ]
    top = summaries[0]
    done = top.counts[REPORTED_STATUSES[0]] + top.counts[REPORTED_STATUSES[1]]
    rate = f"{100 * top.counts[REPORTED_STATUSES[0]] / done:.1f}%".replace(".", ",")
    assert f"Tỷ lệ hoàn thành đúng hạn: {rate}." in " ".join(texts)  # the decimal comma
    listed = _cells(document.tables[2])[1:]
    assert [(r[1], r[4], r[5]) for r in listed] == [
        (r.title, r.due_on.strftime("%d/%m/%Y"), str(r.status.days_overdue))  # type: ignore[union-attr]
        for r in late.rows
    ]
    assert "Nguyễn Văn Bảy (bay.nv)" in [r[3] for r in listed]  # the owner, by name
    duty_table = _cells(document.tables[3])
    wanted = (
        DutyStatus.SUBMITTED_ON_TIME,
        DutyStatus.SUBMITTED_LATE,
        DutyStatus.OVERDUE,
        DutyStatus.PENDING,
        DutyStatus.WAIVED,
    )
    assert [r[1:6] for r in duty_table[1:]] == [[str(c.counts[s]) for s in wanted] for c in duties]
    assert duty_table[1][0] == "Chi bộ Văn phòng Cục (CB01)" and len(duty_table) == 10
    signature = _cells(document.tables[4])[0]
    assert signature[1].split("\n")[:2] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert signature[1].split("\n")[-1] == "Lưu Hoàng Long"
    assert signature[0].startswith("Nơi nhận:")

    appendix = load_workbook(tmp_path / "q2-phu-luc.xlsx")
    assert appendix.sheetnames == ["Theo đơn vị", "Quá hạn", "Gia hạn", "Nghĩa vụ báo cáo"]
    units_sheet = appendix["Theo đơn vị"]
    assert units_sheet["A1"].value == "Phụ lục: nhiệm vụ theo đơn vị, quý II năm 2024"
    assert [units_sheet.cell(r, 1).value for r in range(5, 5 + len(summaries))] == [
        s.code for s in summaries
    ]
    rate = units_sheet.cell(5, 7)
    assert (rate.value, rate.number_format) == (top.on_time_rate, "0.0%")
    late_sheet = appendix["Quá hạn"]
    assert late_sheet.cell(5, 7).number_format == "DD/MM/YYYY"
    assert late_sheet.cell(5, 7).value.date() == late.rows[0].due_on


def test_figures_freeze_when_the_period_closes(dondoc: Callable[..., Any], tmp_path: Path) -> None:
    dondoc("demo", "load")
    open_draft = _draft(dondoc, tmp_path / "open.docx", "2024-06-10")  # before the cut-off: live
    texts = [p.text for p in open_draft.paragraphs]
    assert "III. THAY ĐỔI SAU NGÀY CHỐT SỐ LIỆU" not in texts
    assert any("tính đến ngày 10/06/2024" in p for p in texts)
    first = _draft(dondoc, tmp_path / "first.docx", "2024-07-15")
    # Later edits: an overdue task recorded done (before the cut-off), another extended.
    dondoc("task", "complete", "4", "--on", "2024-06-10")
    dondoc(
        "task",
        "extend",
        "7",
        "--to",
        "2024-07-31",
        "--reason",
        "Chờ ý kiến Bộ",
        "--approved-by",
        "long.lh",
        "--on",
        "2024-06-05",
    )
    later = _draft(dondoc, tmp_path / "later.docx", "2024-07-20")
    for index in (1, 2, 3):  # the frozen tables did not move
        assert _cells(later.tables[index]) == _cells(first.tables[index])
    changes = [p.text for p in later.paragraphs]
    start = changes.index("III. THAY ĐỔI SAU NGÀY CHỐT SỐ LIỆU")
    listed = changes[start + 1 :]
    assert listed[0].startswith("Số liệu trên tính đến hết ngày 14/06/2024")
    assert "chốt ngày 15/07/2024" in listed[0]
    assert "- CB07: Hoàn thành quá hạn 0 → 1" in listed
    assert "- CB07: Quá hạn 1 → 0" in listed
    assert any("được gia hạn từ 31/05/2024 đến 31/07/2024" in line for line in listed)
    assert "Không có thay đổi." in [p.text for p in first.paragraphs]


def test_report_in_english(dondoc: Callable[..., Any], tmp_path: Path) -> None:
    dondoc("demo", "load")
    document = _draft(dondoc, tmp_path / "en.docx", "2024-07-15", "--lang", "en")
    head = _cells(document.tables[0])[0]
    assert head[1].split("\n")[0] == "COMMUNIST PARTY OF VIETNAM"
    texts = [p.text for p in document.paragraphs]
    assert "on carrying out the committee's resolutions in the second quarter of 2024" in texts
    assert "2. Overdue tasks (2)" in texts
    assert load_workbook(tmp_path / "en-phu-luc.xlsx").sheetnames[0] == "By unit"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (libreoffice-writer) and poppler-utils are not installed",
)
def test_report_converts_to_pdf_and_a_page_image(
    dondoc: Callable[..., Any], tmp_path: Path
) -> None:
    dondoc("demo", "load")
    _draft(dondoc, tmp_path / "q2.docx", "2024-07-15")
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"  # no clash with others
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "q2.docx"),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    pdf = tmp_path / "q2.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page1"),
        ],
        check=True,
        timeout=120,
    )
    image = (tmp_path / "page1.png").read_bytes()
    assert image.startswith(b"\x89PNG") and len(image) > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], check=True, capture_output=True, timeout=60
        ).stdout.decode()
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BÁO CÁO" in text


def test_a_daily_freeze_fixes_the_figures_before_anyone_drafts(
    dondoc: Callable[..., Any], tmp_path: Path
) -> None:
    dondoc("demo", "load")
    assert (
        dondoc("report", "freeze", "--on", "2024-06-14").output.strip()
        == "2023-Q1, 2023-Q2, 2023-H1, 2023-Q3, 2023-Q4, 2023-H2, 2023, 2024-Q1"
    )
    assert dondoc("report", "freeze", "--on", "2024-06-15").output.strip() == "2024-Q2, 2024-H1"
    assert "không có thay đổi" in dondoc("report", "freeze", "--on", "2024-06-16").output
    dondoc("task", "complete", "4", "--on", "2024-06-10")  # recorded after the freeze
    later = _draft(dondoc, tmp_path / "q2.docx", "2024-07-15")
    texts = [p.text for p in later.paragraphs]
    assert "Trong kỳ có 4 nhiệm vụ đến hạn" in " ".join(texts)
    assert [r[4] for r in _cells(later.tables[1])[1:]] == ["2", "1", "0"]  # overdue as frozen
    start = texts.index("III. THAY ĐỔI SAU NGÀY CHỐT SỐ LIỆU")
    assert "chốt ngày 15/06/2024" in texts[start + 1]
    assert "- CB07: Quá hạn 1 → 0" in texts[start + 2 :]
