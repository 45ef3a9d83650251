"""Files the upload tests send: a task spreadsheet of the office's size (50 rows), with
or without two mistakes a clerk makes (a unit code typed short, a date that does not
exist), and a duty submissions sheet."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

HEADERS = [
    "Loại văn bản",
    "Số văn bản",
    "Cơ quan ban hành",
    "Ngày ban hành",
    "Trích yếu",
    "STT",
    "Nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Thời hạn",
]
NUMBER = "15-KH/ĐU"
BODY = "Đảng ủy Cục Sở hữu trí tuệ"
UNITS = ["CB01", "CB02", "CB03", "CB04", "CB05", "CB06", "CB07", "CB08", "CB09", "VP-DU"]
BAD_LEAD_ROW, BAD_DATE_ROW = 9, 33  # sheet rows (the header is row 1)


def task_rows(count: int = 50, *, mistakes: bool = False) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for n in range(1, count + 1):
        lead = UNITS[n % len(UNITS)]
        deadline = f"{(n % 28) + 1:02d}/{(n % 5) + 8:02d}/2024"
        rows.append(
            [
                "Kế hoạch",
                NUMBER,
                BODY,
                "10/07/2024",
                "Kế hoạch thực hiện Nghị quyết 6 tháng cuối năm 2024",
                str(n),
                f"Nhiệm vụ số {n} của kế hoạch",
                lead,
                "VP-DU" if lead != "VP-DU" else "CB01",
                deadline,
            ]
        )
    if mistakes:
        rows[BAD_LEAD_ROW - 2][7] = "cb2"  # the clerk meant CB02
        rows[BAD_DATE_ROW - 2][9] = "31/02/2024"  # no such day
    return rows


def task_sheet(count: int = 50, *, mistakes: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in task_rows(count, mistakes=mistakes):
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def task_csv(count: int = 3) -> bytes:
    lines = [",".join(HEADERS)] + [",".join(row) for row in task_rows(count)]
    return ("\n".join(lines) + "\n").encode("utf-8")
