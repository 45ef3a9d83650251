"""A person's work: the overdue and due-soon lists of the home page, and the task list
each of its counts links to. ONE function reads both, so the home page's "Quá hạn (3)"
is the three tasks the link shows (they once differed: the home page read only the
tasks led by the very units a leader manages, the list his whole subtree)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.access import Viewer
from models.queries import Page, Reach, TaskFilter, overdue_and_due_soon
from models.sqlread import Reader

DUE_SOON_DAYS = 30


def answers_for(viewer: Viewer) -> Reach | None:
    """What the viewer answers for: the tasks they lead or co-own, and those of every unit
    they manage and of the people in those units, down the tree; everything for the
    office and administrators (None)."""
    if viewer.everything:
        return None
    return Reach(
        unit_ids=viewer.managed_tree,
        person_id=viewer.person_id,
        people_of_unit_ids=viewer.managed_tree,
    )


def my_work(reader: Reader, viewer: Viewer, f: TaskFilter, today: date) -> tuple[Page, Page]:
    """(overdue, due within ``DUE_SOON_DAYS``) among what the viewer answers for, further
    narrowed by ``f`` (its reach is replaced); pages by ``f.limit`` and ``f.offset``."""
    mine = replace(f, reach=answers_for(viewer))
    return overdue_and_due_soon(reader, mine, today, DUE_SOON_DAYS)
