"""The duty compliance sheet: per unit, its duty periods by status and the on-time rate,
over the periods that end in a date range (a year for ``dondoc report compliance``, a
quarter, half-year or year picked on the web's reports page). One table for both doors,
written as XLSX by ``documents.sheet_writer`` like every other sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from documents.sheet_writer import SheetTable, scope_line, write_workbook
from models.duty_queries import compliance, duty_rows
from models.duty_status import DutyStatus
from models.i18n import label, register, t
from models.sqlread import Reader


@dataclass(frozen=True)
class ComplianceTable:
    keys: list[str]
    headers: list[str]
    rows: list[list[Any]]


def compliance_table(
    reader: Reader,
    lang: str,
    day: date,
    start: date,
    end: date,
    unit_ids: list[int] | None = None,
) -> ComplianceTable:
    """Units as rows; a column per duty status, then the on-time rate (a fraction)."""
    found = duty_rows(reader, day, unit_ids=unit_ids, period_end_from=start, period_end_to=end)
    statuses = list(DutyStatus)
    keys = ["unit", "name", *[st.value for st in statuses], "on_time_rate"]
    headers = [
        t("col.unit", lang),
        t("col.name", lang),
        *[label(st, lang) for st in statuses],
        t("col.compliance", lang),
    ]
    rows = [
        [c.unit_code, c.unit_name, *[c.counts[st] for st in statuses], c.rate]
        for c in compliance(found)
    ]
    return ComplianceTable(keys, headers, rows)


def compliance_xlsx(table: ComplianceTable, title: str, lang: str, day: date) -> bytes:
    """The table as a one-sheet workbook (rates as percent cells)."""
    import io

    percent = frozenset(i for i, k in enumerate(table.keys) if k == "on_time_rate")
    sheet = SheetTable(
        t("sheet.compliance", lang),
        title,
        scope_line(lang, None, day),
        table.headers,
        table.rows,
        percent_columns=percent,
    )
    stream = io.BytesIO()
    write_workbook(stream, [sheet])
    return stream.getvalue()


register(
    {
        "sheet.compliance": {"vi": "Nộp đúng hạn", "en": "On-time delivery"},
        "report.compliance_title": {
            "vi": "Tỷ lệ nộp báo cáo đúng hạn năm {year}, tính đến {day}",
            "en": "Duties delivered on time in {year}, as of {day}",
        },
        "report.compliance_period_title": {
            "vi": "Tỷ lệ nộp báo cáo đúng hạn {period}, tính đến {day}",
            "en": "Duties delivered on time in {period}, as of {day}",
        },
    }
)
