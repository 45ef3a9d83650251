"""Kinds of documents, apart from the tables: the read-only path needs them without SQLModel."""

from __future__ import annotations

from enum import StrEnum

from models.errors import TrackerError
from models.i18n import match_enum, register


class DocumentKind(StrEnum):
    RESOLUTION = "resolution"
    DIRECTIVE = "directive"
    CONCLUSION = "conclusion"
    REGULATION = "regulation"
    PROGRAMME = "programme"
    PLAN = "plan"
    DECISION = "decision"
    NOTICE = "notice"
    OTHER = "other"


def parse_kind(text: str) -> DocumentKind:
    """A document kind by code or by its name in either language ("Nghị quyết")."""
    kind = match_enum(DocumentKind, text)
    if kind is not None:
        return kind
    raise TrackerError(
        "bad_kind", value=text, choices=", ".join(kind.value for kind in DocumentKind)
    )


register(
    {
        "error.bad_kind": {
            "vi": "Loại văn bản «{value}» không hợp lệ; chọn: {choices}.",
            "en": "Document kind «{value}» is not valid; choose: {choices}.",
        },
    }
)
