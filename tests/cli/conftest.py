"""Running the real ``dondoc`` command line in-process against a test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner

from cli.app import app
from models.calendar import default_calendar
from models.db import dispose_engines
from models.settings import get_settings

Run = Callable[..., "object"]


@pytest.fixture
def dondoc(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., object]]:
    monkeypatch.setenv("DONDOC_DATABASE_URL", db_url)
    monkeypatch.setenv("DONDOC_ACTOR", "tester")
    monkeypatch.delenv("DONDOC_LANG", raising=False)
    get_settings.cache_clear()
    default_calendar.cache_clear()
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> object:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    yield run
    dispose_engines()
    get_settings.cache_clear()
