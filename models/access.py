"""Who may see and do what: every access rule of the web application, in one place.

Roles come from the organisation itself, not from a second user table: a person is
a member (the tasks they lead or co-own, their own unit's read-only), a unit manager
(the subtree below every unit they manage: sees it, approves its extensions and
completions), or sees everything (a person of the tracking office, or a named
administrator). Doors (web pages, forms) ask these functions and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.queries import Reach, in_reach, subtree
from models.sqlread import Reader, as_date, id_set_match, in_list


class Role(StrEnum):
    MEMBER = "member"
    MANAGER = "manager"
    OFFICE = "office"
    ADMIN = "admin"


@dataclass(frozen=True)
class Viewer:
    person_id: int
    code: str
    name: str
    language: str
    unit_id: int
    role: Role
    managed: tuple[int, ...]  # units this person manages
    managed_tree: tuple[int, ...]  # those units and every unit below them

    @property
    def everything(self) -> bool:
        return self.role in (Role.OFFICE, Role.ADMIN)


def viewer_for(
    reader: Reader, person_id: int, *, office_code: str | None, admin_codes: Sequence[str]
) -> Viewer | None:
    """The signed-in person with their role; None for an unknown or inactive person."""
    rows = reader.fetch(
        "SELECT p.id, p.code, p.full_name, p.language, p.unit_id, u.code FROM person p"
        " JOIN unit u ON u.id = p.unit_id WHERE p.id = :id AND p.active = :yes",
        {"id": person_id, "yes": True},
    )
    if not rows:
        return None
    pid, code, name, language, unit_id, unit_code = rows[0]
    managed = tuple(
        int(r[0])
        for r in reader.fetch(
            "SELECT id FROM unit WHERE manager_id = :id AND active = :yes ORDER BY id",
            {"id": pid, "yes": True},
        )
    )
    tree = sorted({u for m in managed for u in subtree(reader, m)})
    if code in admin_codes:
        role = Role.ADMIN
    elif office_code is not None and unit_code == office_code:
        role = Role.OFFICE
    elif managed:
        role = Role.MANAGER
    else:
        role = Role.MEMBER
    return Viewer(int(pid), code, name, language, int(unit_id), role, managed, tuple(tree))


def reach(viewer: Viewer) -> Reach | None:
    """The tasks the viewer may see (None: all of them)."""
    if viewer.everything:
        return None
    return Reach(
        unit_ids=sorted({*viewer.managed_tree, viewer.unit_id}),
        person_id=viewer.person_id,
        people_of_unit_ids=viewer.managed_tree,
    )


def own_work(viewer: Viewer) -> Reach:
    """What is the viewer's to do: led or co-owned by them or by a unit they manage."""
    return Reach(unit_ids=viewer.managed, person_id=viewer.person_id)


