"""The directory as a page reads it: the unit tree in order, each unit's manager and
people with their contact targets. A committee has tens of units and hundreds of
people: four small queries, put together here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from models.org import ContactTarget, Person, Unit


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    manager: Person | None
    people: list[Person] = field(default_factory=list)


def unit_tree(session: Session) -> list[UnitNode]:
    """Every unit in tree order (children by code under their parent), with its people
    (active first, by name)."""
    units = list(session.exec(select(Unit).order_by(col(Unit.code))))
    people = list(session.exec(select(Person).order_by(col(Person.full_name))))
    by_id = {p.id: p for p in people}
    members: dict[int, list[Person]] = defaultdict(list)
    for person in sorted(people, key=lambda p: not p.active):
        members[person.unit_id].append(person)
    children: dict[int | None, list[Unit]] = defaultdict(list)
    known = {u.id for u in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    found: list[UnitNode] = []
    seen: set[int | None] = set()

    def visit(unit: Unit, depth: int) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        manager = by_id.get(unit.manager_id) if unit.manager_id else None
        assert unit.id is not None
        found.append(UnitNode(unit, depth, manager, members.get(unit.id, [])))
        for child in children.get(unit.id, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return found


def contacts_of(session: Session) -> dict[int, list[ContactTarget]]:
    """Each person's active contact targets, by person id."""
    found: dict[int, list[ContactTarget]] = defaultdict(list)
    rows = session.exec(
        select(ContactTarget).where(col(ContactTarget.active)).order_by(col(ContactTarget.id))
    )
    for row in rows:
        found[row.person_id].append(row)
    return found
