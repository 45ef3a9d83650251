"""The web application factory: the state, the session and header middleware, the
error pages and the routers. Nothing imports it but the doors that start it (the
command line, tests, benchmarks); what routes share is in ``web.deps``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from models import keys
from models.db import get_engine
from models.settings import Settings, get_settings
from models.tokens import secret_key
from notifications.config import NotifyConfig, load_config
from web import sessions as session_store
from web.deps import HERE, WebState, state_of
from web.headers import SecureAnswers

SESSION_COOKIE = session_store.COOKIE


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
    from web import (
        auth_routes,
        carry_routes,
        dashboard_routes,
        directory_routes,
        duty_routes,
        errors,
        evidence_routes,
        explain_routes,
        extract_routes,
        forms,
        import_routes,
        office_routes,
        pages,
        preference_routes,
        report_routes,
        session_routes,
    )

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
    app.add_middleware(evidence_routes.BodyLimit)  # uploads bounded before they are read
    # After the session middleware, so outside it: other hosts are refused first.
    app.add_middleware(SecureAnswers, base_url=state.base_url, refuse=errors.refuse_host)
    errors.install(app)
    app.include_router(auth_routes.router)
    # Before ``pages``: its /tasks/{task_id} would otherwise take /tasks/new.
    app.include_router(office_routes.router)
    app.include_router(pages.router)
    app.include_router(dashboard_routes.router)
    app.include_router(explain_routes.router)
    app.include_router(carry_routes.router)
    # Before ``forms``: its /tasks/{id}/{action} would otherwise take /tasks/{id}/snooze.
    app.include_router(preference_routes.router)
    app.include_router(evidence_routes.router)
    app.include_router(forms.router)
    app.include_router(session_routes.router)
    app.include_router(directory_routes.router)
    app.include_router(duty_routes.router)
    app.include_router(import_routes.router)
    app.include_router(report_routes.router)
    app.include_router(extract_routes.router)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with state.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except Exception:
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app


def served_app() -> FastAPI:
    """The application as a web worker serves it (``dondoc web --workers N`` imports this
    in each worker): built from the environment's settings, its start-up heap settled."""
    app = create_app()
    settle_heap()
    return app


def settle_heap() -> None:
    """Before serving: every template compiled, the start-up heap frozen (``web.heap``)."""
    from web.deps import ENV
    from web.heap import settle

    settle(ENV)
