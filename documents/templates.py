"""Blank workbooks to fill in: a task list and a duty-submissions sheet.

Each has the headers the importer reads, drop-down lists of the current directory's
units, people, document kinds (and duties, periods), a filled example row that imports
as it is, and an instructions sheet. Plain functions that return bytes, so the command
line writes a file and the web can send the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from documents.duty_submissions import REQUIRED as SUBMISSION_REQUIRED
from documents.duty_submissions import SUBMISSION_COLUMNS
from documents.sheet_writer import SheetTable, fill_sheet, put, show_date
from documents.task_columns import REQUIRED_FIELDS, TASK_COLUMNS, Column
from models import directory_queries as directory
from models.duty_queries import duty_rows
from models.duty_status import OUTSTANDING
from models.i18n import label, register, t
from models.kinds import DocumentKind
from models.sqlread import Reader

TEMPLATE_ROWS = 500  # rows that get the drop-downs
TASK_TEMPLATE_COLUMNS = tuple(c for c in TASK_COLUMNS if c.importable)


def _pick_list(sheet: Any, column: int, title: str, values: Sequence[str]) -> str | None:
    """Write a list on the lists sheet; the range a drop-down refers to, or None if empty."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    put(sheet, 1, column, title).font = Font(bold=True)
    for offset, value in enumerate(values, start=2):
        put(sheet, offset, column, value)  # names come from the directory: never a formula
    sheet.column_dimensions[get_column_letter(column)].width = 28
    if not values:
        return None
    letter = get_column_letter(column)
    return f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"


