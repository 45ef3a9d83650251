"""The directory as lists: units, people, duties and their open periods, for pick-lists.

Templates offer these as drop-downs, so a clerk picks a code instead of typing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.i18n import register
from models.sqlread import Reader


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    kind: str  # unit kind, person role, duty kind


def units(reader: Reader) -> list[Entry]:
    rows = reader.fetch("SELECT code, name, kind FROM unit WHERE active ORDER BY code", {})
    return [Entry(*r) for r in rows]


def people(reader: Reader) -> list[Entry]:
    sql = "SELECT p.code, p.full_name, p.role FROM person p ORDER BY p.code"
    return [Entry(*r) for r in reader.fetch(sql, {})]


def managers(reader: Reader) -> list[tuple[str, str]]:
    """The active managers of active units, (code, name) by name: the people who usually
    lead, offered first where a list of everyone would be too long."""
    rows = reader.fetch(
        "SELECT DISTINCT p.code, p.full_name FROM person p JOIN unit u ON u.manager_id = p.id"
        " WHERE u.active = :yes AND p.active = :yes ORDER BY p.full_name, p.code",
        {"yes": True},
    )
    return [(str(code), str(name)) for code, name in rows]


def duties(reader: Reader) -> list[Entry]:
    sql = "SELECT code, title, kind FROM duty WHERE active ORDER BY code"
    return [Entry(*r) for r in reader.fetch(sql, {})]


def period_keys(reader: Reader) -> list[str]:
    rows = reader.fetch("SELECT DISTINCT period_key FROM duty_instance ORDER BY period_key", {})
    return [r[0] for r in rows]


register(
    {
        "PersonRole.secretary": {"vi": "Bí thư", "en": "Secretary"},
        "PersonRole.deputy_secretary": {"vi": "Phó Bí thư", "en": "Deputy secretary"},
        "PersonRole.committee_member": {"vi": "Đảng ủy viên", "en": "Committee member"},
        "PersonRole.branch_secretary": {"vi": "Bí thư chi bộ", "en": "Branch secretary"},
        "PersonRole.member": {"vi": "Đảng viên", "en": "Member"},
        "PersonRole.office_staff": {"vi": "Cán bộ văn phòng", "en": "Office staff"},
        "PersonRole.inspector": {"vi": "Kiểm tra viên", "en": "Inspector"},
        "PersonRole.guest": {"vi": "Khách mời", "en": "Guest"},
        "PersonRole.other": {"vi": "Khác", "en": "Other"},
    }
)


@dataclass(frozen=True)
class Heading:
    """Who issues a report: the unit, the body above it, and who signs for it."""

    unit_id: int | None
    name: str
    parent_name: str | None
    manager_name: str | None


def issuing_unit(reader: Reader, unit_id: int | None) -> Heading | None:
    """The unit ``unit_id``, or else the committee (the first unit of kind committee)."""
    sql = (
        "SELECT u.id, u.name, pu.name, m.full_name FROM unit u"
        " LEFT JOIN unit pu ON pu.id = u.parent_id LEFT JOIN person m ON m.id = u.manager_id"
    )
    if unit_id is not None:
        rows = reader.fetch(sql + " WHERE u.id = :id", {"id": unit_id})
    else:
        rows = reader.fetch(sql + " WHERE u.kind = 'committee' ORDER BY u.code", {})
    return Heading(*rows[0]) if rows else None


def directory_records(reader: Reader) -> dict[str, list[dict[str, Any]]]:
    """Units, people (with contact targets) and duties as the minutes file writes them,
    so that a fresh home can be given the same directory before its tasks are restored."""
    units = []
    sql = (
        "SELECT u.code, u.name, u.kind, pu.code, m.code FROM unit u"
        " LEFT JOIN unit pu ON pu.id = u.parent_id LEFT JOIN person m ON m.id = u.manager_id"
        " ORDER BY u.code"
    )
    for code, name, kind, parent, manager in reader.fetch(sql, {}):
        unit: dict[str, Any] = {"code": code, "name": name, "kind": kind}
        unit.update({k: v for k, v in (("parent", parent), ("manager", manager)) if v})
        units.append(unit)
    contacts: dict[str, dict[str, str]] = {}
    sql = (
        "SELECT p.code, c.channel, c.address FROM contact_target c"
        " JOIN person p ON p.id = c.person_id ORDER BY p.code, c.id"
    )
    for code, channel, address in reader.fetch(sql, {}):
        contacts.setdefault(code, {}).setdefault(channel, address)  # one target per channel
    people = []
    sql = (
        "SELECT p.code, p.full_name, u.code, p.role, p.title, p.language FROM person p"
        " JOIN unit u ON u.id = p.unit_id ORDER BY p.code"
    )
    for code, name, unit_code, role, title, language in reader.fetch(sql, {}):
        person: dict[str, Any] = {"code": code, "name": name, "unit": unit_code, "role": role}
        if title:
            person["title"] = title
        person["language"] = language
        targets = dict(contacts.get(code, {}))
        if "email" in targets:
            person["email"] = targets.pop("email")
        if targets:
            person["chat"] = targets
        people.append(person)
    owing: dict[str, list[str]] = {}
    sql = (
        "SELECT d.code, u.code FROM duty_assignee a JOIN duty d ON d.id = a.duty_id"
        " JOIN unit u ON u.id = a.unit_id ORDER BY d.code, u.code"
    )
    for duty_code, unit_code in reader.fetch(sql, {}):
        owing.setdefault(duty_code, []).append(unit_code)
    duties = []
    sql = (
        "SELECT d.code, d.title, d.description, d.kind, ou.code, d.cadence, d.rrule,"
        " d.period_scheme, d.due_rule, d.due_value, d.roll, d.starts_on, d.ends_on"
        " FROM duty d LEFT JOIN unit ou ON ou.id = d.owed_to_unit_id ORDER BY d.code"
    )
    names = (
        "code",
        "title",
        "description",
        "kind",
        "owed_to",
        "cadence",
        "rrule",
        "period_scheme",
        "due_rule",
        "due_value",
        "roll",
        "starts_on",
        "ends_on",
    )
    for row in reader.fetch(sql, {}):
        duty = {k: v for k, v in zip(names, row, strict=True) if v is not None}
        for key in ("starts_on", "ends_on"):
            if key in duty:
                duty[key] = str(duty[key])[:10]
        duty["owed_by"] = owing.get(duty["code"], [])
        duties.append(duty)
    return {"units": units, "people": people, "duties": duties}
