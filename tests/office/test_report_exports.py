"""``report … --format xlsx|csv``: titled sheets, date and percent cells, BOM, no formulas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

HOSTILE = '=HYPERLINK("http://evil.test","bấm")'


def _hostile_task(dondoc: Callable[..., Any]) -> None:
    dondoc("demo", "load")
    dondoc(
        "task",
        "add",
        "--document",
        "01-NQ/ĐU",
        "--ref",
        "99",
        "--title",
        HOSTILE,
        "--lead",
        "CB02",
        "--deadline",
        "2024-05-15",
    )


def test_overdue_report_as_xlsx_and_csv(dondoc: Callable[..., Any], tmp_path: Path) -> None:
    _hostile_task(dondoc)
    xlsx = tmp_path / "overdue.xlsx"
    dondoc("report", "overdue", "--as-of", "2024-07-15", "--format", "xlsx", "-o", str(xlsx))
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.title == "Quá hạn"
    assert sheet["A1"].value.startswith("Nhiệm vụ quá hạn tính đến 15/07/2024")
    assert sheet["A2"].value == "Đơn vị: toàn Đảng bộ — tính đến 15/07/2024"
    assert [c.value for c in sheet[4]][:3] == ["Mã", "Văn bản", "Nhiệm vụ"]
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:G")
    rows = {sheet.cell(r, 3).value: r for r in range(5, sheet.max_row + 1)}
    title = sheet.cell(rows[HOSTILE], 3)
    assert (title.data_type, title.quotePrefix) == ("s", True)  # text, never a formula
    deadline = sheet.cell(rows[HOSTILE], 6)
    assert isinstance(deadline.value, datetime) and deadline.number_format == "DD/MM/YYYY"
    csv = tmp_path / "overdue.csv"
    dondoc("report", "overdue", "--as-of", "2024-07-15", "--format", "csv", "-o", str(csv))
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Mã;Văn bản;Nhiệm vụ;Chủ trì;Phối hợp;Thời hạn;Số ngày"
    assert "'=HYPERLINK(" in text and ";15/05/2024;" in text


def test_units_report_rates_are_percent_cells(dondoc: Callable[..., Any], tmp_path: Path) -> None:
    dondoc("demo", "load")
    xlsx = tmp_path / "units.xlsx"
    dondoc(
        "report",
        "units",
        "--period",
        "2024-Q2",
        "--as-of",
        "2024-07-15",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
    )
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.title == "Theo đơn vị"
    assert sheet["A1"].value == "Tình hình thực hiện theo đơn vị, kỳ 2024-Q2, tính đến 15/07/2024"
    headers = [c.value for c in sheet[4]]
    rate = sheet.cell(5, headers.index("Tỷ lệ quá hạn") + 1)
    assert isinstance(rate.value, float) and 0 < rate.value <= 1
    assert rate.number_format == "0.0%"
    en = tmp_path / "units.csv"
    dondoc(
        "--lang",
        "en",
        "report",
        "units",
        "--period",
        "2024-Q2",
        "--as-of",
        "2024-07-15",
        "--format",
        "csv",
        "-o",
        str(en),
    )
    lines = en.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Unit,Name,Total,")
    assert any(line.endswith("%") and "." in line.rsplit(",", 1)[1] for line in lines[1:])
    vi = tmp_path / "units-vi.csv"
    dondoc(
        "report",
        "units",
        "--period",
        "2024-Q2",
        "--as-of",
        "2024-07-15",
        "--format",
        "csv",
        "-o",
        str(vi),
    )
    body = vi.read_text(encoding="utf-8-sig")
    assert ";75,0%" in body or ";100,0%" in body  # the decimal comma
