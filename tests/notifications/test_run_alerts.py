"""A failed or crashed run is told to the tracking office through the tracker's channels."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from flows.runtime import tell_office
from models.db import dispose_engines
from models.settings import get_settings
from tests.notifications.conftest import build_committee
from tests.peers import SMTP_PASSWORD, SmtpSink, body_of


@pytest.fixture
def office_env(sqlite_url: str, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DONDOC_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp.url())
    monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "VP")
    monkeypatch.delenv("DONDOC_NOTIFY_FILE", raising=False)
    get_settings.cache_clear()
    engine = sa.create_engine(sqlite_url)
    build_committee(engine)
    engine.dispose()
    yield
    dispose_engines()
    get_settings.cache_clear()


@pytest.mark.usefixtures("office_env")
def test_a_crashed_run_is_told_to_the_tracking_office(smtp: SmtpSink) -> None:
    # What Prefect hands a hook: the flow, its run and the final state.
    flow = SimpleNamespace(name="deadline-reminders")
    run = SimpleNamespace(name="brave-otter")
    state = SimpleNamespace(name="Crashed", message=f"SIGKILL while sending via {smtp.url()}")
    tell_office(flow, run, state)
    (message,) = smtp.messages
    assert message["To"] == "clerk@example.org"  # the tracking office's manager
    assert message["Subject"] == "[Đôn đốc] Lượt chạy deadline-reminders không thành công (Crashed)"
    text = body_of(message)
    assert "brave-otter" in text and "SIGKILL" in text
    assert SMTP_PASSWORD not in message.as_string()
