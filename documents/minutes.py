"""Import a meeting's minutes file (YAML): organisation, meeting, documents and tasks.

Every mapping remembers the line of each key, so a problem names its line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from documents.loader import DutyLoading, Loader, split_codes
from documents.problems import ImportFailed, Outcome, Problem, Where
from models.calendar import Roll, WorkCalendar
from models.meetings import AttendeeRole
from models.org import Unit

MAX_BYTES = 262_144  # 28 times the demo committee's minutes (9 KB); PyYAML reads ~0.3 MB/s
MAX_DEPTH = 12  # top > documents > document > tasks > task > co_owners > item is 7
MAX_NODES = 20_000  # the demo has 645; every node costs ~500 bytes while composing


class _Located(dict[str, Any]):
    line: int = 0
    lines: dict[str, int]


class _Refused(Exception):
    """A refusal found while reading YAML: where it is and which catalog text says why."""

    def __init__(self, key: str, mark: Any, field: str = "(file)", **params: Any) -> None:
        super().__init__(key)
        self.key, self.field, self.params = key, field, params
        self.line = mark.line + 1 if mark is not None else 1


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that keeps line numbers and leaves dates as text for our own parser.

    Bounded on purpose: anchors, aliases and merge keys are refused (a 600-byte file of
    nested aliases expands into gigabytes), and so are nesting beyond ``MAX_DEPTH``,
    more than ``MAX_NODES`` nodes, duplicate keys (YAML would keep the last silently)
    and keys that are not plain scalars.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("yaml_alias", event.start_mark)
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH:
            raise _Refused("yaml_depth", event.start_mark, limit=MAX_DEPTH)
        if self._nodes > MAX_NODES:
            raise _Refused("yaml_nodes", event.start_mark, limit=MAX_NODES)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    result = _Located()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Refused("yaml_key", key_node.start_mark)
        key = str(loader.construct_object(key_node, deep=True))
        if key in result:
            raise _Refused("duplicate_key", key_node.start_mark, key, first=result.lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _integer(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    try:
        return int(loader.construct_yaml_int(node))
    except ValueError:  # more digits than Python converts (a number no field accepts)
        raise _Refused("yaml_value", node.start_mark) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _integer)

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


def _key_on_line(text: str, line: int) -> str:
    """The key written on ``line``, to name the field of a character the reader refused."""
    lines = text.splitlines()
    found = _KEY.match(lines[line - 1]) if 0 < line <= len(lines) else None
    return found[1] if found else "(file)"


_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:")


def _read_text(path: Path) -> str:
    """The file's text, refused before parsing when larger than ``MAX_BYTES``."""
    with path.open("rb") as stream:  # a bounded read: also safe on a FIFO or /dev/zero
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _Refused("file_too_big", None, limit=MAX_BYTES)
    return data.decode("utf-8")


def _parse(file: str, path: Path) -> Any:
    text = ""
    try:
        text = _read_text(path)
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as refused:
        where = Where(file, "line", refused.line)
        raise ImportFailed(
            file, [Problem(where, refused.field, refused.key, refused.params)]
        ) from None
    except yaml.reader.ReaderError as error:  # a raw NUL or other control character
        line = text.count("\n", 0, error.position) + 1
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        problem = Problem(
            Where(file, "line", line), _key_on_line(text, line), "raw_control", {"code": code}
        )
        raise ImportFailed(file, [problem]) from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        detail = f"{error.problem or error}"
        raise ImportFailed(
            file, [Problem(Where(file, "line", line), "(file)", "syntax", {"detail": detail})]
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ImportFailed(
            file, [Problem(Where(file, "line", 1), "(file)", "unreadable", {"detail": str(error)})]
        ) from None


def import_minutes(
    session: Session,
    path: Path,
    actor: str,
    calendar: WorkCalendar,
    outcomes: list[Outcome] | None = None,
) -> Counter[str]:
    """Read and load a minutes file; raises ``ImportFailed`` (caller rolls back).
    ``outcomes`` collects what each record does (for a preview)."""
    file = str(path)
    top = _parse(file, path)
    loader = Loader(session, file, actor, calendar, outcomes)
    MinutesReader(loader, file).read(top)
    return loader.finish()
