"""The directory as lists: units, people, duties and their open periods, for pick-lists.

Templates offer these as drop-downs, so a clerk picks a code instead of typing one.
"""

from __future__ import annotations

from dataclasses import dataclass

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
