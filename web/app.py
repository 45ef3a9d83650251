"""The web application: FastAPI routes over the domain layer, pages rendered on the server.

Every rule (who may see or do what, what a request does) lives in ``models``; this
package parses forms, asks ``models.access`` and renders Jinja2 templates.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

import web.texts  # noqa: F401  (registers the pages' texts)
from models import keys
from models.access import Viewer, viewer_for
from models.db import get_engine
from models.i18n import format_date, format_moment, label, t
from models.settings import Settings, get_settings
from models.sqlread import SqlAlchemyReader
from models.timestamps import utcnow
from models.tokens import secret_key
from models.web_sessions import Policy
from notifications.config import NotifyConfig, load_config
from web import sessions as session_store
from web.headers import SecureAnswers

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
    env.filters["pct"] = lambda v: "—" if v is None else f"{v * 100:.0f}%"
    return env


ENV = _env()


def state_of(request: Request) -> WebState:
    found: WebState = request.app.state.web
    return found


@contextmanager
def db(request: Request) -> Iterator[Session]:
    with Session(state_of(request).engine, expire_on_commit=False) as session:
        yield session


def reader(session: Session) -> SqlAlchemyReader:
    return SqlAlchemyReader(session.connection())


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


def _install_session(app: FastAPI, serializer: URLSafeTimedSerializer) -> None:
    @app.middleware("http")
    async def sessions(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        st = state_of(request)
        policy = st.session_policy
        await run_in_threadpool(
            session_store.load, request, serializer, st.engine, policy, st.clock()
        )
        started = time.perf_counter()
        response = await call_next(request)
        # Server time of the page (read by benchmarks/bench_web.py, browsers' dev tools).
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        session_store.store(request, response, serializer, policy)
        return response


def create_app(
    *,
    settings: Settings | None = None,
    notify: NotifyConfig | None = None,
    engine: Engine | None = None,
    today: Callable[[], date] | None = None,
    now: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The application; tests pass their own database, channels and clock."""
    from web import auth_routes, errors, forms, pages, preference_routes, session_routes

    settings = settings or get_settings()
    zone = ZoneInfo(settings.timezone)
    state = WebState(
        engine=engine or get_engine(settings.resolved_database_url),
        settings=settings,
        notify=notify or load_config(),
        secret=secret_key(settings),
        today=today or (lambda: datetime.now(zone).date()),
        now=now,
    )
    app = FastAPI(title="dondoc", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_session(app, keys.serializer(state.secret, "session"))
    # After the session middleware, so outside it: other hosts are refused first.
    app.add_middleware(SecureAnswers, base_url=state.base_url, refuse=errors.refuse_host)
    errors.install(app)
    app.include_router(auth_routes.router)
    app.include_router(pages.router)
    # Before ``forms``: its /tasks/{id}/{action} would otherwise take /tasks/{id}/snooze.
    app.include_router(preference_routes.router)
    app.include_router(forms.router)
    app.include_router(session_routes.router)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with state.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except Exception:
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app
