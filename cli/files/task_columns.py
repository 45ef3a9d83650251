"""The columns of a task list, shared by spreadsheet import and export.

Headers are written in the user's language; either language is read back, so an
exported file imports again. Computed columns (status, days) are exported only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    vi: str
    en: str
    importable: bool = True

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


TASK_COLUMNS: tuple[Column, ...] = (
    Column("document_kind", "Loại văn bản", "Document kind"),
    Column("document_number", "Số văn bản", "Document number"),
    Column("issuing_body", "Cơ quan ban hành", "Issuing body"),
    Column("issued_on", "Ngày ban hành", "Issued on"),
    Column("document_title", "Trích yếu", "Document title"),
    Column("ref", "STT", "Ref"),
    Column("title", "Nhiệm vụ", "Task"),
    Column("description", "Nội dung", "Description"),
    Column("lead", "Chủ trì", "Lead"),
    Column("co_owners", "Phối hợp", "Co-owners"),
    Column("start_on", "Ngày bắt đầu", "Start"),
    Column("deadline", "Thời hạn", "Deadline"),
    Column("due_on", "Thời hạn hiện hành", "Deadline in force", importable=False),
    Column("status", "Tình trạng", "Status", importable=False),
    Column("days_overdue", "Số ngày quá hạn", "Days overdue", importable=False),
    Column("progress", "Tiến độ (%)", "Progress (%)"),
    Column("completed_on", "Ngày hoàn thành", "Completed on"),
    Column("completion_note", "Ghi chú hoàn thành", "Completion note"),
    Column("cancelled_on", "Ngày hủy", "Cancelled on"),
    Column("cancel_reason", "Lý do hủy", "Cancel reason"),
)

REQUIRED_FIELDS = ("document_number", "ref", "title", "lead")


def _norm(text: str) -> str:
    return " ".join(text.strip().casefold().split())


HEADER_TO_COLUMN: dict[str, Column] = {
    _norm(name): column for column in TASK_COLUMNS for name in (column.field, column.vi, column.en)
}


def column_for(header: str) -> Column | None:
    return HEADER_TO_COLUMN.get(_norm(header))
