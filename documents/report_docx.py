"""The periodic report drafted as a Word document, in the layout of Party documents.

Hướng dẫn 36-HD/VPTW: A4, margins 20/20/30/15 mm, Times New Roman; a two-column header
with the body above and the issuing body (bold) over a star and the number on the left,
"ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined) over the place and date (italic) on the
right; the kind of document and its title centred; the body; "Nơi nhận" on the left and
the signature block ("T/M ĐẢNG ỦY / BÍ THƯ") on the right. Written with python-docx;
returns bytes so the command line writes a file and the web can send the same.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import models.row_texts  # noqa: F401  (column names shared with every door)
from documents.sheet_writer import csv_value, show_date
from models.directory_queries import Heading
from models.i18n import register, t
from models.period_statistics import REPORTED_STATUSES, Change, PeriodFigures
from models.periods import period_words

FONT = "Times New Roman"
BODY_PT = 13


@dataclass(frozen=True)
class ReportHeading:
    heading: Heading
    number: str  # "15-BC/ĐU", or blank for the office to fill in
    place: str
    signed_on: date


def _date_line(place: str, day: date, lang: str) -> str:
    return t(
        "report.place_date",
        lang,
        place=place,
        d=day.day,
        m=day.month,
        y=day.year,
        iso=day.isoformat(),
    )


def _show(iso: str, lang: str) -> str:
    """An ISO date from the (JSON-frozen) figures, as the reader writes dates."""
    return show_date(date.fromisoformat(iso), lang)


def _pct(value: float | None, lang: str) -> str:
    """A rate as the sheets write it (50,0% in Vietnamese, 50.0% in English)."""
    return "-" if value is None else csv_value(value, lang, percent=True)


def _set_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Column widths both in the grid (LibreOffice reads it) and on every cell (Word)."""
    from docx.shared import Mm

    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


class _Writer:
    def __init__(self, lang: str) -> None:
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.lang = lang
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_after = Pt(3)

    def paragraph(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: str = "justify",
        indent: bool = False,
        underline: bool = False,
        container: Any = None,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[align]
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1)
        if bold:  # a heading stays with what it introduces
            paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(3)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size is not None:
                run.font.size = Pt(size)
        return paragraph

    def heading_block(self, head: ReportHeading, title: str, subtitle: str) -> None:

        lang = self.lang
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        _set_widths(table, (90, 75))
        left, right = table.rows[0].cells
        if head.heading.parent_name:  # the body above: smaller, so it fits one line
            self._cell_line(left, head.heading.parent_name.upper(), first=True, size=11.5)
        self._cell_line(
            left, head.heading.name.upper(), bold=True, first=not head.heading.parent_name
        )
        self._cell_line(left, "*")
        self._cell_line(left, t("report.number", lang, number=head.number))
        self._cell_line(right, t("report.party", lang), bold=True, underline=True, first=True)
        self._cell_line(right, "")
        self._cell_line(right, _date_line(head.place, head.signed_on, lang), italic=True)
        self.paragraph()
        self.paragraph(title, bold=True, size=15, align="center")
        self.paragraph(subtitle, bold=True, size=14, align="center")
        self.paragraph("-----", align="center")

    def _cell_line(
        self,
        cell: Any,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        first: bool = False,
        size: float = BODY_PT,
    ) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths_mm: Sequence[float]
    ) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        for index, header in enumerate(headers):
            cell = table.rows[0].cells[index]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True  # never alone at a page foot
            run = paragraph.add_run(header)
            run.bold = True
            run.font.size = Pt(11)
        for values in rows:
            cells = table.add_row().cells
            for index, value in enumerate(values):
                paragraph = cells[index].paragraphs[0]
                numeric = isinstance(value, int) or value == "-" or str(value).endswith("%")
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if numeric else WD_ALIGN_PARAGRAPH.LEFT
                )
                run = paragraph.add_run("" if value is None else str(value))
                run.font.size = Pt(11)
        _set_widths(table, widths_mm)
        self.paragraph()

    def signature(self, head: ReportHeading, recipients: Sequence[str]) -> None:
        from docx.shared import Pt

        lang = self.lang
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        _set_widths(table, (80, 85))
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        run = first.add_run(t("report.recipients", lang))
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for line in recipients:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"- {line}").font.size = Pt(11)
        self._cell_line(right, t("report.on_behalf", lang), bold=True, first=True)
        self._cell_line(right, t("report.secretary", lang), bold=True)
        for _ in range(3):
            self._cell_line(right, "")
        self._cell_line(right, head.heading.manager_name or "", bold=True)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _status_rows(figures: PeriodFigures, lang: str) -> list[list[Any]]:
    rows = []
    for unit in figures.units:
        counts = [unit.counts.get(s.value, 0) for s in REPORTED_STATUSES]
        indent = "    " * unit.depth
        rows.append([f"{indent}{unit.name} ({unit.code})", *counts, _pct(unit.on_time_rate, lang)])
    return rows


