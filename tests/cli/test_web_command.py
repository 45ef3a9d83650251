"""``dondoc web``'s options reach the server as meant (the server itself is probed over
HTTP in tests/web/test_security_http.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import web_commands
from cli.app import app
from models.settings import get_settings


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def record(host: str, port: int, proxied: bool, **options: Any) -> None:
        calls.append({"host": host, "port": port, "proxied": proxied, **options})

    monkeypatch.setattr(web_commands, "serve_app", record)
    # Set, then removed: the command sets it, and the test's end puts back what was.
    monkeypatch.setenv("DONDOC_WEB_URL", "unset")
    monkeypatch.delenv("DONDOC_WEB_URL")
    yield calls
    get_settings.cache_clear()


def test_trusted_proxies_default_to_loopback_and_can_be_named(
    served: list[dict[str, Any]],
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["web", "--proxied"]).exit_code == 0
    named = ["web", "--proxied", "--trusted-proxy", "10.0.0.2", "--trusted-proxy", "10.0.0.3"]
    assert runner.invoke(app, named).exit_code == 0
    assert [c["trusted_proxies"] for c in served] == [("127.0.0.1",), ("10.0.0.2", "10.0.0.3")]


def test_listening_everywhere_without_a_public_address_warns(
    served: list[dict[str, Any]],
) -> None:
    answer = CliRunner().invoke(app, ["--lang", "en", "web", "--host", "0.0.0.0"])
    assert answer.exit_code == 0 and served
    assert "listening on 0.0.0.0 without DONDOC_WEB_URL" in answer.output
