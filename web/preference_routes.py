"""The person's notification settings page, the unsubscribe link, and snoozing a task.

A thin door onto ``models.preferences``: parse the form, ask ``models.access``, call the
domain, show the page again (a refusal inline, in the reader's language).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

import web.preference_texts  # noqa: F401  (registers this page's texts)
from models.access import Viewer, can_snooze
from models.errors import TrackerError
from models.i18n import t
from models.org import Person
from models.preferences import (
    CoOwnedEvery,
    active_snoozes,
    channel_choices,
    preference_of,
    save_preferences,
    set_non_essential,
    snooze_task,
    unsnooze,
)
from models.tasks import Task
from models.tokens import UNSUBSCRIBE, read
from web import limits
from web.actions import form_date
from web.deps import (
    NotFound,
    db,
    message,
    reader,
    render,
    require_csrf,
    signed_in,
    signed_post,
    state_of,
)
from web.pages import task_page
from web.params import RowId, row_id

router = APIRouter()
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
SETTINGS = "/me/notifications"


def _now(request: Request) -> datetime:
    return state_of(request).moment() or datetime.now(UTC)


def _settings_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    *,
    error: str | None = None,
    notice: str | None = None,
) -> Response:
    pref = preference_of(session, viewer.person_id)
    return render(
        request,
        "notifications.html",
        viewer,
        400 if error else 200,
        pref=pref,
        weekly=pref.co_owned_every == CoOwnedEvery.WEEKLY,
        channels=channel_choices(session, viewer.person_id),
        snoozes=active_snoozes(session, viewer.person_id, state_of(request).today()),
        error=error,
        notice=notice,
    )


@router.get(SETTINGS)
def settings_page(request: Request, saved: int = 0) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        notice = t("web.prefs.saved", viewer.language) if saved else None
        return _settings_page(request, session, viewer, notice=notice)


def _ordered(order: list[str], on: list[str], move: str) -> list[tuple[int, bool]]:
    """The submitted order with the enabled flags, one "up"/"down" move applied."""
    ids = [i for i in map(row_id, order) if i is not None]
    enabled = {i for i in map(row_id, on) if i is not None}
    target, _, way = move.partition(":")
    moved = row_id(target)
    if moved is not None and moved in ids:
        i = ids.index(moved)
        j = i - 1 if way == "up" else i + 1
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
    return [(i, i in enabled) for i in ids]


@router.post(SETTINGS)
def save_settings(
    request: Request,
    csrf: Text = "",
    language: Text = "",
    co_owned_every: Text = "",
    non_essential: Text = "",
    order: Many = [],  # noqa: B006  (FastAPI reads the default, never mutates it)
    on: Many = [],  # noqa: B006
    move: Text = "",
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        person = session.get(Person, viewer.person_id)
        assert person is not None
        try:
            save_preferences(
                session,
                person,
                language=language,
                co_owned_every=co_owned_every,
                non_essential=non_essential == "on",
                channels=_ordered(order, on, move),
                now=_now(request),
            )
            session.commit()
        except TrackerError as error:
            session.rollback()
            return _settings_page(request, session, viewer, error=error.render(viewer.language))
    anchor = "#channels" if move else ""
    return RedirectResponse(f"{SETTINGS}?saved=1{anchor}", status_code=303)


@router.post("/me/snoozes/{task_id}/end")
def end_snooze(request: Request, task_id: RowId, csrf: Text = "", back: Text = "") -> Response:
    with signed_post(request, csrf) as (session, viewer):
        unsnooze(session, viewer.person_id, task_id)
        session.commit()
    target = f"/tasks/{task_id}" if back == "task" else SETTINGS
    return RedirectResponse(target, status_code=303)


@router.post("/tasks/{task_id}/snooze")
def snooze(request: Request, task_id: RowId, csrf: Text = "", until: Text = "") -> Response:
    with signed_post(request, csrf) as (session, viewer):
        today = state_of(request).today()
        if not can_snooze(reader(session), viewer, task_id):
            raise NotFound
        task = session.get(Task, task_id)
        assert task is not None
        try:
            snooze_task(session, viewer.person_id, task, form_date(until), today)
            session.commit()
        except TrackerError as error:
            session.rollback()
            return task_page(
                request,
                session,
                viewer,
                task_id,
                snooze_error=error.render(viewer.language),
                snooze_value=until,
            )
        return task_page(
            request, session, viewer, task_id, notice=t("web.snooze.saved", viewer.language)
        )


def _unsubscriber(request: Request, session: Session, token: str) -> Person | None:
    st = state_of(request)
    payload = read(session, st.secret, token, UNSUBSCRIBE, st.moment())
    if payload is None:
        return None
    person = session.get(Person, payload["p"])
    return person if person is not None and person.active else None


def _unsubscribe_page(request: Request, token: str, person: Person, done: bool) -> Response:
    """The page in the language of the person the link names (no one is signed in)."""
    return render(
        request,
        "unsubscribe.html",
        None,
        reader=person.language,
        token=token,
        who=person,
        done=done,
    )


@router.get("/u/{token}")
def unsubscribe_confirm(request: Request, token: str) -> Response:
    """No sign-in needed; nothing changes on GET (mail scanners open links)."""
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request, records=True) as session:  # a refused token is counted
        person = _unsubscriber(request, session, token)
        if person is None:
            limits.count_refused_token(request, session)
            session.commit()
            return message(request, None, "web.login.bad_link", 400)
        return _unsubscribe_page(request, token, person, done=False)


@router.post("/u/{token}")
def unsubscribe(request: Request, token: str, csrf: Text = "") -> Response:
    """Turns non-essential messages off. The token stays valid: the link is reusable."""
    require_csrf(request, csrf)
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request, records=True) as session:  # a refused token is counted
        person = _unsubscriber(request, session, token)
        if person is None or person.id is None:
            limits.count_refused_token(request, session)
            session.commit()
            return message(request, None, "web.login.bad_link", 400)
        set_non_essential(session, person.id, False, _now(request))
        session.commit()
        return _unsubscribe_page(request, token, person, done=True)
