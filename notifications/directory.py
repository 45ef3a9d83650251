"""Who is who: units, people and their contact targets, loaded once per run.

Routing needs the whole organisation at hand (managers up the tree, contacts of
thousands of people); one query per table beats one query per reminder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from models.base import table_of
from models.org import ContactTarget, Person, Unit


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None
    manager_id: int | None


@dataclass(frozen=True)
class PersonInfo:
    id: int
    code: str
    name: str
    language: str
    unit_id: int


@dataclass
class Directory:
    units: dict[int, UnitInfo]
    people: dict[int, PersonInfo]
    contacts: dict[int, list[tuple[str, str]]]  # person id -> [(channel, address)]
    unit_ids_by_code: dict[str, int] = field(default_factory=dict)
    person_ids_by_code: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection) -> Directory:
        u, p, c = table_of(Unit), table_of(Person), table_of(ContactTarget)
        units = {
            r.id: UnitInfo(r.id, r.code, r.name, r.parent_id, r.manager_id)
            for r in connection.execute(
                sa.select(u.c.id, u.c.code, u.c.name, u.c.parent_id, u.c.manager_id).where(
                    u.c.active
                )
            )
        }
        people = {
            r.id: PersonInfo(r.id, r.code, r.full_name, r.language, r.unit_id)
            for r in connection.execute(
                sa.select(p.c.id, p.c.code, p.c.full_name, p.c.language, p.c.unit_id).where(
                    p.c.active
                )
            )
        }
        contacts: dict[int, list[tuple[str, str]]] = defaultdict(list)
        query = sa.select(c.c.person_id, c.c.channel, c.c.address).where(c.c.active)
        for r in connection.execute(query.order_by(c.c.id)):
            contacts[r.person_id].append((r.channel, r.address))
        return cls(
            units,
            people,
            dict(contacts),
            {x.code: x.id for x in units.values()},
            {x.code: x.id for x in people.values()},
        )

    def manager_of(self, unit_id: int | None) -> int | None:
        unit = self.units.get(unit_id) if unit_id is not None else None
        if unit is None or unit.manager_id not in self.people:
            return None
        return unit.manager_id

    def parent_of(self, unit_id: int | None) -> int | None:
        unit = self.units.get(unit_id) if unit_id is not None else None
        return unit.parent_id if unit else None
