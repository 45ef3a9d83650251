"""Rotating OA tokens: kept in a 0600 file, refreshed once however many senders need it,
never shown; against the local receiver's OAuth endpoint."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from models.settings import get_settings
from notifications.channels.zalo import plugin as zalo
from notifications.channels.zalo import tokens as zalo_tokens
from notifications.config import NotifyConfig
from notifications.sender import Message, Outcome, send_all
from tests.peers import (
    ZALO_APP_ID,
    ZALO_APP_SECRET,
    ZALO_REFRESH,
    ZALO_TOKEN,
    ZaloSink,
    zalo_server,
)

USER = "2468458835296117922"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ZaloSink]:
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    get_settings.cache_clear()
    with zalo_server() as sink:
        monkeypatch.setenv(zalo.API_ENV, sink.api())
        monkeypatch.setenv(zalo_tokens.OAUTH_ENV, sink.api())
        yield sink
    get_settings.cache_clear()


def _store(expires_in: timedelta) -> Path:
    path = zalo_tokens.store_path(ZALO_APP_ID)
    until = datetime.now(UTC) + expires_in
    zalo_tokens.save(path, zalo_tokens.Tokens(ZALO_TOKEN, ZALO_REFRESH, until))
    return path


def _send(sink: ZaloSink, count: int = 1) -> list[Outcome]:
    config = NotifyConfig(channels={"zalo": sink.store_url()})
    url = config.url_for("zalo", USER)
    assert url is not None
    messages = [Message(url, "t", f"<p>tin {n}</p>") for n in range(count)]
    return send_all(messages, concurrency=8, redactor=config.redactor(), backoff=0.01)


def test_a_token_about_to_expire_is_refreshed_before_sending(receiver: ZaloSink) -> None:
    path = _store(timedelta(minutes=10))
    assert [o.ok for o in _send(receiver)] == [True]
    assert receiver.refreshes == 1 and len(receiver.to(USER)) == 1
    stored = zalo_tokens.load(path)
    assert stored.refresh_token == receiver.refresh_token != ZALO_REFRESH  # rotated
    assert stored.expires_at > datetime.now(UTC) + timedelta(hours=24)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_refused_token_is_refreshed_and_the_message_sent_once(receiver: ZaloSink) -> None:
    _store(timedelta(hours=20))
    receiver.expire_tokens()  # revoked early: Zalo answers -216
    assert [o.ok for o in _send(receiver)] == [True]
    assert receiver.refreshes == 1 and len(receiver.to(USER)) == 1


def test_many_senders_refresh_once_and_the_single_use_token_is_not_burnt(
    receiver: ZaloSink,
) -> None:
    _store(timedelta(hours=20))
    receiver.expire_tokens()
    outcomes = _send(receiver, count=12)  # 8 threads meet the refused token together
    assert [o.ok for o in outcomes] == [True] * 12
    assert receiver.refreshes == 1 and len(receiver.to(USER)) == 12


def test_a_refused_refresh_is_a_permanent_failure_that_says_what_to_do(
    receiver: ZaloSink,
) -> None:
    path = _store(timedelta(minutes=1))
    receiver.refresh_token = "another-one"  # ours was used elsewhere, or has expired
    [outcome] = _send(receiver)
    assert outcome.permanent and "refused to refresh" in (outcome.error or "")
    assert "authorize the app for the OA again" in (outcome.error or "")
    assert zalo_tokens.load(path).refresh_token == ZALO_REFRESH  # nothing overwritten
    assert receiver.to(USER) == []


def test_without_stored_tokens_the_failure_names_the_command(receiver: ZaloSink) -> None:
    [outcome] = _send(receiver)
    assert outcome.permanent and "dondoc zalo tokens" in (outcome.error or "")
    assert receiver.requests == 0


def test_the_command_line_stores_and_refreshes_without_showing_a_token(
    receiver: ZaloSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONDOC_ZALO_ACCESS_TOKEN", ZALO_TOKEN)
    monkeypatch.setenv("DONDOC_ZALO_REFRESH_TOKEN", ZALO_REFRESH)
    monkeypatch.setenv("DONDOC_ZALO_APP_SECRET", ZALO_APP_SECRET)
    monkeypatch.setenv("DONDOC_LANG", "en")
    get_settings.cache_clear()
    runner = CliRunner()
    saved = runner.invoke(app, ["zalo", "tokens", "--app-id", ZALO_APP_ID])
    assert saved.exit_code == 0, saved.output
    assert "Saved the OA's tokens" in saved.output
    refreshed = runner.invoke(app, ["zalo", "refresh", "--app-id", ZALO_APP_ID])
    assert refreshed.exit_code == 0, refreshed.output
    assert "Refreshed the OA's tokens" in refreshed.output and receiver.refreshes == 1
    again = runner.invoke(app, ["zalo", "refresh", "--app-id", ZALO_APP_ID])
    assert again.exit_code == 0 and receiver.refreshes == 2  # uses the rotated token
    receiver.refresh_token = "revoked"
    refused = runner.invoke(app, ["zalo", "refresh", "--app-id", ZALO_APP_ID])
    assert refused.exit_code == 2 and "Could not refresh the OA's tokens" in refused.output
    bad = runner.invoke(app, ["zalo", "tokens", "--app-id", "oa-1"])
    assert bad.exit_code == 2 and "is not a Zalo app id" in bad.output
    everything = saved.output + refreshed.output + again.output + refused.output
    stored = zalo_tokens.load(zalo_tokens.store_path(ZALO_APP_ID))
    for secret in [ZALO_TOKEN, ZALO_REFRESH, ZALO_APP_SECRET, stored.access_token]:
        assert secret not in everything