def _drop_down(
    sheet: Any, source: str | None, column: int, first_row: int, lang: str, *, strict: bool
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if source is None:
        return
    rule = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
    rule.showErrorMessage = strict  # co-owners hold several codes: offer, do not insist
    rule.errorTitle = t("template.pick_title", lang)
    rule.error = t("template.pick_error", lang)
    letter = get_column_letter(column)
    rule.add(f"{letter}{first_row}:{letter}{first_row + TEMPLATE_ROWS}")
    sheet.add_data_validation(rule)


def _instructions(
    workbook: Any, lang: str, columns: Sequence[Column], required: Sequence[str], intro: str
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(t("template.instructions", lang))
    put(sheet, 1, 1, t("template.instructions", lang)).font = Font(bold=True, size=14)
    put(sheet, 2, 1, intro).alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A2:C2")
    sheet.row_dimensions[2].height = 60
    for index, name in enumerate(
        ("template.col_column", "template.col_required", "template.col_how"), start=1
    ):
        cell = put(sheet, 4, index, t(name, lang))
        cell.font = Font(bold=True)
    for offset, column in enumerate(columns, start=5):
        put(sheet, offset, 1, column.header(lang)).font = Font(bold=True)
        needed = "template.yes" if column.field in required else "template.no"
        put(sheet, offset, 2, t(needed, lang))
        how = put(sheet, offset, 3, t(f"template.help.{column.field}", lang))
        how.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def task_template(reader: Reader, lang: str, today: date) -> bytes:
    """The task-list template for the current directory, as XLSX bytes."""
    from openpyxl import Workbook

    units, people = directory.units(reader), directory.people(reader)
    committee = next((u for u in units if u.kind == "committee"), units[0] if units else None)
    lead = next((u for u in units if u.kind == "sub_branch"), committee)
    example: dict[str, Any] = {
        "document_kind": label(DocumentKind.PLAN, lang),
        "document_number": t("template.example_number", lang),
        "issuing_body": committee.name if committee else "",
        "issued_on": today,
        "document_title": t("template.example_document", lang),
        "ref": "1",
        "title": t("template.example_task", lang),
        "lead": lead.code if lead else "",
        "co_owners": people[0].code if people else None,
        "deadline": today + timedelta(days=30),
        "progress": 0,
    }
    workbook = Workbook()
    sheet = workbook.active
    table = SheetTable(
        sheet=t("sheet.tasks", lang),
        title=t("template.tasks_title", lang),
        subtitle=t("template.subtitle", lang, day=show_date(today, lang)),
        headers=[c.header(lang) for c in TASK_TEMPLATE_COLUMNS],
        rows=[[example.get(c.field) for c in TASK_TEMPLATE_COLUMNS]],
        wide_columns=frozenset(i for i, c in enumerate(TASK_TEMPLATE_COLUMNS) if c.wide),
    )
    fill_sheet(sheet, table)
    lists = workbook.create_sheet(t("template.lists", lang))
    kinds = _pick_list(
        lists, 1, t("template.list_kinds", lang), [label(k, lang) for k in DocumentKind]
    )
    owners = _pick_list(
        lists,
        2,
        t("template.list_owners", lang),
        [u.code for u in units] + [p.code for p in people],
    )
    names = [u.name for u in units] + [f"{p.name} ({label_role(p.kind, lang)})" for p in people]
    _pick_list(lists, 3, t("template.list_names", lang), names)
    position = {c.field: i + 1 for i, c in enumerate(TASK_TEMPLATE_COLUMNS)}
    first = table.first_row + 1
    _drop_down(sheet, kinds, position["document_kind"], first, lang, strict=True)
    _drop_down(sheet, owners, position["lead"], first, lang, strict=True)
    _drop_down(sheet, owners, position["co_owners"], first, lang, strict=False)
    _instructions(
        workbook, lang, TASK_TEMPLATE_COLUMNS, REQUIRED_FIELDS, t("template.tasks_intro", lang)
    )
    return _save(workbook)


def label_role(role: str, lang: str) -> str:
    from models.org import PersonRole

    return label(PersonRole(role), lang)


def duty_submission_template(reader: Reader, lang: str, today: date) -> bytes:
    """The duty-submissions template, as XLSX bytes; the example is the first period due."""
    from openpyxl import Workbook

    units, people, duties = (
        directory.units(reader),
        directory.people(reader),
        directory.duties(reader),
    )
    outstanding = [r for r in duty_rows(reader, today) if r.status.status in OUTSTANDING]
    rows: list[list[Any]] = []
    if outstanding:  # the example: the period that has waited longest
        first = outstanding[0]
        rows.append(
            [
                first.unit_code,
                first.duty_code,
                first.period_key,
                min(today, first.due_on),
                t("template.example_reference", lang),
                None,
                None,
            ]
        )
    workbook = Workbook()
    sheet = workbook.active
    table = SheetTable(
        sheet=t("template.submissions_sheet", lang),
        title=t("template.submissions_title", lang),
        subtitle=t("template.subtitle", lang, day=show_date(today, lang)),
        headers=[c.header(lang) for c in SUBMISSION_COLUMNS],
        rows=rows,
        wide_columns=frozenset(i for i, c in enumerate(SUBMISSION_COLUMNS) if c.wide),
    )
    fill_sheet(sheet, table)
    lists = workbook.create_sheet(t("template.lists", lang))
    unit_list = _pick_list(lists, 1, t("template.list_units", lang), [u.code for u in units])
    duty_list = _pick_list(lists, 2, t("template.list_duties", lang), [d.code for d in duties])
    period_list = _pick_list(
        lists, 3, t("template.list_periods", lang), directory.period_keys(reader)
    )
    people_list = _pick_list(lists, 4, t("template.list_people", lang), [p.code for p in people])
    names = [f"{d.code}: {d.name}" for d in duties] + [f"{u.code}: {u.name}" for u in units]
    _pick_list(lists, 5, t("template.list_names", lang), names)
    first_row = table.first_row + 1
    for field, source in (
        ("unit", unit_list),
        ("duty", duty_list),
        ("period", period_list),
        ("by", people_list),
    ):
        column = next(i for i, c in enumerate(SUBMISSION_COLUMNS, start=1) if c.field == field)
        _drop_down(sheet, source, column, first_row, lang, strict=True)
    _instructions(
        workbook,
        lang,
        SUBMISSION_COLUMNS,
        SUBMISSION_REQUIRED,
        t("template.submissions_intro", lang),
    )
    return _save(workbook)


_HELP = {
    "document_kind": (
        "Chọn trong danh sách (hoặc ghi mã: resolution, plan...).",
        "Pick from the list (or write the code: resolution, plan...).",
    ),
    "document_number": (
        "Số, ký hiệu văn bản, ví dụ 01-NQ/ĐU.",
        "The document's number, e.g. 01-NQ/ĐU.",
    ),
    "issuing_body": ("Cơ quan ban hành văn bản.", "The body that issued the document."),
    "issued_on": ("Ngày ban hành, dd/mm/yyyy.", "Date of issue, dd/mm/yyyy."),
    "document_title": ("Trích yếu văn bản.", "The document's title."),
    "ref": (
        "Số thứ tự nhiệm vụ trong văn bản (1, 2, 2.a...).",
        "The task's number within the document (1, 2, 2.a...).",
    ),
    "title": ("Tên nhiệm vụ.", "What is to be done."),
    "description": ("Nội dung chi tiết (không bắt buộc).", "Details (optional)."),
    "lead": (
        "Mã một đơn vị hoặc một người chủ trì (chọn trong danh sách).",
        "The code of the one lead unit or person (pick from the list).",
    ),
    "co_owners": (
        "Mã các đơn vị, người phối hợp, cách nhau bởi dấu ; hoặc ,.",
        "Codes of co-operating units or people, separated by ; or ,.",
    ),
    "start_on": ("Ngày bắt đầu (không bắt buộc).", "Start date (optional)."),
    "deadline": (
        "Thời hạn: dd/mm/yyyy, hoặc «+20 ngày làm việc» tính từ ngày ban hành; để"
        " trống nếu là nhiệm vụ thường xuyên.",
        'Deadline: dd/mm/yyyy, or "+20 working days" from the issue date; empty for'
        " a standing task.",
    ),
    "extensions": (
        "Các lần gia hạn, mỗi lần một dòng: thời hạn mới | ngày duyệt | mã người"
        " duyệt | lý do. Chỉ thêm, không sửa được lần đã ghi.",
        "Extensions, one a line: new deadline | approved on | approver code |"
        " reason. Add only; recorded ones cannot change.",
    ),
    "progress": (
        "Tiến độ, 0 đến 100 (ô phần trăm 50% cũng được).",
        "Progress, 0 to 100 (a 50% percentage cell works too).",
    ),
    "completed_on": ("Ngày hoàn thành, nếu đã xong.", "Date completed, if done."),
    "completion_note": ("Ghi chú khi hoàn thành.", "A note on completion."),
    "cancelled_on": ("Ngày hủy, nếu nhiệm vụ bị hủy.", "Date cancelled, if the task was dropped."),
    "cancel_reason": ("Lý do hủy.", "Why it was cancelled."),
    "unit": ("Mã đơn vị nộp (chọn trong danh sách).", "The delivering unit's code (pick one)."),
    "duty": ("Mã nghĩa vụ, ví dụ BC-QUY.", "The duty's code, e.g. BC-QUY."),
    "period": (
        "Kỳ: 2024-Q1, 2024-H1, 2024-03 hoặc 2024.",
        "Period: 2024-Q1, 2024-H1, 2024-03 or 2024.",
    ),
    "submitted_on": (
        "Ngày nộp, dd/mm/yyyy; nộp muộn vẫn ghi (đánh dấu muộn).",
        "Date delivered, dd/mm/yyyy; late ones are recorded as late.",
    ),
    "reference": ("Số, ký hiệu báo cáo hoặc tên tệp.", "The report's number or file name."),
    "by": ("Mã người nộp (không bắt buộc).", "Who delivered it (optional)."),
    "note": ("Ghi chú (không bắt buộc).", "A note (optional)."),
}

register({f"template.help.{k}": {"vi": vi, "en": en} for k, (vi, en) in _HELP.items()})
register(
    {
        "template.tasks_title": {
            "vi": "Mẫu nhập danh sách nhiệm vụ",
            "en": "Task list template",
        },
        "template.submissions_title": {
            "vi": "Mẫu ghi nhận nộp báo cáo, sinh hoạt định kỳ",
            "en": "Duty submissions template",
        },
        "template.subtitle": {
            "vi": "Danh mục lấy ngày {day}; hàng đầu là ví dụ, có thể sửa hoặc xóa",
            "en": "Lists as of {day}; the first row is an example: edit or delete it",
        },
        "template.tasks_intro": {
            "vi": "Mỗi hàng là một nhiệm vụ. Điền từ hàng dưới tiêu đề; giữ nguyên tiêu đề"
            " cột. Nhập bằng: dondoc import tasks TỆP.xlsx (nhập tất cả hoặc không gì cả; lỗi"
            " ghi rõ hàng và cột).",
            "en": "One task a row. Fill in below the header; keep the column headers. Import"
            " with: dondoc import tasks FILE.xlsx (all or nothing; errors name the row and"
            " column).",
        },
        "template.submissions_intro": {
            "vi": "Mỗi hàng ghi nhận một đơn vị đã nộp một kỳ của một nghĩa vụ. Nhập bằng:"
            " dondoc import duty-submissions TỆP.xlsx (tất cả hoặc không gì cả).",
            "en": "One row per unit, duty and period delivered. Import with: dondoc import"
            " duty-submissions FILE.xlsx (all or nothing).",
        },
        "template.instructions": {"vi": "Hướng dẫn", "en": "Instructions"},
        "template.lists": {"vi": "Danh mục", "en": "Lists"},
        "template.col_column": {"vi": "Cột", "en": "Column"},
        "template.col_required": {"vi": "Bắt buộc", "en": "Required"},
        "template.col_how": {"vi": "Cách ghi", "en": "What to write"},
        "template.yes": {"vi": "Có", "en": "Yes"},
        "template.no": {"vi": "Không", "en": "No"},
        "template.list_kinds": {"vi": "Loại văn bản", "en": "Document kinds"},
        "template.list_owners": {"vi": "Mã đơn vị, người", "en": "Unit and person codes"},
        "template.list_names": {"vi": "Tên tương ứng", "en": "Names"},
        "template.list_units": {"vi": "Mã đơn vị", "en": "Unit codes"},
        "template.list_duties": {"vi": "Mã nghĩa vụ", "en": "Duty codes"},
        "template.list_periods": {"vi": "Kỳ", "en": "Periods"},
        "template.list_people": {"vi": "Mã người", "en": "Person codes"},
        "template.pick_title": {"vi": "Giá trị không có trong danh mục", "en": "Not in the list"},
        "template.pick_error": {
            "vi": "Hãy chọn một giá trị trong danh sách (trang Danh mục).",
            "en": "Pick a value from the list (see the Lists sheet).",
        },
        "template.example_number": {"vi": "VD-01/KH", "en": "EX-01/KH"},
        "template.example_document": {
            "vi": "Kế hoạch ví dụ (sửa hoặc xóa hàng này)",
            "en": "An example plan (edit or delete this row)",
        },
        "template.example_task": {
            "vi": "Ví dụ: tổng hợp báo cáo quý",
            "en": "Example: compile the quarterly report",
        },
        "template.example_reference": {"vi": "Ví dụ: 12-BC/CB", "en": "Example: 12-BC/CB"},
    }
)