def _change_text(change: Change, lang: str) -> str:
    if change.what.startswith(("TaskStatus.", "DutyStatus.")):
        return t(
            "change.count",
            lang,
            subject=change.subject,
            what=t(change.what, lang),
            before=change.before,
            after=change.after,
        )
    return t(
        change.what,
        lang,
        subject=change.subject,
        before=_show(change.before, lang) if change.before else "",
        after=_show(change.after, lang) if change.after else "",
    )


def _explanations_part(w: _Writer, figures: PeriodFigures, lang: str) -> None:
    """The explanation requests asked within the period and their answers (yêu cầu giải
    trình): after the extensions, before the duties."""
    given = figures.explanations
    w.paragraph(t("report.explanations_heading", lang, n=len(given)), bold=True, italic=True)
    if not given:
        w.paragraph(t("report.none", lang), indent=True)
        return
    rows = [
        [
            i,
            x.title,
            x.lead,
            t(
                "report.explanation_asked",
                lang,
                day=_show(x.asked_on, lang),
                who=x.asked_by,
                reason=t(f"explain.reason.{x.reason}", lang),
            ),
            _show(x.due_on, lang),
            f"{_show(x.answered_on, lang)}: {x.answer}"
            + (t("report.explanation_files", lang, names="; ".join(x.files)) if x.files else "")
            if x.answered_on
            else t("report.explanation_none", lang),
        ]
        for i, x in enumerate(given, 1)
    ]
    w.table(
        [
            t("col.no", lang),
            t("col.title", lang),
            t("col.lead", lang),
            t("report.explanation_request", lang),
            t("report.explanation_due", lang),
            t("report.explanation_answer", lang),
        ],
        rows,
        [10, 40, 26, 33, 20, 36],
    )


