"""An explanation request counts in the year-end emulation's XLSX (both backends; the
demo committee on 15/07/2024, task 7 overdue and led by bay.nv of DU-SHTT)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from tests.web.conftest import Web, csrf_of

LATE = 7


def _column(client: Any, sheet: str, key_column: str, key: str) -> Any:
    """The explanations column's cell on the row whose ``key_column`` holds ``key``."""
    book = load_workbook(BytesIO(client.get("/emulation.xlsx?year=2024").content))
    rows = list(book[sheet].iter_rows(values_only=True))
    (header_at,) = [i for i, row in enumerate(rows) if "Yêu cầu giải trình" in row]
    header = rows[header_at]
    (row,) = [r for r in rows[header_at + 1 :] if r[header.index(key_column)] == key]
    return row[header.index("Yêu cầu giải trình")]


def test_a_request_counts_for_the_lead_and_the_unit_in_the_emulation_sheet(web: Web) -> None:
    secretary = web.sign_in("long.lh")
    assert _column(secretary, "Cá nhân", "Cá nhân", "bay.nv") == 0
    assert _column(secretary, "Đơn vị", "Đơn vị", "DU-SHTT") == 0
    csrf = csrf_of(secretary.get(f"/tasks/{LATE}").text)
    asked = secretary.post(f"/explain/tasks/{LATE}", data={"csrf": csrf, "due_on": "22/07/2024"})
    assert asked.status_code == 200
    assert _column(secretary, "Cá nhân", "Cá nhân", "bay.nv") == 1
    assert _column(secretary, "Đơn vị", "Đơn vị", "DU-SHTT") == 1
