"""``dondoc watch`` on both backends, with Prefect's server down: a working morning
without the morning run's check-in reaches the tracking office on a real SMTP peer,
once a day, never before the set hour, never on a day off, and never when the morning
run checked in (a check-in of another flow does not count). A message that could not
be sent is retried by a later look, still once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli.app import app
from models.calendar import default_calendar
from models.checkins import check_in, checked_in
from models.db import dispose_engines
from models.settings import get_settings
from tests.notifications.conftest import build_committee
from tests.peers import SmtpSink, free_port, smtp_url

Watch = Callable[..., Any]


@pytest.fixture
def watch(
    engine: sa.Engine, db_url: str, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Watch]:
    build_committee(engine)
    dead = free_port()  # nothing listens there: the Prefect server is down
    monkeypatch.setenv("DONDOC_DATABASE_URL", db_url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp.url())
    monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "VP")
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{dead}/api")
    monkeypatch.delenv("DONDOC_NOTIFY_FILE", raising=False)
    monkeypatch.delenv("DONDOC_LANG", raising=False)
    get_settings.cache_clear()
    default_calendar.cache_clear()

    def run(at: str, code: int = 0, *extra: str) -> Any:
        result = CliRunner().invoke(app, ["watch", "--at", at, *extra], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    yield run
    dispose_engines()
    get_settings.cache_clear()


def test_a_missing_morning_reaches_the_office_once_after_the_hour_on_working_days(
    watch: Watch, smtp: SmtpSink, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    friday = "2024-03-22"
    assert "chưa đến giờ kiểm tra" in watch(f"{friday}T08:59").output
    assert smtp.messages == []
    told = watch(f"{friday}T09:00")  # the default hour
    assert "đã gửi 1 tin báo văn phòng" in told.output
    (message,) = smtp.messages
    assert message["To"] == "clerk@example.org"  # the tracking office's manager
    assert str(message["Subject"]) == (
        "[Đôn đốc] Sáng 22/03/2024 chưa có lượt nhắc việc nào chạy xong"
    )
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "máy chủ Prefect http://127.0.0.1:" in body and "không trả lời" in body
    for later in ("09:30", "14:00", "20:00"):  # once a day, whatever the number of looks
        assert "văn phòng đã được báo hôm nay" in watch(f"{friday}T{later}").output
    assert len(smtp.messages) == 1
    assert "không phải ngày làm việc" in watch("2024-03-23T10:00").output  # Saturday

    # Monday: the morning run checked in (only the morning run's check-in counts).
    check_in(engine, "reporting-duties", date(2024, 3, 25), _utc(25, 0, 30), 1, 0)
    check_in(engine, "deadline-reminders", date(2024, 3, 25), _utc(25, 0, 30), 3, 0)
    assert "đã chạy xong" in watch("2024-03-25T09:30").output
    assert len(smtp.messages) == 1

    # Tuesday, a later hour set by the office.
    monkeypatch.setenv("DONDOC_WATCH_AFTER", "10:30")
    assert "chưa đến giờ" in watch("2024-03-26T10:29").output
    watch("2024-03-26T10:30")
    assert len(smtp.messages) == 2 and "Sáng 26/03/2024" in str(smtp.messages[1]["Subject"])


def test_a_message_that_could_not_go_is_retried_by_a_later_look_and_nobody_is_an_error(
    watch: Watch, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp_url(free_port()))  # the mail server is down
    failed = watch("2024-03-22T09:05", 1)
    assert "Không báo được cho văn phòng theo dõi" in failed.output
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp.url())  # back
    assert "chờ gửi lại" in watch("2024-03-22T09:06").output  # waits its back-off
    watch("2024-03-22T09:30")
    watch("2024-03-22T10:30")
    assert [m["To"] for m in smtp.messages] == ["clerk@example.org"]  # once, late
    monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "NOPE")  # nobody to tell: the timer fails
    assert "không ai ở văn phòng" in watch("2024-03-25T09:30", 1).output


def test_a_check_in_counts_the_days_runs(engine: sa.Engine) -> None:
    day = date(2024, 3, 22)
    check_in(engine, "deadline-reminders", day, _utc(22, 2, 15), 5, 1)
    check_in(engine, "deadline-reminders", day, _utc(22, 0, 30), 2, 0)  # out of order
    with engine.connect() as connection:
        row = checked_in(connection, "deadline-reminders", day)
        assert checked_in(connection, "deadline-reminders", date(2024, 3, 21)) is None
    assert row is not None
    assert (row.runs, row.sent, row.failed) == (2, 7, 1)
    assert row.first_at == _utc(22, 2, 15) and row.last_at == _utc(22, 2, 15)


def _utc(day: int, hour: int, minute: int) -> datetime:
    """A moment in March 2024, UTC."""
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)
