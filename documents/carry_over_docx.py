"""The carry-over agenda draft as a Word document, for the meeting: the open tasks of
earlier meetings (``models.carry_over``), with a column the meeting fills in."""

from __future__ import annotations

from datetime import date

from documents.report_docx import _Writer
from models.carry_over import CarryItem
from models.i18n import format_date, label, register, t


def carry_over_docx(items: list[CarryItem], unit_name: str, day: date, lang: str) -> bytes:
    w = _Writer(lang)
    w.paragraph(unit_name.upper(), bold=True, align="left")
    w.paragraph(t("carry.doc.title", lang).upper(), bold=True, align="center", size=14)
    w.paragraph(t("carry.doc.subtitle", lang, day=format_date(day)), italic=True, align="center")
    w.paragraph(t("carry.doc.intro", lang, n=len(items)), indent=True)
    rows = [
        [
            i,
            f"{x.title} ({x.document}, #{x.task_id})",
            x.lead,
            format_date(x.due_on) if x.due_on else "—",
            f"{label(x.status.status, lang)}; {x.progress}%",
            x.last_note or "",
            _decided(x, lang),
        ]
        for i, x in enumerate(items, 1)
    ]
    headers = [
        t("col.no", lang),
        t("col.title", lang),
        t("col.lead", lang),
        t("col.deadline", lang),
        t("col.status", lang),
        t("carry.col.note", lang),
        t("carry.col.decision", lang),
    ]
    if rows:
        w.table(headers, rows, [9, 45, 24, 20, 24, 25, 18])
    else:
        w.paragraph(t("report.none", lang), indent=True)
    return w.save()


def _decided(item: CarryItem, lang: str) -> str:
    if item.decision is None:
        return ""
    text = t(f"CarryDecision.{item.decision.value}", lang)
    return f"{text} ({format_date(item.new_due_on)})" if item.new_due_on else text


register(
    {
        "carry.doc.title": {"vi": "Dự thảo nội dung chuyển tiếp", "en": "Carry-over agenda draft"},
        "carry.doc.subtitle": {
            "vi": "Các nhiệm vụ chưa hoàn thành của các cuộc họp trước, tính đến ngày {day}",
            "en": "Open tasks of earlier meetings as of {day}",
        },
        "carry.doc.intro": {
            "vi": "Có {n} nhiệm vụ chưa hoàn thành; đề nghị hội nghị xem xét từng nhiệm vụ:"
            " tiếp tục thực hiện, điều chỉnh thời hạn hoặc kết thúc.",
            "en": "{n} tasks are still open; the meeting decides on each: continue, set a new"
            " deadline, or close.",
        },
        "carry.col.note": {"vi": "Ghi chú gần nhất", "en": "Latest note"},
        "carry.col.decision": {"vi": "Hội nghị quyết định", "en": "Meeting's decision"},
    }
)
