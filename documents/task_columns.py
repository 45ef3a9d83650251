"""The columns of a task list, shared by spreadsheet import, export and the template.

Headers are written in the user's language; either language is read back, with or
without accents, in any case, so an exported file imports again and a clerk's
"thoi han" still finds "Thời hạn". A header that matches nothing gets one message,
with the nearest column name when there is one. Codes (status, document kind) are
written as labels in the user's language; the importer reads codes and both labels.

Extensions travel in one cell, one line per extension, oldest first:
``new deadline | approved on | approver code | reason``; with the original deadline
and the completion date they restore a task's whole deadline story in a fresh home.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.i18n import label, register

if TYPE_CHECKING:
    from models.extension_queries import ExtensionRow
    from models.queries import TaskRow


@dataclass(frozen=True)
class Column:
    field: str
    vi: str
    en: str
    importable: bool = True
    wide: bool = False  # long text: wrapped in XLSX

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


TASK_COLUMNS: tuple[Column, ...] = (
    Column("id", "Mã nhiệm vụ", "Task ID", importable=False),
    Column("document_kind", "Loại văn bản", "Document kind"),
    Column("document_number", "Số văn bản", "Document number"),
    Column("issuing_body", "Cơ quan ban hành", "Issuing body"),
    Column("issued_on", "Ngày ban hành", "Issued on"),
    Column("document_title", "Trích yếu", "Document title", wide=True),
    Column("ref", "STT", "Ref"),
    Column("title", "Nhiệm vụ", "Task", wide=True),
    Column("description", "Nội dung", "Description", wide=True),
    Column("lead", "Chủ trì", "Lead"),
    Column("co_owners", "Phối hợp", "Co-owners"),
    Column("start_on", "Ngày bắt đầu", "Start"),
    Column("deadline", "Thời hạn", "Deadline"),
    Column("extensions", "Gia hạn", "Extensions", wide=True),
    Column("due_on", "Thời hạn hiện hành", "Deadline in force", importable=False),
    Column("status", "Tình trạng", "Status", importable=False),
    Column("days_overdue", "Số ngày quá hạn", "Days overdue", importable=False),
    Column("progress", "Tiến độ (%)", "Progress (%)"),
    Column("completed_on", "Ngày hoàn thành", "Completed on"),
    Column("completion_note", "Ghi chú hoàn thành", "Completion note", wide=True),
    Column("cancelled_on", "Ngày hủy", "Cancelled on"),
    Column("cancel_reason", "Lý do hủy", "Cancel reason", wide=True),
)

REQUIRED_FIELDS = ("document_number", "ref", "title", "lead")
HEADER_SEARCH_ROWS = 10  # title rows above the header, as exports and templates write


def fold(text: str) -> str:
    """Case, accents, "đ" and spacing folded away: "Thời  HẠN" -> "thoi han"."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def header_index(columns: Sequence[Column]) -> dict[str, Column]:
    return {fold(n): c for c in columns for n in (c.field, c.vi, c.en)}


_INDEX = header_index(TASK_COLUMNS)


def column_for(header: str, columns: Sequence[Column] = TASK_COLUMNS) -> Column | None:
    index = _INDEX if columns is TASK_COLUMNS else header_index(columns)
    return index.get(fold(header))


def nearest_header(header: str, lang: str, columns: Sequence[Column] = TASK_COLUMNS) -> str | None:
    """The column name a misspelt header most likely meant, or None."""
    names = {fold(c.header(lang)): c.header(lang) for c in columns}
    names.update({fold(c.header(other)): c.header(other) for c in columns for other in ("vi", "en")
                  if fold(c.header(other)) not in names})  # fmt: skip
    close = difflib.get_close_matches(fold(header), list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def unknown_header(header: str, columns: Sequence[Column] = TASK_COLUMNS) -> dict[str, Any]:
    """Problem key and params for a header that matches no column (one message each)."""
    near_vi, near_en = nearest_header(header, "vi", columns), nearest_header(header, "en", columns)
    if near_vi is None and near_en is None:
        return {"key": "unknown_column_none", "params": {}}
    return {"key": "unknown_column_near", "params": {"near": near_vi or near_en}}


def find_header_row(rows: Sequence[Sequence[Any]], columns: Sequence[Column] = TASK_COLUMNS) -> int:
    """Index of the header row: the first of the top rows naming two known columns
    (exports put a title above it); the first row when none does."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for v in row if isinstance(v, str) and column_for(v, columns) is not None)
        if known >= 2:
            return index
    return 0


# -- export --------------------------------------------------------------------------------


def extensions_text(extensions: Sequence[ExtensionRow], lang: str) -> str | None:
    from documents.sheet_writer import show_date

    lines = [
        f"{show_date(e.new_due_on, lang)} | {show_date(e.approved_on, lang)}"
        f" | {e.approver_code} | {e.reason}"
        for e in extensions
    ]
    return "\n".join(lines) or None


def export_row(row: TaskRow, lang: str, extensions: Sequence[ExtensionRow]) -> list[Any]:
    """A task as the cells of ``TASK_COLUMNS``, codes as labels in ``lang``."""
    cells: dict[str, Any] = {
        "id": row.id,
        "document_kind": label(row.document_kind, lang),
        "document_number": row.document_number,
        "issuing_body": row.issuing_body,
        "issued_on": row.issued_on,
        "document_title": row.document_title,
        "ref": row.ref,
        "title": row.title,
        "description": row.description,
        "lead": row.lead_code,
        "co_owners": "; ".join(code for code, _ in row.co_owners) or None,
        "start_on": row.start_on,
        "deadline": row.original_due_on,
        "extensions": extensions_text(extensions, lang),
        "due_on": row.due_on,
        "status": label(row.status.status, lang),
        "days_overdue": row.status.days_overdue or None,
        "progress": row.progress,
        "completed_on": row.completed_on,
        "completion_note": row.completion_note,
        "cancelled_on": row.cancelled_on,
        "cancel_reason": row.cancel_reason,
    }
    return [cells[c.field] for c in TASK_COLUMNS]


# -- import of the extensions cell -----------------------------------------------------------


@dataclass(frozen=True)
class ExtensionEntry:
    new_due_on: object  # parsed by the importer, which names the problem
    approved_on: object
    approver: str
    reason: str


def parse_extensions(value: Any) -> list[ExtensionEntry] | None:
    """The entries of an extensions cell, or None when a line is not four parts."""
    if value is None or not str(value).strip():
        return []
    entries = []
    for line in str(value).splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 3)]
        if len(parts) != 4 or not all(parts):
            return None
        entries.append(ExtensionEntry(parts[0], parts[1], parts[2], parts[3]))
    return entries


register(
    {
        "problem.unknown_column_near": {
            "vi": "cột không nhận ra; có phải «{near}»?",
            "en": "unrecognised column; did you mean «{near}»?",
        },
        "problem.unknown_column_none": {
            "vi": "cột không nhận ra (xem trang Hướng dẫn của mẫu: dondoc export template)",
            "en": "unrecognised column (see the template's Instructions sheet: dondoc export"
            " template)",
        },
        "problem.bad_extensions": {
            "vi": "mỗi dòng gia hạn ghi: thời hạn mới | ngày duyệt | mã người duyệt | lý do",
            "en": "write each extension as: new deadline | approved on | approver code | reason",
        },
        "problem.extensions_differ": {
            "vi": "các lần gia hạn khác với các lần đã ghi nhận ({recorded}); gia hạn không xóa"
            " hay sửa được, chỉ thêm",
            "en": "the extensions differ from those on record ({recorded}); extensions can only"
            " be added, never changed or removed",
        },
    }
)
