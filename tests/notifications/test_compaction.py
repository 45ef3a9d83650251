"""Compacting the delivery log changes nothing a later run does.

Two months of mornings (the scripted committee of ``test_morning_month``) run twice:
once as usual, once compacting the log before every morning with a cut-off of three
days. Every person receives the same messages on the same days, and the rows of items
still open are all kept, so no escalation or reminder is sent twice. Both backends for
the compacted run; the plain one on SQLite.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.db import make_engine
from models.duty_lifecycle import find_instance, record_submission
from notifications.compaction import compact
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ
from tests.notifications.test_morning_month import _set_up
from tests.peers import SmtpSink, body_of

D = date
Mail = dict[tuple[str, date], str]


def _mornings(engine: sa.Engine, smtp: SmtpSink, keep_days: int | None) -> tuple[Mail, int]:
    """Every working day of March and April 2024: what each address received; and how
    many rows compaction removed."""
    config = NotifyConfig(
        channels={"email": smtp.url()}, tracking_office="VP", retry_backoff_seconds=0.01
    )
    mail: Mail = {}
    removed = 0
    day = D(2024, 3, 1)
    while day <= D(2024, 4, 30):
        if day == D(2024, 3, 28):  # CB3 delivers its report: its rows may go later
            with Session(engine) as session:
                record_submission(
                    session, find_instance(session, "BC-QUY", "CB3", "2024-Q1"), day, None
                )
                session.commit()
        if CAL.is_working_day(day):
            at = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ)
            if keep_days is not None:
                removed += compact(engine, at.in_timezone("UTC"), keep_days, batch=3)
            smtp.clear()
            report = run_once(engine, day, at, config, CAL, TZ)
            assert report.failed == 0, report.deliveries
            for message in smtp.messages:  # one-click links carry a fresh token each
                text = re.sub(r"(https://dondoc\.test/[au]/)\S+", r"\1…", body_of(message))
                mail[(str(message["To"]), day)] = text
        day += timedelta(days=1)
    return mail, removed


def _open_item_rows(engine: sa.Engine) -> list[tuple[object, ...]]:
    """The log's rows about tasks and duties still open at the end."""
    sql = (
        "SELECT d.recipient_id, d.item_kind, d.item_id, d.stage, d.occurrence"
        " FROM delivery_log d WHERE (d.item_kind = 'task' AND d.item_id IN"
        " (SELECT id FROM task WHERE completed_on IS NULL AND cancelled_on IS NULL))"
        " OR (d.item_kind = 'duty' AND d.item_id IN (SELECT i.id FROM duty_instance i"
        " WHERE i.waived_on IS NULL AND NOT EXISTS"
        " (SELECT 1 FROM duty_submission s WHERE s.instance_id = i.id)))"
    )
    with engine.connect() as connection:
        return sorted(tuple(r) for r in connection.execute(sa.text(sql)).all())


@pytest.mark.usefixtures("web_address")
def test_compacting_every_morning_sends_exactly_what_keeping_everything_sends(
    engine: sa.Engine, sqlite_url: str, smtp: SmtpSink, tmp_path: Path
) -> None:
    plain = make_engine(sqlite_url)
    (tmp_path / "plain").mkdir()
    (tmp_path / "compacted").mkdir()
    _set_up(plain, tmp_path / "plain")
    _set_up(engine, tmp_path / "compacted")
    kept, none_removed = _mornings(plain, smtp, keep_days=None)
    compacted, removed = _mornings(engine, smtp, keep_days=3)

    assert none_removed == 0 and removed > 5  # CB3's delivered report: its rows went
    assert compacted.keys() == kept.keys()
    by_person: dict[str, int] = defaultdict(int)
    for key, text in kept.items():
        assert compacted[key] == text, key
        by_person[key[0]] += 1
    assert by_person["cb1@example.org"] > 20  # the month really sent
    assert _open_item_rows(engine) == _open_item_rows(plain)  # nothing open was lost
    with engine.connect() as connection:
        settled_closed = connection.execute(
            sa.text(
                "SELECT count(*) FROM delivery_log d JOIN duty_instance i ON i.id = d.item_id"
                " JOIN unit u ON u.id = i.unit_id WHERE d.item_kind = 'duty' AND u.code = 'CB3'"
                " AND d.status = 'sent' AND i.period_key = '2024-Q1'"
            )
        ).scalar_one()
    assert settled_closed == 0  # CB3's delivered report: its rows went
    plain.dispose()
