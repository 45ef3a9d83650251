"""The reports page: the periodic report and its appendix, and the duty compliance sheet,
for a picked period; Vietnamese file names (RFC 5987); a typed date kept on a mistake;
only the office and administrators."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from tests.web.conftest import Web, csrf_of


def _name(disposition: str) -> str:
    star = disposition.split("filename*=UTF-8''")[1]
    return unquote(star)


def test_period_report_downloads_as_word_with_its_vietnamese_name(web: Web) -> None:
    office = web.sign_in("trang.nt")
    page = office.get("/reports")
    assert page.status_code == 200
    assert 'value="2024-Q2" selected' in page.text  # the last quarter ended (15/07/2024)
    answer = office.post(
        "/reports/period",
        data={"csrf": csrf_of(page.text), "period": "2024-Q2", "on": "15/07/2024", "file": "docx"},
    )
    assert answer.status_code == 200, answer.text[:500]
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-quy-ii-nam-2024.docx"')
    assert _name(disposition) == "Báo cáo quý II năm 2024.docx"
    assert answer.headers["x-content-type-options"] == "nosniff"
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(answer.content)).paragraphs)
    assert "BÁO CÁO" in text and "quý II năm 2024" in text
    appendix = office.post(
        "/reports/period",
        data={"csrf": csrf_of(page.text), "period": "2024-Q2", "on": "", "file": "xlsx"},
    )
    assert _name(appendix.headers["content-disposition"]) == "Phụ lục báo cáo quý II năm 2024.xlsx"
    assert load_workbook(io.BytesIO(appendix.content)).worksheets


def test_compliance_sheet_for_a_half_year(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = office.get("/reports/compliance", params={"period": "2024-H1"})
    assert answer.status_code == 200
    assert _name(answer.headers["content-disposition"]) == (
        "Tỷ lệ nộp báo cáo 6 tháng đầu năm 2024.xlsx"
    )
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "6 tháng đầu năm 2024" in str(cells[0][0])
    units = {row[0] for row in cells[4:] if row and row[0]}
    assert {"CB01", "CB02", "CB09"} <= units


def test_a_mistyped_date_keeps_the_form(web: Web) -> None:
    office = web.sign_in("trang.nt")
    page = office.get("/reports")
    answer = office.post(
        "/reports/period",
        data={"csrf": csrf_of(page.text), "period": "2024-H1", "on": "31/02/2024", "number": "7"},
    )
    assert answer.status_code == 400
    assert 'id="report-error"' in answer.text
    assert 'value="31/02/2024"' in answer.text and 'value="2024-H1" selected' in answer.text
    assert 'value="7"' in answer.text
    bad = office.get("/reports/compliance", params={"period": "2024-13"})
    assert bad.status_code == 400


@pytest.mark.parametrize("code", ["bay.nv", "mai.dt"])
def test_only_the_office_draws_reports(web: Web, code: str) -> None:
    client = web.sign_in(code)
    assert client.get("/reports").status_code == 404
    assert client.get("/reports/compliance", params={"period": "2024"}).status_code == 404
    page = client.get("/")
    answer = client.post("/reports/period", data={"csrf": csrf_of(page.text), "period": "2024-Q2"})
    assert answer.status_code == 404
