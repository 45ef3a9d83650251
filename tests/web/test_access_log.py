"""The access log's filter: tokens in paths become ``…``, the rest of the line stays.
The same against a running ``dondoc web``: tests/web/test_security_http.py."""

from __future__ import annotations

import logging

import pytest
from uvicorn.logging import AccessFormatter

from web.access_log import TokenMask, log_config, mask_tokens

TOKEN = "eyJwIjo1LCJuIjoiYWJjIn0.ZkXyZw.Qm9ndXMtc2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/login/{TOKEN}", "/login/…"),
        (f"/a/{TOKEN}", "/a/…"),
        (f"/u/{TOKEN}", "/u/…"),
        (f"/calendar/{TOKEN}.ics", "/calendar/….ics"),
        (f"/LOGIN/{TOKEN}==", "/LOGIN/…"),
        (f"//a/{TOKEN}?x=1", "//a/…?x=1"),
        ("/login?next=/tasks/7", "/login?next=/tasks/7"),
        ("/tasks/7", "/tasks/7"),
        ("/static/app.css", "/static/app.css"),
    ],
)
def test_tokens_in_paths_are_masked(path: str, shown: str) -> None:
    assert mask_tokens(path) == shown


def test_the_access_line_keeps_all_but_the_token() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.9:5123", "POST", f"/login/{TOKEN}", "1.1", 303), None,
    )  # fmt: skip
    assert TokenMask().filter(record)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert line == '10.0.0.9:5123 - "POST /login/… HTTP/1.1" 303 See Other'


def test_uvicorns_access_handler_carries_the_filter() -> None:
    config = log_config()
    assert config["handlers"]["access"]["filters"] == ["tokens"]
    assert config["filters"]["tokens"]["()"] is TokenMask
    assert config["loggers"]["uvicorn.access"]["handlers"] == ["access"]