def period_report_docx(
    figures: PeriodFigures,
    head: ReportHeading,
    lang: str,
    *,
    frozen_on: date | None = None,
    changes: Sequence[Change] = (),
) -> bytes:
    """The drafted report for ``figures`` as .docx bytes."""
    from models.duty_status import DutyStatus

    w = _Writer(lang)
    words = period_words(figures.period_key, lang)
    w.heading_block(head, t("report.kind", lang), t("report.subject", lang, period=words))
    total = figures.totals()
    top = [u for u in figures.units if u.depth == 0]
    done = total["done_on_time"] + total["done_late"]
    rate = _pct(total["done_on_time"] / done, lang) if done else t("report.no_rate", lang)
    w.paragraph(
        t(
            "report.window",
            lang,
            start=_show(figures.window_start, lang),
            end=_show(figures.window_end, lang),
            as_of=_show(figures.as_of, lang),
        ),
        indent=True,
    )
    w.paragraph(t("report.section_tasks", lang), bold=True)
    w.paragraph(
        t("report.tasks_summary", lang, total=sum(total.values()), rate=rate, **total), indent=True
    )
    if len(top) > 1:
        w.paragraph(t("report.several_roots", lang), italic=True, indent=True)
    w.paragraph(t("report.by_unit", lang), bold=True, italic=True)
    headers = [
        t("col.unit", lang),
        *(t(f"TaskStatus.{s.value}", lang) for s in REPORTED_STATUSES),
        t("col.on_time_rate", lang),
    ]
    if figures.units:
        w.table(headers, _status_rows(figures, lang), [55, 22, 22, 22, 22, 22])
    else:
        w.paragraph(t("report.none", lang), indent=True)
    w.paragraph(t("report.overdue_heading", lang, n=len(figures.overdue)), bold=True, italic=True)
    if figures.overdue:
        rows = [
            [
                i,
                o.title,
                f"{o.document} ({o.ref})",
                f"{o.lead_name} ({o.lead_code})",
                _show(o.due_on, lang),
                o.days,
            ]
            for i, o in enumerate(figures.overdue, 1)
        ]
        w.table(
            [
                t("col.no", lang),
                t("col.title", lang),
                t("col.document", lang),
                t("col.lead", lang),
                t("col.deadline", lang),
                t("col.days_overdue", lang),
            ],
            rows,
            [10, 58, 28, 30, 22, 17],
        )
    else:
        w.paragraph(t("report.none", lang), indent=True)
    w.paragraph(
        t("report.extensions_heading", lang, n=len(figures.extensions)), bold=True, italic=True
    )
    if figures.extensions:
        rows = [
            [
                i,
                e.title,
                _show(e.previous_due_on, lang),
                _show(e.new_due_on, lang),
                f"{_show(e.approved_on, lang)}, {e.approver}",
                e.reason,
            ]
            for i, e in enumerate(figures.extensions, 1)
        ]
        w.table(
            [
                t("col.no", lang),
                t("col.title", lang),
                t("col.original_deadline", lang),
                t("col.new_deadline", lang),
                t("col.approved", lang),
                t("col.reason", lang),
            ],
            rows,
            [10, 50, 22, 22, 31, 30],
        )
    else:
        w.paragraph(t("report.none", lang), indent=True)
    _explanations_part(w, figures, lang)
    w.paragraph(t("report.section_duties", lang), bold=True)
    duty_statuses = (
        DutyStatus.SUBMITTED_ON_TIME,
        DutyStatus.SUBMITTED_LATE,
        DutyStatus.OVERDUE,
        DutyStatus.PENDING,
        DutyStatus.WAIVED,
    )
    if figures.duties:
        rows = [
            [
                d.unit_name + f" ({d.unit_code})",
                *(d.counts.get(s.value, 0) for s in duty_statuses),
                _pct(d.rate, lang),
            ]
            for d in figures.duties
        ]
        w.table(
            [
                t("col.unit", lang),
                *(t(f"DutyStatus.{s.value}", lang) for s in duty_statuses),
                t("col.compliance", lang),
            ],
            rows,
            [50, 19, 19, 19, 19, 19, 20],
        )
    else:
        w.paragraph(t("report.none", lang), indent=True)
    if frozen_on is not None:
        w.paragraph(t("report.section_changes", lang), bold=True)
        frozen = show_date(frozen_on, lang)
        end = _show(figures.window_end, lang)
        w.paragraph(t("report.frozen", lang, end=end, day=frozen), indent=True)
        for change in changes:
            w.paragraph(f"- {_change_text(change, lang)}", indent=True)
        if not changes:
            w.paragraph(t("report.no_changes", lang), indent=True)
    w.paragraph()
    w.signature(
        head,
        [t("report.to_superior", lang), t("report.to_units", lang), t("report.to_archive", lang)],
    )
    return w.save()


