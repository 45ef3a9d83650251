"""Writing the organisation: units in a tree, people in units, how to reach them.

Every door (minutes and spreadsheet imports, the command line, the web) writes through
these functions, so the rules hold whichever way data comes in: a unit tree without
cycles, a language we speak, contact targets without credentials.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select

from models.changes import Saved, assign
from models.contacts import normalise_target
from models.errors import TrackerError
from models.i18n import LANGUAGES, register
from models.lookups import find_person, find_unit
from models.org import ContactChannel, ContactTarget, Person, PersonRole, Unit, UnitKind


def save_unit(session: Session, *, code: str, name: str, kind: UnitKind) -> Saved[Unit]:
    """Create the unit or update it by code (its place in the tree: ``place_unit``)."""
    unit = find_unit(session, code)
    created = unit is None
    unit = unit or Unit(code=code, name=name, kind=kind)
    changed = assign(unit, {"name": name, "kind": kind})
    session.add(unit)
    session.flush()
    return Saved(unit, created, changed)


def place_unit(
    session: Session, unit: Unit, *, parent: Unit | None, manager: Person | None
) -> bool:
    """Set the unit's parent and manager; a parent below the unit itself is refused."""
    values: dict[str, Any] = {}
    if parent is not None:
        if creates_cycle(session, unit, parent):
            raise TrackerError("unit_cycle", field="parent", code=unit.code)
        values["parent_id"] = parent.id
    if manager is not None:
        values["manager_id"] = manager.id
    if not assign(unit, values):
        return False
    session.add(unit)
    session.flush()
    return True


def creates_cycle(session: Session, unit: Unit, parent: Unit) -> bool:
    """Whether making ``parent`` the unit's parent closes a loop in the tree."""
    seen: set[int | None] = set()
    node: Unit | None = parent
    while node is not None and node.id not in seen:
        if node.id == unit.id:
            return True
        seen.add(node.id)
        node = session.get(Unit, node.parent_id) if node.parent_id else None
    return node is not None


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise TrackerError(
            "bad_language", field="language", value=language, choices=", ".join(LANGUAGES)
        )
    return language


def save_person(
    session: Session,
    *,
    code: str,
    full_name: str,
    unit: Unit,
    role: PersonRole = PersonRole.MEMBER,
    title: str | None = None,
    language: str = "vi",
) -> Saved[Person]:
    values: dict[str, Any] = {
        "full_name": full_name,
        "unit_id": unit.id,
        "role": role,
        "title": title,
        "language": check_language(language),
    }
    person = find_person(session, code)
    created = person is None
    person = person or Person(code=code, **values)
    changed = assign(person, values)
    session.add(person)
    session.flush()
    return Saved(person, created, changed)


def set_contacts(
    session: Session, person: Person, targets: Iterable[tuple[ContactChannel, str]]
) -> bool:
    """Replace the person's contact targets (addresses only: never credentials); each
    must be one recipient (``models.contacts``)."""
    wanted = {(channel, normalise_target(channel, address)) for channel, address in targets}
    existing = {
        (c.channel, c.address): c
        for c in session.exec(select(ContactTarget).where(ContactTarget.person_id == person.id))
    }
    if set(existing) == wanted:
        return False
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
    assert person.id is not None
    for channel, address in wanted - set(existing):
        session.add(ContactTarget(person_id=person.id, channel=channel, address=address))
    session.flush()
    return True


register(
    {
        "error.unit_cycle": {
            "vi": "Đơn vị «{code}» sẽ nằm trong một vòng lặp cấp trên.",
            "en": "Unit «{code}» would be in a cycle of parents.",
        },
        "error.bad_language": {
            "vi": "Ngôn ngữ «{value}» không hỗ trợ; chọn: {choices}.",
            "en": "Language «{value}» is not supported; choose: {choices}.",
        },
    }
)
