"""Who hears about a task, in which role, and through which channels.

A unit's reminders go to its manager unless the configuration names other people for
it. Escalations go one step up (the manager of the owner's superior unit) and to the
tracking office. Anyone who cannot be reached is reported, never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.recipient_roles import RecipientRole
from notifications.config import NotifyConfig
from notifications.directory import Directory


@dataclass(frozen=True)
class Unreachable:
    who: str  # a person or unit code
    reason: str  # "no_manager" | "no_channel"


@dataclass
class Router:
    directory: Directory
    config: NotifyConfig
    unreachable: set[Unreachable] = field(default_factory=set)

    def unit_people(self, unit_id: int) -> list[int]:
        unit = self.directory.units.get(unit_id)
        if unit is None:
            return []
        named = self.config.unit_contacts.get(unit.code)
        if named:
            ids = [self.directory.person_ids_by_code.get(code) for code in named]
            return [i for i in ids if i is not None]
        manager = self.directory.manager_of(unit_id)
        if manager is None:
            self.unreachable.add(Unreachable(unit.code, "no_manager"))
            return []
        return [manager]

    def owners(
        self,
        lead_unit_id: int | None,
        lead_person_id: int | None,
        co_owners: list[tuple[int | None, int | None]],
    ) -> dict[int, RecipientRole]:
        """person id -> role (LEAD wins over CO_OWNER)."""
        roles: dict[int, RecipientRole] = {}
        for unit_id, person_id in co_owners:
            targets = [person_id] if person_id is not None else self.unit_people(unit_id or 0)
            for target in targets:
                if target is not None and target in self.directory.people:
                    roles[target] = RecipientRole.CO_OWNER
        lead_targets = (
            [lead_person_id] if lead_person_id is not None else self.unit_people(lead_unit_id or 0)
        )
        for target in lead_targets:
            if target is not None and target in self.directory.people:
                roles[target] = RecipientRole.LEAD
        return roles

    def escalation(self, lead_unit_id: int | None, lead_person_id: int | None) -> list[int]:
        """The next person up from the owner, and the tracking office."""
        d = self.directory
        up: list[int] = []
        if lead_person_id is not None:
            person = d.people.get(lead_person_id)
            home = person.unit_id if person else None
            manager = d.manager_of(home)
            up = (
                [manager]
                if manager not in (None, lead_person_id)
                else self.unit_people_or_none(d.parent_of(home))
            )
        else:
            up = self.unit_people_or_none(d.parent_of(lead_unit_id))
        office = d.unit_ids_by_code.get(self.config.tracking_office or "")
        if office is not None:
            up += self.unit_people(office)
        return list(dict.fromkeys(p for p in up if p is not None))

    def unit_people_or_none(self, unit_id: int | None) -> list[int]:
        return self.unit_people(unit_id) if unit_id is not None else []

    def channels(self, person_id: int) -> list[tuple[str, str, str]]:
        """(channel, address, url) for each working channel of a person."""
        found = []
        for channel, address in self.directory.contacts.get(person_id, []):
            url = self.config.url_for(channel, address)
            if url is not None:
                found.append((channel, address, url))
        if not found:
            self.unreachable.add(Unreachable(self.directory.people[person_id].code, "no_channel"))
        return found
