"""Every refusal and failure as a page in the reader's language, never FastAPI's JSON.

A wrong address (404), method (405), form (422), too many requests (429) or a failure
(500) each answer with the site's own page, in the signed-in person's language (else
the site's, ``DONDOC_LANG``), carrying the same security headers as every page.

A malformed or out-of-range number in the address is no server failure: an id that
is not a number, or larger than any row can have, names nothing (404); a page or year
outside its range is a bad request (400). Starlette's last-resort handler answers from
outside every middleware, so the 500 page puts the headers on itself.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException
from starlette.types import Scope

import web.error_texts  # noqa: F401  (registers these pages' texts)
from models.access import Viewer
from models.i18n import t
from web.deps import (
    BadCsrf,
    NeedsSignIn,
    NotFound,
    current_viewer,
    db,
    has_session,
    language,
    render,
    state_of,
)
from web.headers import secure

log = logging.getLogger(__name__)

TEXTS = {
    400: "web.error.bad_request",
    403: "web.csrf",
    404: "web.not_found",
    405: "web.error.method",
    422: "web.error.form",
    429: "web.login.too_many",
    500: "web.error.server",
}
GENERIC = "web.error.generic"


def _viewer(request: Request) -> Viewer | None:
    """The signed-in reader, if the session was read and the database answers."""
    if not has_session(request):
        return None
    try:
        with db(request) as session:
            return current_viewer(request, session)
    except Exception:  # the failure being reported may be the database's
        log.debug("no viewer for an error page", exc_info=True)
        return None


def error_page(request: Request, status: int, key: str | None = None) -> Response:
    """The page for ``status``: its text in the reader's language."""
    viewer = _viewer(request)
    text = t(key or TEXTS.get(status, GENERIC), language(request, viewer))
    return render(request, "message.html", viewer, status, text=text)


async def refuse_host(scope: Scope) -> tuple[int, bytes]:
    """The 400 page for a request to another host (nobody is signed in there)."""
    request = Request(scope)
    response = render(request, "message.html", None, 400, text=_site_text(request))
    return 400, bytes(response.body)


def _site_text(request: Request) -> str:
    return t("web.error.host", language(request, None))


def _status_for(error: RequestValidationError) -> int:
    """404 when a path part is wrong (no such thing), 400 for the query, 422 a form."""
    places = {str(e.get("loc", ("",))[0]) for e in error.errors()}
    if "path" in places:
        return 404
    return 400 if "query" in places else 422


def install(app: FastAPI) -> None:
    """The handlers; those that may read the database (whose language?) are plain
    functions, which Starlette runs in its thread pool, off the event loop."""

    @app.exception_handler(NeedsSignIn)
    async def to_login(request: Request, _: Exception) -> Response:
        if request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(NotFound)
    def not_found(request: Request, _: Exception) -> Response:
        return error_page(request, 404)

    @app.exception_handler(BadCsrf)
    def bad_csrf(request: Request, _: Exception) -> Response:
        return error_page(request, 403)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        response = error_page(request, error.status_code)
        for name, value in (error.headers or {}).items():  # e.g. a 405's "Allow"
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return error_page(request, _status_for(error))

    @app.exception_handler(Exception)
    def failure(request: Request, _: Exception) -> Response:
        response = error_page(request, 500)
        secure(response.headers, request.url.path, _https(request))
        return response


def _https(request: Request) -> bool:
    return state_of(request).base_url.lower().startswith("https://")
