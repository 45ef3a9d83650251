"""Texts users read, in Vietnamese (default) and English.

One catalog, keyed by stable identifiers; other packages add their own keys with
``register``. A missing English text falls back to Vietnamese, never to a crash.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)

DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")

_CATALOG: dict[str, dict[str, str]] = {}


def register(entries: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in entries.items():
        if key in _CATALOG and _CATALOG[key] != texts:
            raise ValueError(f"text key {key!r} registered twice with different texts")
        _CATALOG[key] = dict(texts)


class Term(str):
    """A catalog key passed as a parameter: translated into the same language as its text."""

    __slots__ = ()


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        raise KeyError(f"no text for {key!r}")
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    if not params:
        return template
    resolved = {k: _param(v, lang) for k, v in params.items()}
    return template.format(**resolved)


def _param(value: Any, lang: str) -> Any:
    """Terms in the text's language; dates as people here write them (dd/mm/yyyy)."""
    if isinstance(value, Term):
        return t(value, lang)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value)
    return value


def format_date(day: date) -> str:
    """The one date format users read, in both languages: 29/01/2024."""
    return day.strftime("%d/%m/%Y")


def format_percent(value: float, lang: str) -> str:
    """A rate as the sheets and reports write it: 50,0% in Vietnamese, 50.0% in English."""
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def format_moment(at: datetime, timezone: str) -> str:
    """A recorded instant as the reader's wall clock: 15/07/2024 08:30."""
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M")


def fold(text: str) -> str:
    """A key for matching what people type: case, accents, "đ" and separators ignored
    ("Quá hạn", "qua han" and "QUA_HAN" fold alike)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(bare.replace("_", " ").replace("-", " ").split())


def match_enum(enum_cls: type[E], text: str) -> E | None:
    """The member a person means: its code or its label in either language, any case,
    accents optional ("overdue", "Quá hạn", "qua han")."""
    wanted = fold(str(text))
    for member in enum_cls:
        names = {fold(str(member.value)), *(fold(label(member, lang)) for lang in LANGUAGES)}
        if wanted in names:
            return member
    return None


def label(enum_value: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The user-facing name of an enum member (``DocumentKind.RESOLUTION`` -> "Nghị quyết")."""
    key = f"{type(enum_value).__name__}.{enum_value.value}"
    return t(key, lang) if key in _CATALOG else str(enum_value.value)


register(
    {
        # Document kinds
        "DocumentKind.resolution": {"vi": "Nghị quyết", "en": "Resolution"},
        "DocumentKind.directive": {"vi": "Chỉ thị", "en": "Directive"},
        "DocumentKind.conclusion": {"vi": "Kết luận", "en": "Conclusion"},
        "DocumentKind.regulation": {"vi": "Quy định", "en": "Regulation"},
        "DocumentKind.programme": {"vi": "Chương trình", "en": "Programme"},
        "DocumentKind.plan": {"vi": "Kế hoạch", "en": "Plan"},
        "DocumentKind.decision": {"vi": "Quyết định", "en": "Decision"},
        "DocumentKind.notice": {"vi": "Thông báo", "en": "Notice"},
        "DocumentKind.other": {"vi": "Văn bản khác", "en": "Other document"},
        # Unit kinds
        "UnitKind.superior": {"vi": "Cấp trên", "en": "Superior body"},
        "UnitKind.committee": {"vi": "Đảng ủy", "en": "Committee"},
        "UnitKind.sub_branch": {"vi": "Chi bộ", "en": "Sub-branch"},
        "UnitKind.office": {"vi": "Văn phòng", "en": "Office"},
        "UnitKind.commission": {"vi": "Ủy ban Kiểm tra", "en": "Inspection commission"},
        "UnitKind.other": {"vi": "Đơn vị khác", "en": "Other unit"},
        # Domain errors
        "error.task_closed": {
            "vi": "Nhiệm vụ {task} đã {state}, không thể {action}.",
            "en": "Task {task} is already {state}; cannot {action}.",
        },
        "error.no_deadline": {
            "vi": "Nhiệm vụ {task} không có thời hạn nên không thể gia hạn.",
            "en": "Task {task} has no deadline, so it cannot be extended.",
        },
        "error.extension_not_later": {
            "vi": "Thời hạn mới {new} phải sau thời hạn hiện tại {current}.",
            "en": "The new deadline {new} must be after the current one, {current}.",
        },
        "error.progress_range": {
            "vi": "Tiến độ phải từ 0 đến 100 (nhận được {value}).",
            "en": "Progress must be between 0 and 100 (got {value}).",
        },
        "error.not_completed": {
            "vi": "Nhiệm vụ {task} chưa hoàn thành nên không thể mở lại.",
            "en": "Task {task} is not completed, so it cannot be reopened.",
        },
        "error.date_before_start": {
            "vi": "Ngày {field} {value} trước ngày bắt đầu {start}.",
            "en": "{field} {value} is before the start date {start}.",
        },
        "error.cli_date": {
            "vi": "«{value}»: {reason}",
            "en": "«{value}»: {reason}",
        },
        "impossible_date": {
            "vi": "ngày không tồn tại",
            "en": "no such date",
        },
        "ambiguous_date": {
            "vi": "ngày không rõ ràng (năm hai chữ số?); hãy ghi YYYY-MM-DD hoặc DD/MM/YYYY",
            "en": "ambiguous date (two-digit year?); write YYYY-MM-DD or DD/MM/YYYY",
        },
        "bad_date": {
            "vi": "không phải ngày (YYYY-MM-DD hoặc DD/MM/YYYY)",
            "en": "not a date (YYYY-MM-DD or DD/MM/YYYY)",
        },
        "error.correct_extended": {
            "vi": "Nhiệm vụ {task} đã được gia hạn; không sửa thời hạn ban đầu được nữa.",
            "en": "Task {task} has been extended; its original deadline can no longer change.",
        },
        "error.duty_waived": {
            "vi": "Kỳ {period} đã được miễn nộp.",
            "en": "Period {period} was waived.",
        },
        "error.waiver_reason": {
            "vi": "Cần ghi lý do miễn nộp.",
            "en": "A waiver needs a reason.",
        },
        "state.completed": {"vi": "hoàn thành", "en": "completed"},
        "state.cancelled": {"vi": "bị hủy", "en": "cancelled"},
        "action.complete": {"vi": "hoàn thành", "en": "complete it"},
        "action.cancel": {"vi": "hủy", "en": "cancel it"},
        "action.extend": {"vi": "gia hạn", "en": "extend it"},
        "action.progress": {"vi": "cập nhật tiến độ", "en": "update its progress"},
    }
)
