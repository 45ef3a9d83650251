"""What the office's forms show and read back: the pick-lists of units and people (names
shown, codes sent; nobody types a code) and the task page's office section.

Shared by ``web.office_routes`` (which answers the forms) and ``web.pages`` (which shows
the task page with the office's forms on it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from models.directory_queries import managers, people, units
from models.i18n import fold
from models.lifecycle import co_owners_of
from models.org import Person, Unit
from models.queries import LABEL_CODE
from models.sqlread import Reader
from models.tasks import Task
from web.deps import reader


@dataclass(frozen=True)
class Choice:
    key: str  # "unit:CODE" / "person:CODE": what ``models.lookups.get_owner`` reads
    label: str  # what the clerk sees and picks


# Past this many active people, the lists offer the units' managers (the people who
# usually lead) and those already chosen, so a page stays small and fast on a directory
# of thousands (every person on every row of a form is slow to render); any other
# person is still found by the exact name typed.
PEOPLE_LISTED = 300


@dataclass(frozen=True)
class Choices:
    units: list[Choice]
    people: list[Choice]
    source: Reader | None = None  # to find an owner typed by a name the lists leave out

    @property
    def owners(self) -> list[Choice]:
        return self.units + self.people

    def key_of(self, text: str) -> str:
        """The key of a label picked from a searchable list (a key is kept as it is; an
        unknown text is passed on, for ``get_owner`` to refuse by name)."""
        text = text.strip()
        for choice in self.owners:
            if text in (choice.label, choice.key):
                return choice.key
        if self.source is not None:
            for table, column, kind in (
                ("person", "full_name", "person"),
                ("unit", "name", "unit"),
            ):
                rows = self.source.fetch(
                    f"SELECT code FROM {table} WHERE {column} = :name AND active = :yes",
                    {"name": text, "yes": True},
                )
                if len(rows) == 1:
                    return f"{kind}:{rows[0][0]}"
        return text

    def label_of(self, key: str) -> str:
        return next((c.label for c in self.owners if c.key == key), key)


def _everyone(r: Reader) -> tuple[list[Choice], list[Choice]]:
    """Every active unit and person with its label; a name two share gets its code
    added, so each label names one owner."""
    active = {
        row[0] for row in r.fetch("SELECT code FROM person WHERE active = :yes", {"yes": True})
    }
    found_units = [(f"unit:{e.code}", e.name, e.code) for e in units(r)]
    found_people = [(f"person:{e.code}", e.name, e.code) for e in people(r) if e.code in active]
    names = Counter(name for _, name, _ in found_units + found_people)

    def made(rows: list[tuple[str, str, str]]) -> list[Choice]:
        return sorted(
            (Choice(k, n if names[n] == 1 else f"{n}{LABEL_CODE}{c}") for k, n, c in rows),
            key=lambda c: c.label,
        )

    return made(found_units), made(found_people)


def choices(session: Session, also: Iterable[str] = ()) -> Choices:
    """Active units, then active people (nobody assigns work to someone who left), by
    name. Past ``PEOPLE_LISTED`` people: the managers and the people ``also`` names."""
    r = reader(session)
    unit_list, person_list = _everyone(r)
    if len(person_list) > PEOPLE_LISTED:
        wanted = set(also) | {f"person:{code}" for code, _ in managers(r)}
        person_list = [c for c in person_list if c.key in wanted]
    return Choices(unit_list, person_list, r)


SEARCH_LIMIT = 20


def search(session: Session, text: str) -> list[Choice]:
    """Units and people whose name holds ``text``, accents and case aside ("sang che"
    finds "Chi bộ Sáng chế"): what the pick-list offers as the clerk types."""
    wanted = fold(text)
    if not wanted:
        return []
    unit_list, person_list = _everyone(reader(session))
    return [c for c in unit_list + person_list if wanted in fold(c.label)][:SEARCH_LIMIT]


def owner_key(owner: Unit | Person) -> str:
    return f"unit:{owner.code}" if isinstance(owner, Unit) else f"person:{owner.code}"


@dataclass
class OfficeSection:
    """The office's forms on a task page: the pick-lists, what the task holds now, and
    after a refusal the form that failed, its problem and what was typed."""

    choices: Choices
    lead: str  # the lead's label
    co_owners: list[str]  # keys
    action: str = ""
    error: str = ""
    error_field: str = ""
    typed: Mapping[str, Any] = field(default_factory=dict)


def office_section(session: Session, task: Task) -> OfficeSection:
    lead: Unit | Person | None = (
        session.get(Unit, task.lead_unit_id)
        if task.lead_unit_id is not None
        else session.get(Person, task.lead_person_id)
    )
    helpers = []
    for row in co_owners_of(session, task):
        owner = (
            session.get(Unit, row.unit_id) if row.unit_id else session.get(Person, row.person_id)
        )
        if owner is not None:
            helpers.append(owner_key(owner))
    picks = choices(session, [*helpers, *([owner_key(lead)] if lead is not None else [])])
    lead_label = picks.label_of(owner_key(lead)) if lead is not None else ""
    return OfficeSection(picks, lead_label, helpers)
