"""Validate records read from a minutes file or a spreadsheet and write them.

Every record is checked; every problem is collected with its file, line or row, and
field. The caller writes in one transaction and rolls it back when ``finish`` raises:
an import is all or nothing. Re-importing updates by natural keys, never duplicates:
units and people by code, a meeting by (unit, date, title), a document by (number,
issuing body), a task by its ref within its document.
"""

from __future__ import annotations

import enum
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, select

from documents.dates import DateProblem, parse_date, parse_deadline
from documents.problems import ImportFailed, Outcome, Problem, Where, date_problem_params
from models import document_changes, duty_lifecycle, lifecycle, lookups, org_changes, reimport
from models.calendar import Roll, WorkCalendar
from models.contacts import MAX_ADDRESS, normalise_target
from models.deadlines import resolve_deadline
from models.duties import Duty
from models.errors import TrackerError
from models.i18n import match_enum
from models.inputs import LONG_TEXT, text_problem
from models.kinds import DocumentKind
from models.meetings import (
    AttendeeRole,
    Document,
    Meeting,
    MeetingKind,
)
from models.org import ContactChannel, Person, PersonRole, Unit, UnitKind
from models.tasks import Task

E = TypeVar("E", bound=enum.Enum)
L = TypeVar("L")
Record = Mapping[str, Any]
_SPLIT = re.compile(r"[;,\n]")
# The length of each field's column (the shortest where two tables share a field name:
# callers with a longer column pass ``limit``); other texts are bounded by LONG_TEXT.
FIELD_LIMITS = {
    "code": 40,
    "ref": 40,
    "number": 80,
    "name": 255,
    "issuing_body": 255,
    "location": 255,
    "title": 255,
    "language": 2,
    "email": MAX_ADDRESS,
    "reference": 500,
    "rrule": 500,
    "unit": 60,
    "parent": 40,
    "manager": 60,
    "lead": 80,
    "person": 60,
}


_REFUSED = object()  # a field already refused (not one value): say nothing more about it


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_codes(value: Any) -> list[str]:
    if _blank(value):
        return []
    items = value if isinstance(value, list) else _SPLIT.split(str(value))
    return [str(item).strip() for item in items if not _blank(item)]


