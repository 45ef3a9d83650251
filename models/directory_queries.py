"""The directory as lists: units, people, duties and their open periods, for pick-lists.

Templates offer these as drop-downs, so a clerk picks a code instead of typing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.i18n import register
from models.sqlread import Reader, as_date


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


@dataclass(frozen=True)
class OpenPeriod:
    duty_code: str
    unit_code: str
    period_key: str
    due_on: date


def periods_without_submission(reader: Reader) -> list[OpenPeriod]:
    """Duty periods nobody has delivered or been excused from yet, soonest due first."""
    sql = (
        "SELECT d.code, u.code, i.period_key, i.due_on FROM duty_instance i"
        " JOIN duty d ON d.id = i.duty_id JOIN unit u ON u.id = i.unit_id"
        " WHERE i.waived_on IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM duty_submission s WHERE s.instance_id = i.id)"
        " ORDER BY i.due_on, d.code, u.code"
    )
    result = []
    for duty, unit, key, due in reader.fetch(sql, {}):
        due_on = as_date(due)
        assert due_on is not None
        result.append(OpenPeriod(duty, unit, key, due_on))
    return result


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
