"""What every route needs, in one place: the application's state, a database session,
the signed-in viewer, the CSRF check, the reader's language and the page renderer.

Routes import these; the application factory (``web.app``) imports the routes, and
nothing imports the factory: no route module reaches back into it.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine
from sqlmodel import Session

import web.texts  # noqa: F401  (registers the pages' texts)
from models.access import Viewer, viewer_for
from models.db import reading
from models.i18n import format_date, format_moment, label, t
from models.settings import Settings
from models.sqlread import SqlAlchemyReader
from models.timestamps import utcnow
from models.web_sessions import Policy
from notifications.config import NotifyConfig
from web import sessions as session_store

HERE = Path(__file__).parent
SESSION_COOKIE = session_store.COOKIE


@dataclass
class WebState:
    engine: Engine
    settings: Settings
    notify: NotifyConfig
    secret: str
    today: Callable[[], date]
    now: Callable[[], datetime] | None = None  # None: the real clock (tests fix it)

    def moment(self) -> datetime | None:
        """The injected clock's moment (tests fix it); None: use the real clock."""
        return self.now() if self.now is not None else None

    def clock(self) -> datetime:
        """The injected clock's moment, else the real one."""
        return self.now() if self.now is not None else utcnow()

    @property
    def session_policy(self) -> Policy:
        return Policy.of(self.settings)

    @property
    def base_url(self) -> str:
        """Where links in messages point: the setting, never the request's Host header
        (a forged Host would otherwise put another site's address in a sign-in mail)."""
        return self.settings.web_url or "http://127.0.0.1:8000"


class NeedsSignIn(Exception):
    pass


class NotFound(Exception):
    """Missing, or outside the viewer's reach: the same answer, so nothing leaks."""


class BadCsrf(Exception):
    pass


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["d"] = lambda v: format_date(v) if v else ""
    env.filters["dmy"] = lambda v: format_date(v) if isinstance(v, date) else (v or "")
    env.filters["pct"] = lambda v: "—" if v is None else f"{v * 100:.0f}%"
    return env


ENV = _env()


def state_of(request: Request) -> WebState:
    found: WebState = request.app.state.web
    return found


@contextmanager
def db(request: Request, *, records: bool = False) -> Iterator[Session]:
    """The request's session. A page (GET, HEAD) only reads: on SQLite it reads beside
    the writers instead of queueing behind them (``models.db.reading``). The few pages
    that record something (a rate limit's hit, a token spent) say so with ``records``."""
    with Session(state_of(request).engine, expire_on_commit=False) as session:
        if request.method in ("GET", "HEAD") and not records:
            reading(session)
        # What the templates read while the page renders (``web.risk_views``) goes
        # through this session: on PostgreSQL another connection costs a check-out,
        # its BEGIN and ROLLBACK, four round trips that a busy machine makes slow.
        request.state.page_session = session
        try:
            yield session
        finally:
            request.state.page_session = None


def reader(session: Session) -> SqlAlchemyReader:
    return SqlAlchemyReader(session.connection())


def page_reader(request: Request) -> SqlAlchemyReader | None:
    """The request's open session as a reader (None once it is closed): a page rendered
    after its form committed reads in a new transaction that only reads."""
    session: Session | None = getattr(request.state, "page_session", None)
    if session is None:
        return None
    if not session.in_transaction():
        reading(session)
    return reader(session)


def has_session(request: Request) -> bool:
    """False before the session was read (a refused host, a failure outside it)."""
    return getattr(request.state, "session_id", None) is not None


def csrf_token(request: Request) -> str:
    return session_store.csrf_for(state_of(request).secret, session_store.session_id(request))


def require_csrf(request: Request, submitted: str) -> None:
    """Session-bound token: every form carries it; a POST without the right one is refused."""
    if not submitted or not hmac.compare_digest(submitted, csrf_token(request)):
        raise BadCsrf


def current_viewer(request: Request, session: Session) -> Viewer | None:
    person_id = session_store.person_id(request)  # the server's session, checked this request
    if person_id is None:
        return None
    st = state_of(request)
    return viewer_for(
        reader(session),
        person_id,
        office_code=st.notify.tracking_office,
        admin_codes=st.settings.web_admins,
    )


def signed_in(request: Request, session: Session) -> Viewer:
    viewer = current_viewer(request, session)
    if viewer is None:
        raise NeedsSignIn
    return viewer


@contextmanager
def signed_post(request: Request, csrf: str) -> Iterator[tuple[Session, Viewer]]:
    """The steps every signed-in form's POST shares, in their order: the CSRF token
    before anything is read, then a database session, then who is signed in. The body
    commits what it decided; leaving by an exception rolls back."""
    require_csrf(request, csrf)
    with db(request) as session:
        viewer = signed_in(request, session)
        try:
            yield session, viewer
        except BaseException:
            session.rollback()
            raise


def language(request: Request, viewer: Viewer | None, reader: str | None = None) -> str:
    """The signed-in viewer's language, else the reader's a link names, else the site's."""
    if viewer is not None:
        return viewer.language
    return reader or state_of(request).settings.language


def render(
    request: Request,
    template: str,
    viewer: Viewer | None,
    status_code: int = 200,
    *,
    reader: str | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = language(request, viewer, reader)
    zone = state_of(request).settings.timezone

    def local(value: datetime | None) -> str:
        return format_moment(value, zone) if value else ""

    html = ENV.get_template(template).render(
        request=request,
        viewer=viewer,
        lang=lang,
        csrf=csrf_token(request) if has_session(request) else "",
        _=lambda key, **kw: t(key, lang, **kw),
        label=lambda value: label(value, lang),
        local=local,
        today=state_of(request).today(),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def message(
    request: Request, viewer: Viewer | None, key: str, status_code: int = 200, **params: Any
) -> HTMLResponse:
    lang = language(request, viewer)
    return render(request, "message.html", viewer, status_code, text=t(key, lang, **params))
