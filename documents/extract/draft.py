"""The draft: what the document says it is, and the tasks it proposes, each with the
sentence it came from. Nothing here is written to the database; a person checks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from documents.extract.deadlines import Due


@dataclass(frozen=True)
class OwnerRef:
    """A unit or person named in the text: its directory code, or None when unmatched."""

    code: str | None
    text: str
    collective: str | None = None  # "sub_branch" for "các chi bộ"; "" another group

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class DocumentInfo:
    kind: str | None = None  # a DocumentKind value
    number: str | None = None
    issuing_body: str | None = None
    issued_on: date | None = None
    title: str | None = None
    place: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "issuing_body": self.issuing_body,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "title": self.title,
        }


@dataclass
class ProposedTask:
    title: str
    lead: OwnerRef | None
    co_owners: list[OwnerRef]
    due: Due
    source: str  # the sentence(s), verbatim
    confidence: float

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lead": self.lead.as_json() if self.lead else None,
            "co_owners": [c.as_json() for c in self.co_owners],
            "due": self.due.as_json(),
            "source": self.source,
            "confidence": round(self.confidence, 2),
        }


@dataclass
class Draft:
    file: str
    document: DocumentInfo
    tasks: list[ProposedTask]
    text: str  # the whole text, as read (the sources are found in it)
    source_format: str
    legacy_encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The stable interface of ``dondoc extract --format json`` (keys are added,
        never renamed or removed)."""
        return {
            "document": self.document.as_json(),
            "tasks": [t.as_json() for t in self.tasks],
            "file": {
                "name": self.file,
                "format": self.source_format,
                "legacy_encoding": self.legacy_encoding,
            },
        }