register(
    {
        "report.place_date": {
            "vi": "{place}, ngày {d} tháng {m} năm {y}",
            "en": "{place}, {iso}",
        },
        "report.number": {"vi": "Số: {number}", "en": "No. {number}"},
        "report.party": {"vi": "ĐẢNG CỘNG SẢN VIỆT NAM", "en": "COMMUNIST PARTY OF VIETNAM"},
        "report.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
        "report.subject": {
            "vi": "tình hình thực hiện nghị quyết, chỉ thị, kết luận {period}",
            "en": "on carrying out the committee's resolutions in {period}",
        },
        "report.window": {
            "vi": "Số liệu tính từ ngày {start} đến ngày {end}; tình trạng nhiệm vụ tính đến"
            " ngày {as_of}.",
            "en": "Figures cover {start} to {end}; task status as of {as_of}.",
        },
        "report.section_tasks": {
            "vi": "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
            "en": "I. PROGRESS ON THE TASKS",
        },
        "report.tasks_summary": {
            "vi": "Trong kỳ có {total} nhiệm vụ đến hạn: hoàn thành đúng hạn {done_on_time},"
            " hoàn thành quá hạn {done_late}, đang thực hiện trong hạn {in_progress}, quá hạn"
            " {overdue}. Tỷ lệ hoàn thành đúng hạn: {rate}.",
            "en": "{total} tasks fell due in the period: {done_on_time} done on time,"
            " {done_late} done late, {in_progress} in progress on time, {overdue} overdue."
            " On-time rate: {rate}.",
        },
        "report.several_roots": {
            "vi": "(Cộng các đơn vị cấp cao nhất trong bảng.)",
            "en": "(Sum over the top-level units in the table.)",
        },
        "report.by_unit": {"vi": "1. Theo đơn vị", "en": "1. By unit"},
        "report.overdue_heading": {
            "vi": "2. Nhiệm vụ quá hạn ({n})",
            "en": "2. Overdue tasks ({n})",
        },
        "report.explanations_heading": {
            "vi": "Yêu cầu giải trình trong kỳ ({n}):",
            "en": "Explanations requested in the period ({n}):",
        },
        "report.explanation_asked": {
            "vi": "{day}, {who} (nhiệm vụ {reason})",
            "en": "{day}, {who} (task {reason})",
        },
        "report.explanation_request": {"vi": "Yêu cầu", "en": "Requested"},
        "report.explanation_due": {"vi": "Hạn trả lời", "en": "Answer due"},
        "report.explanation_answer": {"vi": "Giải trình", "en": "Explanation"},
        "report.explanation_files": {
            "vi": " (tệp kèm theo: {names})",
            "en": " (files attached: {names})",
        },
        "report.explanation_none": {"vi": "Chưa trả lời", "en": "Not answered"},
        "report.extensions_heading": {
            "vi": "3. Nhiệm vụ được gia hạn trong kỳ ({n})",
            "en": "3. Extensions granted in the period ({n})",
        },
        "report.none": {"vi": "Không có.", "en": "None."},
        "report.no_rate": {
            "vi": "chưa tính được (chưa có nhiệm vụ hoàn thành)",
            "en": "not yet known (no task done)",
        },
        "report.section_duties": {
            "vi": "II. THỰC HIỆN CHẾ ĐỘ BÁO CÁO, SINH HOẠT ĐỊNH KỲ",
            "en": "II. REPORTS AND MEETINGS OWED BY THE UNITS",
        },
        "report.section_changes": {
            "vi": "III. THAY ĐỔI SAU NGÀY CHỐT SỐ LIỆU",
            "en": "III. CHANGES SINCE THE FIGURES WERE FROZEN",
        },
        "report.frozen": {
            "vi": "Số liệu trên tính đến hết ngày {end} (hết kỳ số liệu), chốt ngày {day}."
            " Các thay đổi ghi nhận sau ngày chốt (chưa tính vào số liệu trên):",
            "en": "The figures above stand as of {end}, the end of the data window, frozen on"
            " {day}. Changes recorded since (not in the figures above):",
        },
        "report.no_changes": {"vi": "Không có thay đổi.", "en": "No changes."},
        "change.count": {
            "vi": "{subject}: {what} {before} → {after}",
            "en": "{subject}: {what} {before} → {after}",
        },
        "change.no_longer_overdue": {
            "vi": "«{subject}» không còn quá hạn",
            "en": "«{subject}» is no longer overdue",
        },
        "change.newly_overdue": {
            "vi": "«{subject}» nay được ghi nhận quá hạn",
            "en": "«{subject}» is now recorded as overdue",
        },
        "change.extension_added": {
            "vi": "«{subject}» được gia hạn từ {before} đến {after}",
            "en": "«{subject}» extended from {before} to {after}",
        },
        "report.recipients": {"vi": "Nơi nhận:", "en": "To:"},
        "report.to_superior": {"vi": "Đảng ủy cấp trên (để b/c),", "en": "the superior committee,"},
        "report.to_units": {"vi": "Các chi bộ trực thuộc,", "en": "the sub-branches,"},
        "report.to_archive": {"vi": "Lưu Văn phòng Đảng ủy.", "en": "the office's archive."},
        "report.on_behalf": {"vi": "T/M ĐẢNG ỦY", "en": "FOR THE COMMITTEE"},
        "report.secretary": {"vi": "BÍ THƯ", "en": "SECRETARY"},
        "col.no": {"vi": "TT", "en": "No."},
        "col.days_overdue": {"vi": "Số ngày quá hạn", "en": "Days overdue"},
        "col.new_deadline": {"vi": "Thời hạn mới", "en": "New deadline"},
        "col.approved": {"vi": "Ngày, người duyệt", "en": "Approved (on, by)"},
        "col.reason": {"vi": "Lý do", "en": "Reason"},
    }
)
