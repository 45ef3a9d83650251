"""Duty submissions in bulk from a sheet, and meetings that meet the meeting duty."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook

from models.duty_queries import duty_rows
from models.duty_status import DutyStatus
from models.sqlread import SqlAlchemyReader
from tests.snapshot import snapshot

UNITS = [f"CB0{n}" for n in range(2, 10)]


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mẫu ghi nhận nộp báo cáo"])  # a title above the header, as templates have
    sheet.append([])
    sheet.append(["Đơn vị", "Nghĩa vụ", "Kỳ", "Ngày nộp", "Số, ký hiệu văn bản", "Người nộp"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _rows(db_url: str, as_of: date, **where: Any) -> list[Any]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return duty_rows(SqlAlchemyReader(connection), as_of, **where)
    finally:
        engine.dispose()


def test_bulk_submissions_are_all_or_nothing(
    dondoc: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    dondoc("demo", "load")
    good = [[u, "SH-CHIBO", "2024-02", date(2024, 2, 26), f"BB-{u}", "trang.nt"] for u in UNITS]
    good[0][2] = date(2024, 2, 1)  # Excel turned "2024-02" into a date: still that month
    bad = [list(r) for r in good]
    bad[3][0] = "CB99"
    bad[5][3] = "31/02/2024"
    engine = sa.create_engine(db_url)
    before = snapshot(engine)
    result = dondoc(
        "--lang",
        "en",
        "import",
        "duty-submissions",
        str(_sheet(tmp_path / "bad.xlsx", bad)),
        ok=False,
    )
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert (
        "row 7, field «Kỳ»: No duty period (code / unit / period) «SH-CHIBO / CB99 / 2024-02»"
        in text
    )
    assert "row 9, field «Ngày nộp»: «31/02/2024»: no such date" in text
    assert snapshot(engine) == before
    engine.dispose()
    result = dondoc("import", "duty-submissions", str(_sheet(tmp_path / "good.xlsx", good)))
    assert "submissions.created=8" in result.output
    rows = _rows(db_url, date(2024, 7, 15), period_key="2024-02", duty_code="SH-CHIBO")
    delivered = {r.unit_code: (r.submitted_on, r.reference, r.status.status) for r in rows}
    for unit in UNITS:
        assert delivered[unit] == (date(2024, 2, 26), f"BB-{unit}", DutyStatus.SUBMITTED_ON_TIME)
    again = dondoc("import", "duty-submissions", str(tmp_path / "good.xlsx"))
    assert "không có thay đổi" in " ".join(again.output.split())
    moved = [list(r) for r in good]
    moved[1][3] = date(2024, 2, 27)
    result = dondoc(
        "--lang",
        "en",
        "import",
        "duty-submissions",
        str(_sheet(tmp_path / "moved.xlsx", moved)),
        ok=False,
    )
    assert "row 5, field «Ngày nộp»: already recorded as delivered on 26/02/2024" in " ".join(
        result.output.split()
    )


def test_a_sub_branch_meeting_meets_the_meeting_duty(
    dondoc: Callable[..., Any], db_url: str
) -> None:
    dondoc("demo", "load")
    where = {"period_key": "2024-05", "duty_code": "SH-CHIBO"}
    (before,) = [r for r in _rows(db_url, date(2024, 7, 15), **where) if r.unit_code == "CB03"]
    assert before.status.status is DutyStatus.OVERDUE
    dondoc(
        "meeting-add",
        "--unit",
        "CB03",
        "--date",
        "2024-05-10",
        "--title",
        "Sinh hoạt chi bộ tháng 5",
    )
    rows = {r.unit_code: r for r in _rows(db_url, date(2024, 7, 15), **where)}
    met = rows["CB03"]
    assert (met.submitted_on, met.reference) == (date(2024, 5, 10), "Sinh hoạt chi bộ tháng 5")
    assert met.status.status is DutyStatus.SUBMITTED_ON_TIME
    assert rows["CB04"].status.status is DutyStatus.OVERDUE  # only the unit that met
    # As of a day before the meeting it was not yet held; another month is not met by it.
    (early,) = [r for r in _rows(db_url, date(2024, 5, 9), **where) if r.unit_code == "CB03"]
    assert early.status.status is DutyStatus.PENDING
    june = _rows(db_url, date(2024, 7, 15), period_key="2024-06", duty_code="SH-CHIBO")
    assert {r.unit_code: r.status.status for r in june}["CB03"] is DutyStatus.OVERDUE
    # The report duty of the same unit is not met by a meeting.
    quarter = _rows(db_url, date(2024, 7, 15), period_key="2024-Q2", duty_code="BC-QUY")
    assert {r.unit_code: r.status.status for r in quarter}["CB03"] is DutyStatus.OVERDUE
    listed = dondoc(
        "--lang",
        "en",
        "report",
        "duties",
        "--period",
        "2024-05",
        "--duty",
        "SH-CHIBO",
        "--unit",
        "CB03",
        "--format",
        "json",
        "--as-of",
        "2024-07-15",
    )
    (item,) = json.loads(listed.output)
    assert (item["submitted"], item["status"]) == ("2024-05-10", "Submitted on time")
