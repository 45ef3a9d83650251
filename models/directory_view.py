"""The directory as a page reads it: the unit tree in order, each unit's manager and
people with their contact targets. A committee has tens of units and hundreds of
people: four small queries, put together here. Past ``PEOPLE_SHOWN`` people the tree
carries each unit's head count and one chosen unit's people (5,000 people on one page
cost 0.9 s to render, and nobody reads them on a phone)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from models.org import ContactTarget, Person, Unit


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    manager: Person | None
    people: list[Person] = field(default_factory=list)
    count: int = 0  # its people, listed or not


PEOPLE_SHOWN = 300


def unit_tree(session: Session, chosen: int | None = None) -> list[UnitNode]:
    """Every unit in tree order (children by code under their parent), with its head
    count and its people (active first, by name): everyone's in a directory of up to
    ``PEOPLE_SHOWN`` people, else only the ``chosen`` unit's."""
    counts: dict[int, int] = {
        int(unit_id): int(n)
        for unit_id, n in session.exec(
            select(Person.unit_id, func.count()).group_by(col(Person.unit_id))
        )
    }
    units = list(session.exec(select(Unit).order_by(col(Unit.code))))
    query = select(Person).order_by(col(Person.full_name))
    large = sum(counts.values()) > PEOPLE_SHOWN
    if large:
        managers = [u.manager_id for u in units if u.manager_id is not None]
        query = query.where(col(Person.unit_id).in_([chosen or 0]) | col(Person.id).in_(managers))
    people = list(session.exec(query))
    listed = {chosen} if large else {p.unit_id for p in people}
    nodes = _tree(units, people)
    for node in nodes:
        node.count = counts.get(node.unit.id or 0, 0)
        if node.unit.id not in listed:
            node.people = []
    return nodes


def _tree(units: list[Unit], people: list[Person]) -> list[UnitNode]:
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


def contacts_of(
    session: Session, people: list[int] | None = None
) -> dict[int, list[ContactTarget]]:
    """Each person's active contact targets, by person id (``people``: only theirs)."""
    found: dict[int, list[ContactTarget]] = defaultdict(list)
    query = select(ContactTarget).where(col(ContactTarget.active))
    if people is not None:
        query = query.where(col(ContactTarget.person_id).in_(people))
    rows = session.exec(query.order_by(col(ContactTarget.id)))
    for row in rows:
        found[row.person_id].append(row)
    return found