class Loader:
    def __init__(
        self,
        session: Session,
        file: str,
        actor: str,
        calendar: WorkCalendar,
        outcomes: list[Outcome] | None = None,
    ) -> None:
        self.session = session
        self.file = file
        self.actor = actor
        self.calendar = calendar
        self.problems: list[Problem] = []
        self.counts: Counter[str] = Counter()
        # What each record does (new, changed, unchanged): a preview's list, in file order.
        self.outcomes: list[Outcome] = outcomes if outcomes is not None else []
        self._documents_seen: dict[tuple[str, str], Where] = {}
        self._tasks_seen: dict[tuple[int, str], Where] = {}
        self._codes_seen: dict[tuple[str, str], Where] = {}

    # -- problems and field readers ---------------------------------------------------

    def fail(self, where: Where, field: str, key: str, **params: Any) -> None:
        self.problems.append(Problem(where, field, key, params))

    def finish(self) -> Counter[str]:
        if self.problems:
            raise ImportFailed(self.file, self.problems)
        return self.counts

    def scalar(self, record: Record, where: Where, field: str) -> Any:
        """The field's value if it is one value; a mapping or list where one belongs is refused."""
        value = record.get(field)
        if isinstance(value, Mapping | list | tuple | set | bytes):
            self.fail(where, field, "not_a_scalar")
            return _REFUSED
        return value

    def text(
        self,
        record: Record,
        where: Where,
        field: str,
        *,
        required: bool = False,
        limit: int | None = None,
    ) -> str | None:
        """A text field, refused with its name when it holds control characters or is too long."""
        value = self.scalar(record, where, field)
        if value is _REFUSED:
            return None
        if _blank(value):
            if required:
                self.fail(where, field, "missing")
            return None
        text = str(value).strip()
        problem = text_problem(text, limit or FIELD_LIMITS.get(field, LONG_TEXT))
        if problem is not None:
            self.fail(where, field, problem[0], **problem[1])
            return None
        return text

    def choice(
        self, record: Record, where: Where, field: str, enum_cls: type[E], default: E | None = None
    ) -> E | None:
        value = self.scalar(record, where, field)
        if value is _REFUSED:
            return default
        if _blank(value):
            if default is None:
                self.fail(where, field, "missing")
            return default
        member = match_enum(enum_cls, str(value))
        if member is not None:
            return member
        choices = ", ".join(m.value for m in enum_cls)
        self.fail(where, field, "bad_choice", value=value, choices=choices)
        return default

    def a_date(
        self, record: Record, where: Where, field: str, *, required: bool = False
    ) -> date | None:
        value = self.scalar(record, where, field)
        if value is _REFUSED:
            return None
        if _blank(value):
            if required:
                self.fail(where, field, "missing")
            return None
        try:
            return parse_date(value)
        except DateProblem as problem:
            self.fail(where, field, "date", **date_problem_params(problem.key, value))
            return None

    def integer(self, record: Record, where: Where, field: str, low: int, high: int) -> int | None:
        value = self.scalar(record, where, field)
        if value is _REFUSED or _blank(value):
            return None
        text = str(value).strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not math.isfinite(number) or number != int(number) or not low <= number <= high:
            self.fail(where, field, "bad_number", value=value, low=low, high=high)
            return None
        return int(number)

    def _first_use(self, kind: str, code: str, where: Where, field: str) -> bool:
        first = self._codes_seen.setdefault((kind, code), where)
        if first is where:
            return True
        self.fail(where, field, "duplicate_code", code=code, first=first)
        return False

    # -- look-ups ----------------------------------------------------------------------

    def refused(self, where: Where, error: TrackerError, field: str | None = None) -> None:
        """A refusal of the domain layer, placed on this record's field."""
        self.fail(where, field or error.field or "(record)", "domain", error=error)

    def find(self, where: Where, field: str, lookup: Callable[[], L]) -> L | None:
        try:
            return lookup()
        except TrackerError as error:
            self.refused(where, error, field)
            return None

    def unit(self, where: Where, field: str, code: str) -> Unit | None:
        return self.find(where, field, lambda: lookups.get_unit(self.session, code))

    def person(self, where: Where, field: str, code: str) -> Person | None:
        return self.find(where, field, lambda: lookups.get_person(self.session, code))

    def owner(self, where: Where, field: str, code: str) -> Unit | Person | None:
        """A unit or a person by code; ``unit:X`` / ``person:X`` settle a clash."""
        return self.find(where, field, lambda: lookups.get_owner(self.session, code))

    # -- organisation ------------------------------------------------------------------

    def _count(
        self,
        entity: str,
        created: bool,
        changed: bool = True,
        where: Where | None = None,
        label: str = "",
    ) -> None:
        if created:
            self.counts[f"{entity}.created"] += 1
        elif changed:
            self.counts[f"{entity}.updated"] += 1
        if where is not None:
            state = "new" if created else "changed" if changed else "unchanged"
            self.outcomes.append(Outcome(where, entity, state, label))

    def mark_changed(self, where: Where, entity: str) -> None:
        """A record first found unchanged that a later step changed (a spreadsheet row's
        extensions or state): its outcome becomes ``changed``."""
        for index in range(len(self.outcomes) - 1, -1, -1):
            found = self.outcomes[index]
            if found.where is where and found.entity == entity:
                if found.state == "unchanged":
                    self.outcomes[index] = Outcome(where, entity, "changed", found.label)
                return

    def load_unit(self, record: Record, where: Where) -> Unit | None:
        """First pass: the unit itself. Parents and managers come in ``link_unit``."""
        code = self.text(record, where, "code", required=True)
        name = self.text(record, where, "name", required=True)
        kind = self.choice(record, where, "kind", UnitKind, UnitKind.OTHER)
        if code is None or name is None or not self._first_use("unit", code, where, "code"):
            return None
        saved = org_changes.save_unit(
            self.session, code=code, name=name, kind=kind or UnitKind.OTHER
        )
        self._count("units", saved.created, saved.changed, where, code)
        return saved.row

    def link_unit(self, unit: Unit, record: Record, where: Where) -> None:
        parent_code = self.text(record, where, "parent")
        parent = self.unit(where, "parent", parent_code) if parent_code else None
        manager_code = self.text(record, where, "manager")
        manager = self.person(where, "manager", manager_code) if manager_code else None
        try:
            org_changes.place_unit(self.session, unit, parent=parent, manager=manager)
        except TrackerError as error:
            self.refused(where, error)

    def load_person(self, record: Record, where: Where) -> Person | None:
        code = self.text(record, where, "code", required=True, limit=60)
        name = self.text(record, where, "name", required=True)
        unit_code = self.text(record, where, "unit", required=True)
        role = self.choice(record, where, "role", PersonRole, PersonRole.MEMBER)
        unit = self.unit(where, "unit", unit_code) if unit_code else None
        if code is None or name is None or unit is None:
            return None
        if not self._first_use("person", code, where, "code"):
            return None
        try:
            saved = org_changes.save_person(
                self.session,
                code=code,
                full_name=name,
                unit=unit,
                role=role or PersonRole.MEMBER,
                title=self.text(record, where, "title"),
                language=self.text(record, where, "language") or "vi",
            )
        except TrackerError as error:
            self.refused(where, error)
            return None
        contacts = self._contacts(record, where)
        changed = saved.changed
        if contacts is not None:
            changed |= org_changes.set_contacts(self.session, saved.row, contacts)
        self._count("people", saved.created, changed, where, code)
        return saved.row

    def _contacts(self, record: Record, where: Where) -> set[tuple[ContactChannel, str]] | None:
        """Contact targets: ``email`` and ``chat`` ({channel: address}). Never credentials."""
        wanted: set[tuple[ContactChannel, str]] = set()
        email = self.text(record, where, "email")
        if email:
            self._target(wanted, ContactChannel.EMAIL, email, where, "email")
        chat = record.get("chat") or {}
        if not isinstance(chat, Mapping):
            self.fail(where, "chat", "not_a_mapping")
            return None
        for channel_name in chat:
            channel = self.choice({"chat": channel_name}, where, "chat", ContactChannel)
            target = self.text(chat, where, str(channel_name))
            if channel is not None and target is not None:
                self._target(wanted, channel, target, where, f"chat.{channel_name}")
        return wanted

    def _target(
        self,
        wanted: set[tuple[ContactChannel, str]],
        channel: ContactChannel,
        address: str,
        where: Where,
        field: str,
    ) -> None:
        """One contact is one recipient: the domain rule decides, the problem names the field."""
        try:
            wanted.add((channel, normalise_target(channel, address)))
        except TrackerError as error:
            self.refused(where, error, field)

    # -- meetings and documents ----------------------------------------------------------

    def load_meeting(self, record: Record, where: Where) -> Meeting | None:
        unit_code = self.text(record, where, "unit", required=True)
        held_on = self.a_date(record, where, "date", required=True)
        title = self.text(record, where, "title", required=True, limit=500)
        kind = self.choice(record, where, "kind", MeetingKind, MeetingKind.REGULAR)
        unit = self.unit(where, "unit", unit_code) if unit_code else None
        if unit is None or held_on is None or title is None:
            return None
        saved = document_changes.save_meeting(
            self.session,
            unit=unit,
            held_on=held_on,
            title=title,
            kind=kind or MeetingKind.REGULAR,
            location=self.text(record, where, "location"),
            notes=self.text(record, where, "notes"),
        )
        self._count("meetings", saved.created, saved.changed, where, title)
        return saved.row

    def set_attendees(
        self, meeting: Meeting, attendees: Iterable[tuple[str, AttendeeRole]], where: Where
    ) -> None:
        wanted: dict[int, AttendeeRole] = {}
        for code, role in attendees:
            person = self.person(where, "attendees", code)
            if person is not None and person.id is not None:
                wanted[person.id] = role
        document_changes.set_attendees(self.session, meeting, wanted)

    def load_document(
        self, record: Record, where: Where, meeting: Meeting | None, default_body: str | None
    ) -> Document | None:
        number = self.text(record, where, "number", required=True)
        body = self.text(record, where, "issuing_body") or default_body
        if body is None:
            self.fail(where, "issuing_body", "missing")
        if number is None or body is None:
            return None
        first = self._documents_seen.setdefault((number, body), where)
        if first is not where:
            self.fail(where, "number", "duplicate_document", number=number, body=body, first=first)
            return None
        document = document_changes.find_document(self.session, number, body)
        if document is None:
            kind = self.choice(record, where, "kind", DocumentKind)
            issued_on = self.a_date(record, where, "issued_on", required=True)
        else:
            kind = self.choice(record, where, "kind", DocumentKind, document.kind)
            issued_on = self.a_date(record, where, "issued_on") or document.issued_on
        if kind is None or issued_on is None:
            return None
        title = self.text(record, where, "title", limit=1000) or (
            document.title if document else number
        )
        saved = document_changes.save_document(
            self.session,
            number=number,
            issuing_body=body,
            kind=kind,
            issued_on=issued_on,
            title=title,
            summary=self.text(record, where, "summary"),
            meeting=meeting,
        )
        self._count("documents", saved.created, saved.changed, where, number)
        return saved.row

    # -- tasks -------------------------------------------------------------------------------

    def load_task(
        self, record: Record, where: Where, document: Document, default_roll: Roll = Roll.NONE
    ) -> Task | None:
        ref = self.text(record, where, "ref", required=True)
        title = self.text(record, where, "title", required=True, limit=1000)
        lead_code = self.text(record, where, "lead")
        if lead_code is None:
            self.fail(where, "lead", "missing_lead")
        lead = self.owner(where, "lead", lead_code) if lead_code else None
        co_owners = [
            owner
            for code in split_codes(record.get("co_owners"))
            if (owner := self.owner(where, "co_owners", code)) is not None
        ]
        start_on = self.a_date(record, where, "start_on")
        roll = self.choice(record, where, "roll", Roll, default_roll)
        due_on = self._deadline(record, where, document, start_on, roll or Roll.NONE)
        progress = self.integer(record, where, "progress", 0, 100)
        completed_on = self.a_date(record, where, "completed_on")
        cancelled_on = self.a_date(record, where, "cancelled_on")
        if ref is None or title is None or lead is None:
            return None
        assert document.id is not None
        first = self._tasks_seen.setdefault((document.id, ref), where)
        if first is not where:
            self.fail(where, "ref", "duplicate_task", ref=ref, first=first)
            return None
        fields = reimport.TaskFields(
            title=title,
            lead=lead,
            co_owners=co_owners,
            due_on=due_on,
            start_on=start_on,
            description=self.text(record, where, "description"),
        )
        try:
            task, created, changed = reimport.upsert_task(
                self.session, document, ref, fields, self.actor
            )
            changed |= reimport.apply_state(
                self.session,
                task,
                self.task_state(record, where, progress, completed_on, cancelled_on),
                self.actor,
            )
        except TrackerError as error:
            self.refused(where, error)
            return None
        self._count("tasks", created, changed, where, f"{ref} — {title}")
        return task

    def _deadline(
        self, record: Record, where: Where, document: Document, start_on: date | None, roll: Roll
    ) -> date | None:
        raw = self.scalar(record, where, "deadline")
        if raw is _REFUSED or _blank(raw):
            return None
        try:
            spec = parse_deadline(raw)
        except DateProblem as problem:
            self.fail(where, "deadline", "date", **date_problem_params(problem.key, raw))
            return None
        due_on = resolve_deadline(spec, document.issued_on, self.calendar, roll)
        try:
            lifecycle.check_task_dates(document, start_on, due_on)
        except TrackerError as error:
            self.refused(where, error)
            return None
        return due_on

    def task_state(
        self,
        record: Record,
        where: Where,
        progress: int | None,
        completed_on: date | None,
        cancelled_on: date | None,
    ) -> reimport.TaskState:
        """A row's state columns (the numbers and dates already read and checked)."""
        return reimport.TaskState(
            progress=progress,
            completed_on=completed_on,
            completion_note=self.text(record, where, "completion_note"),
            cancelled_on=cancelled_on,
            cancel_reason=self.text(record, where, "cancel_reason") if cancelled_on else None,
        )


