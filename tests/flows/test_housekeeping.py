"""``dondoc serve``'s housekeeping turns, at injected times: the watcher looks at its
interval and the office hears of a missing morning once; a backup is taken once a day
after its hour, a restart does not take a second one, and the next day takes the next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from flows.housekeeping import Plan, turn
from flows.one_machine import components
from models.backup import backups
from models.base import table_of
from models.calendar import default_calendar
from models.db import dispose_engines, make_engine
from models.deliveries import DeliveryLog, DeliveryStatus
from models.settings import get_settings
from tests.notifications.conftest import build_committee
from tests.peers import SmtpSink, free_port


@pytest.fixture
def installed(
    sqlite_url: str, smtp: SmtpSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    engine = make_engine(sqlite_url)
    build_committee(engine)
    engine.dispose()
    monkeypatch.setenv("DONDOC_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp.url())
    monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "VP")
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")  # down
    get_settings.cache_clear()
    default_calendar.cache_clear()
    yield tmp_path / "backups"
    dispose_engines()
    get_settings.cache_clear()


def _local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2024 in Hanoi time, as UTC."""
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def test_each_job_runs_at_its_turn(installed: Path, smtp: SmtpSink) -> None:
    plan = Plan(timedelta(minutes=10), installed, time(2, 0), keep=2)
    looked = turn(plan, _local(22, 1, 55), None)  # Friday before 02:00: a look, no backup
    assert looked == _local(22, 1, 55) and backups(installed) == []
    assert turn(plan, _local(22, 9, 0), looked) == _local(22, 9, 0)  # 09:00: told, backed up
    assert [m["To"] for m in smtp.messages] == ["clerk@example.org"]
    (first,) = backups(installed)
    assert first.name == "dondoc-20240322T020000Z"
    assert turn(plan, _local(22, 9, 5), _local(22, 9, 0)) == _local(22, 9, 0)  # not yet
    turn(plan, _local(22, 23, 0), None)  # a restart the same day: no second backup
    assert backups(installed) == [first] and len(smtp.messages) == 1
    turn(plan, _local(23, 2, 0), None)  # Saturday 02:00: the next one
    turn(plan, _local(24, 2, 30), None)
    assert [p.name[-16:] for p in backups(installed)] == ["20240322T190000Z", "20240323T193000Z"]
    assert len(smtp.messages) == 1  # no watch message on a weekend


def test_the_nightly_backup_is_followed_by_compacting_the_delivery_log(
    installed: Path, sqlite_url: str
) -> None:
    """A settled row about a manager digest two years old goes after the backup that
    holds it; a row of this week stays."""
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        person = connection.execute(sa.text("SELECT min(id) FROM person")).scalar_one()
        for key, day in (("old", datetime(2022, 3, 1, tzinfo=UTC)), ("new", _local(20, 9))):
            log = DeliveryLog(
                idempotency_key=key, recipient_id=person, channel="email",
                item_kind="manager_digest", item_id=1, stage="digest", occurrence=key,
                status=DeliveryStatus.SENT, created_at=day, updated_at=day,
            )  # fmt: skip
            connection.execute(sa.insert(table_of(DeliveryLog)).values(log.model_dump()))
    turn(Plan(None, installed, time(2, 0)), _local(22, 2, 0), None)
    assert len(backups(installed)) == 1
    with engine.connect() as connection:
        kept = connection.execute(sa.text("SELECT idempotency_key FROM delivery_log")).scalars()
        assert list(kept) == ["new"]
    engine.dispose()


def test_serve_switches_on_prefects_vacuum_of_old_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("DONDOC_KEEP_PREFECT_RUNS_DAYS", "30")
    (server,) = [
        c for c in components(tmp_path, "127.0.0.1", 4200, 2) if c.name == "prefect-server"
    ]
    assert server.env["PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED"] == "events,flow_runs"
    assert server.env["PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD"] == str(30 * 86_400)
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED", "events")  # the operator's
    (server,) = [
        c for c in components(tmp_path, "127.0.0.1", 4200, 2) if c.name == "prefect-server"
    ]
    assert server.env["PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED"] == "events"
    get_settings.cache_clear()


def test_serve_supervises_the_housekeeping_process(tmp_path: Path) -> None:
    parts = components(tmp_path, "127.0.0.1", 4200, 2, None, ["--backup-dir", "/b"])
    (chores,) = [c for c in parts if c.name == "housekeeping"]
    assert chores.argv[-3:] == ["flows.housekeeping", "--backup-dir", "/b"]
    assert chores.env["PREFECT_API_URL"] == "http://127.0.0.1:4200/api"
