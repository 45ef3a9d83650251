"""Import a meeting's minutes file (YAML): organisation, meeting, documents and tasks.

Every mapping remembers the line of each key, so a problem names its line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from cli.files.loader import DutyLoading, Loader, split_codes
from cli.files.problems import ImportFailed, Problem, Where
from models.calendar import Roll, WorkCalendar
from models.meetings import AttendeeRole
from models.org import Unit


class _Located(dict[str, Any]):
    line: int = 0
    lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that keeps line numbers and leaves dates as text for our own parser."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    loader.flatten_mapping(node)
    result = _Located()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

SECTION_KEYS = {
    "top": {"units", "people", "meeting", "documents", "duties", "roll_deadlines"},
    "unit": {"code", "name", "kind", "parent", "manager"},
    "person": {"code", "name", "unit", "role", "title", "language", "email", "chat"},
    "meeting": {"unit", "date", "kind", "title", "location", "notes", "attendees"},
    "attendee": {"person", "role"},
    "document": {"kind", "number", "issuing_body", "issued_on", "title", "summary", "tasks"},
    "duty": set(DutyLoading.FIELDS),
    "task": {
        "ref",
        "title",
        "description",
        "lead",
        "co_owners",
        "start_on",
        "deadline",
        "roll",
        "progress",
        "completed_on",
        "completion_note",
        "cancelled_on",
        "cancel_reason",
    },
}


class MinutesReader:
    def __init__(self, loader: Loader, file: str) -> None:
        self.loader = loader
        self.file = file

    def where(self, node: Any, fallback: int = 1) -> Where:
        if isinstance(node, _Located):
            return Where(self.file, "line", node.line, dict(node.lines))
        return Where(self.file, "line", fallback)

    def mapping(self, node: Any, section: str, where: Where, field: str) -> _Located | None:
        if not isinstance(node, _Located):
            self.loader.fail(where, field, "not_a_mapping")
            return None
        unknown = sorted(set(node) - SECTION_KEYS[section])
        for key in unknown:
            self.loader.fail(
                self.where(node), key, "unknown_key", keys=", ".join(sorted(SECTION_KEYS[section]))
            )
        return node

    def items(self, parent: _Located, field: str, section: str) -> list[_Located]:
        value = parent.get(field)
        if value is None:
            return []
        where = self.where(parent)
        if not isinstance(value, list):
            self.loader.fail(where, field, "not_a_list")
            return []
        line = where.number_of(field)
        return [
            m
            for item in value
            if (m := self.mapping(item, section, Where(self.file, "line", line), field))
        ]

    def read(self, top: Any) -> None:
        doc = self.mapping(top, "top", Where(self.file, "line", 1), "(file)")
        if doc is None:
            return
        roll = Roll.NEXT_WORKING_DAY if doc.get("roll_deadlines") else Roll.NONE
        units = [
            (u, self.loader.load_unit(u, self.where(u))) for u in self.items(doc, "units", "unit")
        ]
        for person in self.items(doc, "people", "person"):
            self.loader.load_person(person, self.where(person))
        for record, unit in units:
            if unit is not None:
                self.loader.link_unit(unit, record, self.where(record))
        duties = DutyLoading(self.loader)
        for record in self.items(doc, "duties", "duty"):
            duties.load(record, self.where(record))
        meeting = None
        default_body = None
        if "meeting" in doc:
            found = self.mapping(doc["meeting"], "meeting", self.where(doc), "meeting")
            if found is not None:
                meeting = self.loader.load_meeting(found, self.where(found))
                if meeting is not None:
                    self._attendees(meeting, found)
                    host = self.loader.session.get(Unit, meeting.unit_id)
                    default_body = host.name if host else None
        for record in self.items(doc, "documents", "document"):
            document = self.loader.load_document(record, self.where(record), meeting, default_body)
            for task in self.items(record, "tasks", "task"):
                if document is not None:
                    self.loader.load_task(task, self.where(task), document, roll)

    def _attendees(self, meeting: Any, record: _Located) -> None:
        where = self.where(record)
        attendees: list[tuple[str, AttendeeRole]] = []
        raw = record.get("attendees") or []
        entries = raw if isinstance(raw, list) else split_codes(raw)
        for entry in entries:
            if isinstance(entry, Mapping):
                role = self.loader.choice(
                    entry, self.where(entry), "role", AttendeeRole, AttendeeRole.ATTENDEE
                )
                code = self.loader.text(entry, self.where(entry), "person", required=True)
                if code and role:
                    attendees.append((code, role))
            else:
                attendees.append((str(entry), AttendeeRole.ATTENDEE))
        self.loader.set_attendees(meeting, attendees, where)


def import_minutes(
    session: Session, path: Path, actor: str, calendar: WorkCalendar
) -> Counter[str]:
    """Read and load a minutes file; raises ``ImportFailed`` (caller rolls back)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        top = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        detail = f"{error.problem or error}"
        raise ImportFailed(
            file, [Problem(Where(file, "line", line), "(file)", "syntax", {"detail": detail})]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed(
            file, [Problem(Where(file, "line", 1), "(file)", "unreadable", {"detail": str(error)})]
        ) from None
    loader = Loader(session, file, actor, calendar)
    MinutesReader(loader, file).read(top)
    return loader.finish()