class DutyLoading:
    """``duties:`` records: what is owed, by which units, on which cadence and due rule."""

    FIELDS = (
        "code",
        "title",
        "description",
        "kind",
        "owed_by",
        "owed_by_kind",
        "owed_to",
        "preset",
        "cadence",
        "rrule",
        "period_scheme",
        "due_rule",
        "due_value",
        "roll",
        "starts_on",
        "ends_on",
    )

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def load(self, record: Record, where: Where) -> Duty | None:
        from models.duties import Cadence, DueRule, DutyKind, PeriodScheme

        load = self.loader
        code = load.text(record, where, "code", required=True, limit=60)
        title = load.text(record, where, "title", required=True, limit=500)
        kind = load.choice(record, where, "kind", DutyKind, DutyKind.REPORT)
        preset_name = load.text(record, where, "preset")
        preset: dict[str, Any] = {}
        if preset_name is not None:
            try:
                preset = duty_lifecycle.preset(preset_name)
            except TrackerError as error:
                load.refused(where, error)
        cadence = load.choice(record, where, "cadence", Cadence, preset.get("cadence"))
        scheme = load.choice(
            record,
            where,
            "period_scheme",
            PeriodScheme,
            preset.get("period_scheme", PeriodScheme.CALENDAR),
        )
        due_rule = load.choice(record, where, "due_rule", DueRule, preset.get("due_rule"))
        due_value = load.integer(record, where, "due_value", 0, 1231)
        roll = load.choice(record, where, "roll", Roll, Roll.NEXT_WORKING_DAY)
        starts_on = load.a_date(record, where, "starts_on", required=True)
        ends_on = load.a_date(record, where, "ends_on")
        units = self._owing_units(record, where)
        owed_to_code = load.text(record, where, "owed_to")
        owed_to = load.unit(where, "owed_to", owed_to_code) if owed_to_code else None
        if None in (code, title, cadence, due_rule, starts_on, kind, scheme, roll):
            return None
        assert code is not None
        values: dict[str, Any] = {
            "title": title,
            "description": load.text(record, where, "description"),
            "kind": kind,
            "owed_to_unit_id": owed_to.id if owed_to else None,
            "cadence": cadence,
            "rrule": load.text(record, where, "rrule"),
            "period_scheme": scheme,
            "due_rule": due_rule,
            "due_value": due_value if due_value is not None else int(preset.get("due_value", 0)),
            "roll": roll,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
        try:
            saved = duty_lifecycle.save_duty(load.session, code=code, values=values, owed_by=units)
        except TrackerError as error:
            load.refused(where, error)
            return None
        load._count("duties", saved.created, saved.changed, where, code)
        return saved.row

    def _owing_units(self, record: Record, where: Where) -> list[Unit]:
        load = self.loader
        units = [
            u for c in split_codes(record.get("owed_by")) if (u := load.unit(where, "owed_by", c))
        ]
        by_kind = load.text(record, where, "owed_by_kind")
        if by_kind is not None:
            kind = load.choice(record, where, "owed_by_kind", UnitKind)
            if kind is not None:
                units += list(load.session.exec(select(Unit).where(Unit.kind == kind, Unit.active)))
        return list({u.id: u for u in units}.values())
