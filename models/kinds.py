"""Kinds of documents, apart from the tables: the read-only path needs them without SQLModel."""

from __future__ import annotations

from enum import StrEnum


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
