"""Signing in and out by one-time links, one-click actions from reminders, calendar feeds.

Every link opens a confirmation page (GET changes nothing: mail scanners open links);
only the form's POST spends the token and acts. Signing in starts a session held by the
server (``models.web_sessions``); signing out ends it for every copy of the cookie.
Sign-in requests and token routes are rate-limited in the database (``web.limits``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.access import can_act, viewer_for
from models.errors import TrackerError
from models.item_kinds import ItemKind
from models.links import signin_link
from models.org import Person
from models.queries import TaskFilter, list_tasks
from models.rate_limits import hit
from models.receipts import mark_read
from models.tasks import Task
from models.tokens import ACTION, SIGNIN, feed_owner, mint, read, spend
from models.web_sessions import SigninKind, end, log, new_id, start
from notifications.kinds.signin import find_for_signin, normalise_identifier, send_signin
from web import limits
from web.actions import announce, apply_action
from web.deps import (
    NotFound,
    current_viewer,
    db,
    message,
    reader,
    render,
    require_csrf,
    state_of,
)
from web.sessions import client_of, replace, session_id
from web.sessions import person_id as current_person

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/login")
def login_page(request: Request) -> Response:
    with db(request) as session:
        viewer = current_viewer(request, session)
    if viewer is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", None)


def _send_link(request: Request, person_id: int, address: str) -> None:
    st = state_of(request)
    token = mint(st.secret, SIGNIN, person_id)
    base = st.base_url
    with db(request) as session:
        person = session.get(Person, person_id)
        if person is not None:
            send_signin(st.notify, person, address, signin_link(base, token))


@router.post("/login")
def login_request(
    request: Request, background: BackgroundTasks, identifier: Text = "", csrf: Text = ""
) -> Response:
    require_csrf(request, csrf)
    now = state_of(request).clock()
    with db(request) as session:
        found = None
        allowed = hit(session, limits.SIGNIN_CLIENT, limits.client_subject(request), now)
        if allowed:
            found = find_for_signin(session, identifier)
            person_id = found[0].id if found is not None else None
            subject = limits.identifier_subject(person_id, normalise_identifier(identifier))
            allowed = hit(session, limits.SIGNIN_PERSON, subject, now)
            if person_id is not None:
                kind = SigninKind.REQUESTED if allowed else SigninKind.LIMITED
                log(session, person_id, kind, now, client_of(request))
        session.commit()
    if not allowed:
        return limits.too_many(request)
    if found is not None:
        person, address = found
        assert person.id is not None
        # Sent after the answer: the page and its timing are the same for any address.
        background.add_task(_send_link, request, person.id, address)
    return message(request, None, "web.login.sent")


@router.get("/login/{token}")
def login_confirm(request: Request, token: str) -> Response:
    st = state_of(request)
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request, records=True) as session:  # refused tokens, receipts
        payload = read(session, st.secret, token, SIGNIN, _now(request))
        who = session.get(Person, payload["p"]) if payload is not None else None
        if who is None:
            limits.count_refused_token(request, session)
            session.commit()
    if who is None:
        return message(request, None, "web.login.bad_link", 400)
    # Named, in their language: a forwarded link would sign the reader in as its owner.
    return render(request, "confirm_signin.html", None, reader=who.language, token=token, who=who)


@router.post("/login/{token}")
def login_finish(request: Request, token: str, csrf: Text = "") -> Response:
    require_csrf(request, csrf)
    st = state_of(request)
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request) as session:
        try:
            payload = spend(session, st.secret, token, SIGNIN, _now(request))
            if payload is None:
                limits.count_refused_token(request, session)
                started = None
            else:
                policy, client = st.session_policy, client_of(request)
                if current_person(request) is not None:  # this browser's previous session
                    end(session, session_id(request), st.clock(), client)
                started = start(session, payload["p"], st.clock(), client, policy)
            session.commit()
        except IntegrityError:  # spent at the same moment by another request
            payload = started = None
    if payload is None or started is None:
        return message(request, None, "web.login.bad_link", 400)
    # A new session id (and CSRF token): nothing from before sign-in carries over.
    replace(request, started, payload["p"])
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Text = "") -> Response:
    """Ends the session in the database: a copy of the cookie signs in no more."""
    require_csrf(request, csrf)
    st = state_of(request)
    with db(request) as session:
        end(session, session_id(request), st.clock(), client_of(request))
        session.commit()
    replace(request, new_id(), None)
    return RedirectResponse("/login", status_code=303)


def _now(request: Request) -> datetime | None:
    return state_of(request).moment()


def _action_target(
    request: Request, session: Session, token: str
) -> tuple[dict[str, Any], Person, Task] | None:
    st = state_of(request)
    payload = read(session, st.secret, token, ACTION, _now(request))
    if payload is None:
        return None
    person = session.get(Person, payload["p"])
    task = session.get(Task, payload.get("t"))
    if person is None or not person.active or task is None:
        return None
    return payload, person, task


@router.get("/a/{token}")
def oneclick_confirm(request: Request, token: str) -> Response:
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request, records=True) as session:  # refused tokens, receipts
        target = _action_target(request, session, token)
        if target is None:
            limits.count_refused_token(request, session)
            session.commit()
            return message(request, None, "web.login.bad_link", 400)
        payload, person, task = target
        assert task.id is not None and person.id is not None
        mark_read(session, person.id, ItemKind.TASK, task.id, _now(request) or datetime.now(UTC))
        session.commit()
        (row,) = list_tasks(
            reader(session), TaskFilter(task_ids=[task.id]), state_of(request).today()
        )
    return render(
        request, "oneclick.html", None, token=token, action=payload["a"], row=row, who=person
    )


@router.post("/a/{token}")
def oneclick_act(
    request: Request,
    background: BackgroundTasks,
    token: str,
    csrf: Text = "",
    progress: Text = "",
    note: Text = "",
    new_due_on: Text = "",
    reason: Text = "",
) -> Response:
    require_csrf(request, csrf)
    st = state_of(request)
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request) as session:
        target = _action_target(request, session, token)
        if target is None:
            limits.count_refused_token(request, session)
            session.commit()
            return message(request, None, "web.login.bad_link", 400)
        payload, person, task = target
        assert task.id is not None and person.id is not None
        viewer = viewer_for(
            reader(session),
            person.id,
            office_code=st.notify.tracking_office,
            admin_codes=st.settings.web_admins,
        )
        if viewer is None or not can_act(reader(session), viewer, task.id):
            return message(request, None, "web.not_found", 404)
        form = {"progress": progress, "note": note, "new_due_on": new_due_on, "reason": reason}
        try:
            outcome, asked = apply_action(
                session, person, task, payload["a"], form, st.today(), st.moment()
            )
            if spend(session, st.secret, token, ACTION, _now(request)) is None:
                session.rollback()  # spent meanwhile by another request: act once only
                return message(request, None, "web.login.bad_link", 400)
            session.commit()
            if asked is not None and asked.id is not None:
                background.add_task(announce, st, asked.id)
        except TrackerError as error:
            session.rollback()
            return render(request, "message.html", viewer, 400, text=error.render(person.language))
        except IntegrityError:
            return message(request, None, "web.login.bad_link", 400)
    return render(request, "message.html", viewer, text=outcome, link=f"/tasks/{task.id}")


@router.get("/calendar/{token}.ics")
def calendar_feed(request: Request, token: str) -> Response:
    from web.calendar import feed_for_person

    st = state_of(request)
    if (refusal := limits.token_route_refusal(request)) is not None:
        return refusal
    with db(request, records=True) as session:  # refused tokens, receipts
        person_id = feed_owner(session, token)
        if person_id is None:
            limits.count_refused_token(request, session)
            session.commit()
            raise NotFound
        body = feed_for_person(reader(session), person_id, st.today(), datetime.now(UTC))
    return Response(body, media_type="text/calendar; charset=utf-8")
