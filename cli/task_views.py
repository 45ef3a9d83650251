"""How a task row reads to a person: status with days, deadline with its original."""

from __future__ import annotations

from typing import Any

from models.i18n import format_date, label, t
from models.queries import TaskRow
from models.status import TaskStatus


def status_text(row: TaskRow, lang: str) -> str:
    """The status as the web's lists show it, "chờ xác nhận hoàn thành" beside it."""
    text = _status_text(row, lang)
    return f"{text} · {t('awaiting.completion', lang)}" if row.awaiting else text


def _status_text(row: TaskRow, lang: str) -> str:
    view = row.status
    text = label(view.status, lang)
    if view.status is TaskStatus.OVERDUE:
        return t("days_overdue", lang, n=view.days_overdue)
    if view.status is TaskStatus.IN_PROGRESS and view.days_left is not None:
        days = (
            t("due_today", lang) if view.days_left == 0 else t("days_left", lang, n=view.days_left)
        )
        return f"{text} ({days})"
    return text


def deadline_text(row: TaskRow) -> str:
    if row.due_on is None:
        return ""
    if row.extended and row.original_due_on is not None:
        return f"{format_date(row.due_on)} (← {format_date(row.original_due_on)})"
    return format_date(row.due_on)


SUMMARY_KEYS = ("id", "document", "title", "lead", "co_owners", "deadline", "status", "progress")
# On a terminal: what fits 80 columns (co-owners are in ``task show`` and the exports).
TABLE_KEYS = ("id", "document", "title", "lead", "deadline", "status", "progress")


def summary_headers(lang: str) -> list[str]:
    names = ("id", "document", "title", "lead", "co_owners", "deadline", "status", "progress")
    return [t(f"col.{n}", lang) for n in names]


def summary_cells(row: TaskRow, lang: str) -> list[Any]:
    return [
        row.id,
        row.document_number,  # the number names the kind: 01-NQ/ĐU is a resolution
        row.title,
        row.lead_code,
        ", ".join(code for code, _ in row.co_owners),
        deadline_text(row),
        status_text(row, lang),
        f"{row.progress}%",
    ]