def can_see_task(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    return in_reach(reader, task_id, reach(viewer))


def can_act(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Report progress, report done, ask for an extension: the task's owners."""
    return in_reach(reader, task_id, None if viewer.everything else own_work(viewer))


def can_snooze(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Snooze one's own reminders about a task: a lead or co-owner, in person or as the
    manager of an owning unit (the people its owner reminders go to). The tracking office
    sees every task but its reminders about it are escalations, which are never snoozed."""
    return in_reach(reader, task_id, own_work(viewer))


def can_decide(reader: Reader, viewer: Viewer, task_id: int, requester_id: int) -> bool:
    """Approve or refuse a request: a manager above the task, or the tracking office or an
    administrator for any task; never the person who asked, whoever they are (separation
    of duties: the office asking for its own extension must not be its own approver)."""
    if requester_id == viewer.person_id:
        return False
    if viewer.everything:
        return True
    if not viewer.managed_tree:
        return False
    above = Reach(unit_ids=viewer.managed_tree, people_of_unit_ids=viewer.managed_tree)
    rows = reader.fetch(
        "SELECT t.lead_unit_id, p.unit_id FROM task t LEFT JOIN person p"
        " ON p.id = t.lead_person_id WHERE t.id = :id",
        {"id": task_id},
    )
    if not rows:
        return False
    home = rows[0][0] if rows[0][0] is not None else rows[0][1]
    return home in above.unit_ids


def can_comment(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Take part in a task's discussion: whoever may see the task."""
    return can_see_task(reader, viewer, task_id)


def can_delegate(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Give parts of a task to one's own people as sub-tasks (giao lại): a manager of the
    unit leading the task, or of a unit above it. Not the tracking office as such: it
    assigns tasks to units, and a unit shares out its own work."""
    if not viewer.managed_tree:
        return False
    rows = reader.fetch("SELECT lead_unit_id FROM task WHERE id = :id", {"id": task_id})
    return bool(rows) and rows[0][0] is not None and int(rows[0][0]) in viewer.managed_tree


def can_read_file(
    reader: Reader,
    viewer: Viewer,
    task_id: int | None,
    unit_id: int | None,
    document_id: int | None,
) -> bool:
    """Read an attached file: who sees its task; for a duty submission's evidence, who
    sees the owing unit; for a document's signed file, who sees one of its tasks."""
    if task_id is not None:
        return can_see_task(reader, viewer, task_id)
    if unit_id is not None:
        return can_see_unit(viewer, unit_id)
    if document_id is not None:
        if viewer.everything:
            return True
        tasks = reader.fetch("SELECT id FROM task WHERE document_id = :d", {"d": document_id})
        visible = reach(viewer)
        return any(in_reach(reader, int(row[0]), visible) for row in tasks)
    return False


def can_see_unit(viewer: Viewer, unit_id: int) -> bool:
    return viewer.everything or unit_id == viewer.unit_id or unit_id in viewer.managed_tree


def can_see_dashboard(viewer: Viewer) -> bool:
    """The leaders' dashboard and the year-end emulation: managers (their subtree), the
    tracking office and administrators (the whole committee); never a plain member."""
    return viewer.everything or bool(viewer.managed)


def leader_roots(reader: Reader, viewer: Viewer) -> list[int]:
    """The tops of what a leader's dashboard covers, each counted once: every top unit
    for the office and administrators; the managed units not below another managed
    one for a manager (two nested units would otherwise count their tasks twice)."""
    if viewer.everything:
        rows = reader.fetch("SELECT id FROM unit WHERE parent_id IS NULL ORDER BY code", {})
        return [int(r[0]) for r in rows]
    below = {u for m in viewer.managed for u in subtree(reader, m) if u != m}
    return [m for m in viewer.managed if m not in below]


def can_manage_duty(viewer: Viewer, unit_id: int) -> bool:
    """Record a submission or a waiver: the owing unit's managers, the office."""
    return viewer.everything or unit_id in viewer.managed_tree


def can_waive_duty(viewer: Viewer, owing_unit_id: int, owed_to_unit_id: int | None) -> bool:
    """Waive a unit's duty for a period: the office, or a manager of the unit the duty is
    owed to (its superior), never the owing unit's own manager: a branch secretary does
    not excuse his own branch (he records its submission instead)."""
    if viewer.everything:
        return True
    if owed_to_unit_id is None or owing_unit_id in viewer.managed:
        return False
    return owed_to_unit_id in viewer.managed_tree


def can_edit_directory(viewer: Viewer) -> bool:
    """Add and edit units and people, deactivate a person: the office, administrators."""
    return viewer.everything


def can_see_contacts(viewer: Viewer, unit_id: int) -> bool:
    """A person's e-mail and chat addresses: the office sees all; a manager those of the
    people in the units they manage; a member those of their own unit's people. Names,
    roles and units are open to every signed-in person (the directory)."""
    return viewer.everything or unit_id == viewer.unit_id or unit_id in viewer.managed_tree


def can_change_settings(viewer: Viewer) -> bool:
    return viewer.everything


def can_keep_records(viewer: Viewer) -> bool:
    """Enter meetings, documents and their tasks, and edit, reassign, cancel, restore or
    reopen any task: the tracking office and administrators. A unit manager changes his
    units' tasks only through the requests he decides (the office keeps the register)."""
    return viewer.everything


def can_read_signin_log(viewer: Viewer, person_id: int | None) -> bool:
    """One's own sign-in log; anyone's, or everyone's (None), for a named administrator."""
    return viewer.role == Role.ADMIN or (person_id is not None and person_id == viewer.person_id)


def visible_units(reader: Reader, viewer: Viewer) -> list[int]:
    if viewer.everything:
        return [int(r[0]) for r in reader.fetch("SELECT id FROM unit ORDER BY code", {})]
    return sorted({*viewer.managed_tree, viewer.unit_id})


@dataclass(frozen=True)
class Waiting:
    request_id: int
    task_id: int
    kind: str
    title: str
    requested_by: str
    new_due_on: object  # date | None (text on SQLite until read through ``as_date``)


def decisions_waiting(reader: Reader, viewer: Viewer, limit: int = 50) -> list[Waiting]:
    """Pending requests this viewer may decide, oldest first."""
    params: dict[str, object] = {"me": viewer.person_id}
    where = ["r.state = 'pending'", "r.requested_by_id <> :me"]
    if not viewer.everything:
        if not viewer.managed_tree:
            return []
        units = in_list("wu", viewer.managed_tree, params)
        where.append(f"COALESCE(t.lead_unit_id, lp.unit_id) IN {units}")
    sql = (
        "SELECT r.id, t.id, r.kind, t.title, p.full_name, r.new_due_on FROM task_request r"
        " JOIN task t ON t.id = r.task_id JOIN person p ON p.id = r.requested_by_id"
        " LEFT JOIN person lp ON lp.id = t.lead_person_id"
        f" WHERE {' AND '.join(where)} ORDER BY r.requested_at, r.id LIMIT {int(limit)}"
    )
    return [
        Waiting(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), as_date(r[5]))
        for r in reader.fetch(sql, params)
    ]


def approver(
    reader: Reader, task_id: int, requester_id: int, office_code: str | None
) -> int | None:
    """Who decides one request (``approvers`` for a single one: the web's announcement)."""
    return approvers(reader, [(task_id, requester_id)], office_code).get((task_id, requester_id))


def approvers(
    reader: Reader, asks: Sequence[tuple[int, int]], office_code: str | None
) -> dict[tuple[int, int], int | None]:
    """Who decides each request, given as (task id, asker id): the nearest manager above
    the task (its lead unit, or its leading person's unit, then upwards) other than the
    person asking; failing that, the tracking office's manager unless they asked. The same people
    ``can_decide`` lets decide, so only active units and active managers count (an
    inactive person cannot sign in, an inactive unit's manager manages nothing).

    Two queries however many requests (the tasks' home units, then every unit): the web
    asks for one request, a morning run for all those waiting."""
    if not asks:
        return {}
    params: dict[str, Any] = {}
    match = id_set_match("t.id", "ids", sorted({a[0] for a in asks}), params, reader.dialect)
    homes = {
        int(task_id): home
        for task_id, home in reader.fetch(
            "SELECT t.id, COALESCE(t.lead_unit_id, p.unit_id) FROM task t"
            f" LEFT JOIN person p ON p.id = t.lead_person_id WHERE {match}",
            params,
        )
    }
    units: dict[int, tuple[int | None, int | None]] = {}  # id -> (parent, deciding manager)
    office: int | None = None
    for row_id, parent_id, code, unit_active, manager_id, manager_active in reader.fetch(
        "SELECT u.id, u.parent_id, u.code, u.active, u.manager_id, p.active FROM unit u"
        " LEFT JOIN person p ON p.id = u.manager_id",
        {},
    ):
        manager = int(manager_id) if manager_id is not None and manager_active else None
        units[int(row_id)] = (parent_id, manager if unit_active else None)
        if code == office_code:
            office = manager if unit_active else None
    found: dict[tuple[int, int], int | None] = {}
    for task_id, requester_id in asks:
        chosen: int | None = None
        unit_id, seen = homes.get(task_id), set[int]()
        while unit_id is not None and unit_id in units and unit_id not in seen:
            seen.add(unit_id)
            parent_id, manager = units[unit_id]
            if manager is not None and manager != requester_id:
                chosen = manager
                break
            unit_id = parent_id
        if chosen is None and office != requester_id:  # nobody decides their own request
            chosen = office
        if task_id in homes:
            found[(task_id, requester_id)] = chosen
    return found


def can_import_files(viewer: Viewer) -> bool:
    """Upload minutes, task spreadsheets, duty submissions and resolutions to turn into
    tasks: the tracking office and administrators (an import writes across every unit)."""
    return viewer.everything


def can_draw_reports(viewer: Viewer) -> bool:
    """Download the committee's periodic report and duty compliance sheet: they cover
    every unit, so the tracking office and administrators."""
    return viewer.everything


def can_request_explanation(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Ask the lead of a task for a written explanation (yêu cầu giải trình): a manager
    above the task, or the tracking office or an administrator for any task. Whether the
    task is late or at risk enough to ask is the domain's check
    (``models.explanations.request_explanation``)."""
    return can_decide(reader, viewer, task_id, requester_id=0)


def can_answer_explanation(reader: Reader, viewer: Viewer, task_id: int) -> bool:
    """Answer an explanation request: the task's lead only, in person or as the manager of
    the leading unit (co-owners are not asked, and the office does not answer for them)."""
    rows = reader.fetch(
        "SELECT lead_unit_id, lead_person_id FROM task WHERE id = :id", {"id": task_id}
    )
    if not rows:
        return False
    unit_id, person_id = rows[0]
    return person_id == viewer.person_id or (unit_id is not None and unit_id in viewer.managed)


def can_mark_carry_over(viewer: Viewer) -> bool:
    """Mark the carried-over tasks at a meeting (continued, new deadline, closed): the
    tracking office, which keeps the minutes, or an administrator."""
    return viewer.everything
