"""The XLSX appendix of the periodic report: the same figures, one sheet per table."""

from __future__ import annotations

import io
from datetime import date

import models.row_texts  # noqa: F401  (the column names)
from documents.sheet_writer import SheetTable, scope_line, write_workbook
from models.duty_status import DutyStatus
from models.i18n import register, t
from models.period_statistics import REPORTED_STATUSES, PeriodFigures
from models.periods import period_words


def period_appendix_xlsx(figures: PeriodFigures, lang: str, scope: str | None) -> bytes:
    day = date.fromisoformat(figures.as_of)
    words = period_words(figures.period_key, lang)
    sub = scope_line(lang, scope, day)

    def title(key: str) -> str:
        return t("appendix.title", lang, what=t(key, lang), period=words)

    units = SheetTable(
        t("sheet.units", lang),
        title("appendix.units"),
        sub,
        [
            t("col.unit", lang),
            t("col.name", lang),
            *(t(f"TaskStatus.{s.value}", lang) for s in REPORTED_STATUSES),
            t("col.on_time_rate", lang),
            t("col.overdue_share", lang),
        ],
        [
            [
                u.code,
                ("  " * u.depth) + u.name,
                *(u.counts.get(s.value, 0) for s in REPORTED_STATUSES),
                u.on_time_rate,
                u.overdue_share,
            ]
            for u in figures.units
        ],
        percent_columns=frozenset({6, 7}),
        wide_columns=frozenset({1}),
    )
    overdue = SheetTable(
        t("sheet.overdue_title", lang),
        title("appendix.overdue"),
        sub,
        [
            t("col.id", lang),
            t("col.document", lang),
            t("col.ref", lang),
            t("col.title", lang),
            t("col.lead", lang),
            t("col.name", lang),
            t("col.deadline", lang),
            t("col.days_overdue", lang),
        ],
        [
            [
                o.task_id,
                o.document,
                o.ref,
                o.title,
                o.lead_code,
                o.lead_name,
                date.fromisoformat(o.due_on),
                o.days,
            ]
            for o in figures.overdue
        ],
        wide_columns=frozenset({3}),
    )
    extensions = SheetTable(
        t("appendix.extensions_sheet", lang),
        title("appendix.extensions"),
        sub,
        [
            t("col.id", lang),
            t("col.title", lang),
            t("col.original_deadline", lang),
            t("col.new_deadline", lang),
            t("col.approved_on", lang),
            t("col.approver", lang),
            t("col.reason", lang),
        ],
        [
            [
                e.task_id,
                e.title,
                date.fromisoformat(e.previous_due_on),
                date.fromisoformat(e.new_due_on),
                date.fromisoformat(e.approved_on),
                e.approver,
                e.reason,
            ]
            for e in figures.extensions
        ],
        wide_columns=frozenset({1, 6}),
    )
    statuses = list(DutyStatus)
    duties = SheetTable(
        t("sheet.duties", lang),
        title("appendix.duties"),
        sub,
        [
            t("col.unit", lang),
            t("col.name", lang),
            *(t(f"DutyStatus.{s.value}", lang) for s in statuses),
            t("col.compliance", lang),
        ],
        [
            [d.unit_code, d.unit_name, *(d.counts.get(s.value, 0) for s in statuses), d.rate]
            for d in figures.duties
        ],
        percent_columns=frozenset({2 + len(statuses)}),
        wide_columns=frozenset({1}),
    )
    buffer = io.BytesIO()
    write_workbook(buffer, [units, overdue, extensions, duties])
    return buffer.getvalue()


register(
    {
        "appendix.title": {"vi": "Phụ lục: {what}, {period}", "en": "Appendix: {what}, {period}"},
        "appendix.units": {"vi": "nhiệm vụ theo đơn vị", "en": "tasks by unit"},
        "appendix.overdue": {"vi": "nhiệm vụ quá hạn", "en": "overdue tasks"},
        "appendix.extensions": {"vi": "gia hạn trong kỳ", "en": "extensions granted"},
        "appendix.extensions_sheet": {"vi": "Gia hạn", "en": "Extensions"},
        "appendix.duties": {"vi": "chế độ báo cáo, sinh hoạt", "en": "reports and meetings owed"},
        "col.ref": {"vi": "STT", "en": "Ref"},
        "col.approved_on": {"vi": "Ngày duyệt", "en": "Approved on"},
        "col.approver": {"vi": "Người duyệt", "en": "Approved by"},
    }
)
