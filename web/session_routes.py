"""The account's sessions and the sign-in log: the list of one's live sessions and the
"sign out everywhere" button on ``/me``, one's own sign-in log there, and everyone's
for the administrators on ``/signins``. Who may read which log is ``models.access``'s."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session, select

import web.session_texts  # noqa: F401  (registers these texts)
from models.access import Viewer, can_read_signin_log
from models.org import Person
from models.web_sessions import active, end_everywhere, hashed, new_id, signin_log
from web.deps import NotFound, db, render, signed_in, signed_post, state_of
from web.sessions import client_of, replace, session_id

router = APIRouter()
Text = Annotated[str, Form()]
LOG_ROWS = 20
EVERYONE_ROWS = 200


def account_security(request: Request, session: Session, viewer: Viewer) -> dict[str, Any]:
    """What ``/me`` shows of the account's sessions and sign-ins."""
    st = state_of(request)
    policy = st.session_policy
    current = hashed(session_id(request))
    return {
        "sessions": [
            (row, row.token_hash == current)
            for row in active(session, viewer.person_id, st.clock(), policy)
        ],
        "signins": signin_log(session, viewer.person_id, LOG_ROWS),
        "idle_minutes": int(policy.idle.total_seconds() // 60),
        "session_hours": int(policy.absolute.total_seconds() // 3600),
        "everyones_log": can_read_signin_log(viewer, None),
    }


@router.post("/me/sessions/end")
def sign_out_everywhere(request: Request, csrf: Text = "") -> Response:
    """Ends every session of the person, this one included."""
    with signed_post(request, csrf) as (session, viewer):
        end_everywhere(session, viewer.person_id, state_of(request).clock(), client_of(request))
        session.commit()
    replace(request, new_id(), None)
    return RedirectResponse("/login", status_code=303)


@router.get("/signins")
def everyones_signins(request: Request, person: str = "") -> Response:
    """The administrators' view of the sign-in log, everyone's or one person's (by code)."""
    with db(request) as session:
        viewer = signed_in(request, session)
        person_id: int | None = None
        if person:
            person_id = session.exec(select(Person.id).where(Person.code == person)).first()
            if person_id is None:
                raise NotFound
        if not can_read_signin_log(viewer, person_id):
            raise NotFound
        rows = signin_log(session, person_id, EVERYONE_ROWS)
    return render(request, "signins.html", viewer, signins=rows, person=person)
