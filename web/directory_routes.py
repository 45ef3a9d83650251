"""The directory in the browser: the unit tree and its people for everyone signed in;
adding and editing units and people, and a person's leaving (their open tasks handed
over first), for the office. Rules live in ``models`` (``access``, ``org_changes``,
``person_leaving``); these routes read the form and show the answer."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session, col, func, select

import models.directory_queries  # noqa: F401  (registers the roles' names)
import web.directory_texts  # noqa: F401  (registers the texts)
from models.access import Viewer, can_edit_directory, can_see_contacts
from models.directory_view import contacts_of, unit_tree
from models.errors import TrackerError
from models.i18n import LANGUAGES, t
from models.lifecycle import Owner
from models.lookups import find_person, find_unit
from models.org import ContactChannel, ContactTarget, Person, PersonRole, Unit, UnitKind
from models.org_changes import place_unit, save_person, save_unit, set_contacts
from models.person_leaving import deactivate_person, open_tasks_of
from web.deps import NotFound, db, render, signed_in, signed_post
from web.office_forms import PEOPLE_LISTED

router = APIRouter()
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
FORM_CHANNELS = (ContactChannel.EMAIL, ContactChannel.TELEGRAM)  # the rest kept as they are


@router.get("/directory")
def directory(request: Request, notice: str = "", unit: str = "") -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        text = t("web.dir.saved", viewer.language) if notice == "saved" else ""
        return _directory_page(request, session, viewer, text, unit)


def _directory_page(
    request: Request, session: Session, viewer: Viewer, notice: str, unit: str = ""
) -> Response:
    chosen = session.exec(select(Unit.id).where(Unit.code == unit)).first() if unit else None
    nodes = unit_tree(session, chosen)
    contacts = contacts_of(session, [p.id or 0 for node in nodes for p in node.people])
    shown = {
        p.id: contacts.get(p.id or 0, [])
        for node in nodes
        for p in node.people
        if can_see_contacts(viewer, p.unit_id)
    }
    return render(
        request,
        "directory.html",
        viewer,
        nodes=nodes,
        contacts=shown,
        may_edit=can_edit_directory(viewer),
        notice=notice,
    )


def _editor(request: Request, session: Session) -> Viewer:
    viewer = signed_in(request, session)
    if not can_edit_directory(viewer):
        raise NotFound
    return viewer


def _choices(
    session: Session,
    *,
    people_too: bool = False,
    unit_id: int | None = None,
    also: Collection[str] = (),
) -> dict[str, Any]:
    """The forms' lists: units always; people for the unit form's manager and a leaving
    person's successors. Past ``PEOPLE_LISTED`` active people (the leave page listed
    everyone on every task: megabytes at 5,000 people) the people are the units'
    managers, the people of ``unit_id`` and the codes ``also`` names, as the office's
    other forms offer them."""
    units = list(session.exec(select(Unit).where(col(Unit.active)).order_by(col(Unit.name))))
    people: list[Person] = []
    shortened = False
    if people_too:
        query = select(Person).where(col(Person.active))
        active = session.exec(select(func.count()).select_from(query.subquery())).one()
        if active > PEOPLE_LISTED:
            shortened = True
            managing = select(Unit.manager_id).where(col(Unit.active))
            wanted = col(Person.id).in_(managing) | col(Person.code).in_(list(also))
            if unit_id is not None:
                wanted = wanted | (col(Person.unit_id) == unit_id)
            query = query.where(wanted)
        people = list(session.exec(query.order_by(col(Person.full_name))))
    return {
        "units": units,
        "people": people,
        "shortened": shortened,
        "roles": list(PersonRole),
        "kinds": list(UnitKind),
        "languages": LANGUAGES,
    }


def _person_form(person: Person, contacts: list[ContactTarget]) -> dict[str, str]:
    unit_code = ""
    form = {
        "code": person.code,
        "full_name": person.full_name,
        "role": person.role.value,
        "title": person.title or "",
        "language": person.language,
        "unit": unit_code,
    }
    for channel in FORM_CHANNELS:
        form[channel.value] = next((c.address for c in contacts if c.channel == channel), "")
    return form


def _person_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    form: dict[str, str],
    *,
    editing: bool,
    error: str = "",
) -> Response:
    return render(
        request,
        "person_form.html",
        viewer,
        400 if error else 200,
        form=form,
        editing=editing,
        error=error,
        **_choices(session),
    )


@router.get("/directory/people/new")
def new_person(request: Request, unit: str = "") -> Response:
    with db(request) as session:
        viewer = _editor(request, session)
        form = {"language": "vi", "role": PersonRole.MEMBER.value, "unit": unit}
        return _person_page(request, session, viewer, form, editing=False)


@router.get("/directory/people/{code}/edit")
def edit_person(request: Request, code: str) -> Response:
    with db(request) as session:
        viewer = _editor(request, session)
        person = find_person(session, code)
        if person is None:
            raise NotFound
        contacts = list(
            session.exec(select(ContactTarget).where(ContactTarget.person_id == person.id))
        )
        form = _person_form(person, contacts)
        unit = session.get(Unit, person.unit_id)
        form["unit"] = unit.code if unit else ""
        return _person_page(request, session, viewer, form, editing=True)


def _required(lang: str, **values: str) -> None:
    for key, value in values.items():
        if not value.strip():
            what = t(f"web.dir.{key}", lang)
            raise TrackerError("form_required", field=key, what=what)


@router.post("/directory/people")
def save_person_form(
    request: Request,
    csrf: Text = "",
    editing: Text = "",
    code: Text = "",
    full_name: Text = "",
    unit: Text = "",
    role: Text = "",
    title: Text = "",
    language: Text = "vi",
    email: Text = "",
    telegram: Text = "",
) -> Response:
    form = {
        "code": code.strip(),
        "full_name": full_name.strip(),
        "unit": unit,
        "role": role,
        "title": title.strip(),
        "language": language,
        "email": email.strip(),
        "telegram": telegram.strip(),
    }
    with signed_post(request, csrf) as (session, viewer):
        if not can_edit_directory(viewer):
            raise NotFound
        try:
            _required(viewer.language, code=code, name=full_name)
            existing = find_person(session, form["code"])
            if existing is not None and not editing:
                raise TrackerError("code_taken", field="code", code=form["code"])
            if existing is None and editing:
                raise NotFound
            home = find_unit(session, unit)
            if home is None:
                raise TrackerError(
                    "form_required", field="unit", what=t("web.dir.unit", viewer.language)
                )
            chosen_role = (
                PersonRole(role) if role in {r.value for r in PersonRole} else PersonRole.MEMBER
            )
            saved = save_person(
                session,
                code=form["code"],
                full_name=form["full_name"],
                unit=home,
                role=chosen_role,
                title=form["title"] or None,
                language=language,
            ).row
            kept = [
                (c.channel, c.address)
                for c in session.exec(
                    select(ContactTarget).where(ContactTarget.person_id == saved.id)
                )
                if c.channel not in FORM_CHANNELS
            ]
            typed = [
                (channel, form[channel.value]) for channel in FORM_CHANNELS if form[channel.value]
            ]
            set_contacts(session, saved, kept + typed)
            session.commit()
        except TrackerError as problem:
            session.rollback()
            return _person_page(
                request,
                session,
                viewer,
                form,
                editing=bool(editing),
                error=problem.render(viewer.language),
            )
    return RedirectResponse("/directory?notice=saved", status_code=303)


def _unit_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    form: dict[str, str],
    *,
    editing: bool,
    error: str = "",
) -> Response:
    return render(
        request,
        "unit_form.html",
        viewer,
        400 if error else 200,
        form=form,
        editing=editing,
        error=error,
        **_choices(
            session,
            people_too=True,
            unit_id=_unit_id(session, form["code"]) if editing else None,
            also=[form.get("manager", "")],
        ),
    )


def _unit_id(session: Session, code: str) -> int | None:
    unit = find_unit(session, code)
    return unit.id if unit is not None else None


@router.get("/directory/units/new")
def new_unit(request: Request, parent: str = "") -> Response:
    with db(request) as session:
        viewer = _editor(request, session)
        form = {"kind": UnitKind.SUB_BRANCH.value, "parent": parent}
        return _unit_page(request, session, viewer, form, editing=False)


@router.get("/directory/units/{code}/edit")
def edit_unit(request: Request, code: str) -> Response:
    with db(request) as session:
        viewer = _editor(request, session)
        unit = find_unit(session, code)
        if unit is None:
            raise NotFound
        parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
        manager = session.get(Person, unit.manager_id) if unit.manager_id else None
        form = {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind.value,
            "parent": parent.code if parent else "",
            "manager": manager.code if manager else "",
        }
        return _unit_page(request, session, viewer, form, editing=True)


@router.post("/directory/units")
def save_unit_form(
    request: Request,
    csrf: Text = "",
    editing: Text = "",
    code: Text = "",
    name: Text = "",
    kind: Text = "",
    parent: Text = "",
    manager: Text = "",
) -> Response:
    form = {
        "code": code.strip(),
        "name": name.strip(),
        "kind": kind,
        "parent": parent,
        "manager": manager,
    }
    with signed_post(request, csrf) as (session, viewer):
        if not can_edit_directory(viewer):
            raise NotFound
        try:
            _required(viewer.language, unit_code=code, unit_name=name)
            existing = find_unit(session, form["code"])
            if existing is not None and not editing:
                raise TrackerError("code_taken", field="code", code=form["code"])
            if existing is None and editing:
                raise NotFound
            chosen_kind = UnitKind(kind) if kind in {k.value for k in UnitKind} else UnitKind.OTHER
            saved = save_unit(session, code=form["code"], name=form["name"], kind=chosen_kind).row
            place_unit(
                session,
                saved,
                parent=find_unit(session, parent) if parent else None,
                manager=find_person(session, manager) if manager else None,
            )
            session.commit()
        except TrackerError as problem:
            session.rollback()
            return _unit_page(
                request,
                session,
                viewer,
                form,
                editing=bool(editing),
                error=problem.render(viewer.language),
            )
    return RedirectResponse("/directory?notice=saved", status_code=303)


def _leave_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    person: Person,
    chosen: dict[int, str],
    error: str = "",
) -> Response:
    named = [owner.partition(":")[2] for owner in chosen.values() if owner.startswith("person:")]
    choices = _choices(session, people_too=True, unit_id=person.unit_id, also=named)
    return render(
        request,
        "person_leave.html",
        viewer,
        400 if error else 200,
        person=person,
        tasks=open_tasks_of(session, person),
        chosen=chosen,
        units=choices["units"],
        people=[p for p in choices["people"] if p.id != person.id],
        shortened=choices["shortened"],
        error=error,
    )


@router.get("/directory/people/{code}/deactivate")
def leave(request: Request, code: str) -> Response:
    with db(request) as session:
        viewer = _editor(request, session)
        person = find_person(session, code)
        if person is None or not person.active:
            raise NotFound
        return _leave_page(request, session, viewer, person, {})


def _owner(session: Session, value: str) -> Owner | None:
    """A pick-list's value: "unit:CODE", "person:CODE", or "none" (no successor)."""
    kind, _, code = value.partition(":")
    found: Owner | None = None
    if kind == "unit":
        found = find_unit(session, code)
    elif kind == "person":
        found = find_person(session, code)
    if found is None:
        raise TrackerError("successor_not_valid", field="successor", task="?")
    return found


@router.post("/directory/people/{code}/deactivate")
def leave_post(request: Request, code: str, csrf: Text = "", successor: Many = []) -> Response:  # noqa: B006
    with signed_post(request, csrf) as (session, viewer):
        if not can_edit_directory(viewer):
            raise NotFound
        person = find_person(session, code)
        if person is None or not person.active:
            raise NotFound
        chosen: dict[int, str] = {}
        for value in successor:  # each "TASK_ID|unit:CODE" (or "|none"); unchosen ones empty
            task_text, _, owner = value.partition("|")
            if task_text.isascii() and task_text.isdigit() and owner:
                chosen[int(task_text)] = owner
        try:
            successors = {
                task_id: None if owner == "none" else _owner(session, owner)
                for task_id, owner in chosen.items()
            }
            handed = deactivate_person(session, person, successors, viewer.code)
            session.commit()
        except TrackerError as problem:
            session.rollback()
            person = find_person(session, code) or person
            return _leave_page(
                request, session, viewer, person, chosen, problem.render(viewer.language)
            )
        text = t("web.dir.left", viewer.language, name=person.full_name, n=len(handed))
        return _directory_page(request, session, viewer, text)
