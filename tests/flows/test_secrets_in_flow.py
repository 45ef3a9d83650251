"""A reminder run whose every channel fails leaks no secret: not in the flow's logs, its
artifact, its return value nor the delivery log in the database.

Each channel uses a different secret-bearing URL form: an SMTP password the real server
refuses, a webhook header token, a Mattermost token, a Telegram bot token and Slack
tokens; the chat endpoints point at a loopback port nobody listens on (Telegram's and
Slack's cloud addresses replaced by it), so every delivery fails and says why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa
from apprise.plugins.slack import NotifySlack
from apprise.plugins.telegram import NotifyTelegram
from sqlmodel import Session, select

from flows.deadline_reminders import deadline_reminders
from models.calendar import default_calendar
from models.db import dispose_engines
from models.deliveries import DeliveryLog
from models.org import ContactChannel, ContactTarget, Person
from models.settings import get_settings
from tests.flows.test_deadline_reminders_flow import DAY, _read_task_runs_and_artifacts
from tests.notifications.conftest import build_committee
from tests.peers import SMTP_USER, SmtpSink, closed_port

SECRETS = {
    "email": "Wr0ng-Smtp-Pa55word",
    "webhook": "Hook-Header-T0ken-x1",
    "mattermost": "Mm-Path-T0ken-x2",
    "telegram": "123456789:AAH-Bot-T0ken-x3",
    "slack": "TIiajkdnlazkcOXrIdevi7FQ",
}


@pytest.fixture
def failing_env(
    sqlite_url: str, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sa.Engine]:
    with closed_port() as closed:  # nobody listens there while the test runs
        monkeypatch.setattr(NotifySlack, "webhook_url", f"http://127.0.0.1:{closed}/slack")
        monkeypatch.setattr(NotifyTelegram, "notify_url", f"http://127.0.0.1:{closed}/bot")
        channels = {
            "EMAIL": f"mailto://{SMTP_USER}:{SECRETS['email']}@example.com?smtp=127.0.0.1"
            f"&port={smtp.port}&from=dondoc@example.com&to={{address}}",
            "WEBHOOK": f"json://127.0.0.1:{closed}/hook/{{address}}?+X-Token={SECRETS['webhook']}",
            "MATTERMOST": f"mmost://127.0.0.1:{closed}/{SECRETS['mattermost']}/{{address}}",
            "TELEGRAM": f"tgram://{SECRETS['telegram']}/{{address}}",
            "SLACK": f"slack://T1JJ3T3L2/A1BRTD4JD/{SECRETS['slack']}/{{address}}",
        }
        for name, url in channels.items():
            monkeypatch.setenv(f"DONDOC_CHANNEL_{name}", url)
        monkeypatch.setenv("DONDOC_DATABASE_URL", sqlite_url)
        monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "VP")
        monkeypatch.delenv("DONDOC_NOTIFY_FILE", raising=False)
        get_settings.cache_clear()
        default_calendar.cache_clear()
        engine = sa.create_engine(sqlite_url)
        yield engine
        engine.dispose()
        dispose_engines()
        get_settings.cache_clear()


@pytest.mark.usefixtures("prefect_server")
def test_failing_channels_leak_no_secret(
    failing_env: sa.Engine, caplog: pytest.LogCaptureFixture
) -> None:
    build_committee(failing_env)
    with Session(failing_env) as session:
        mai = session.exec(select(Person).where(Person.code == "mai")).one()
        assert mai.id is not None
        for channel, address in [
            (ContactChannel.MATTERMOST, "town-square"),
            (ContactChannel.SLACK, "general"),
        ]:
            session.add(ContactTarget(person_id=mai.id, channel=channel, address=address))
        session.commit()

    # Log records as they are emitted, in this process (not as shipped to the API later).
    with caplog.at_level(logging.DEBUG):
        state = deadline_reminders(as_of=DAY, at=datetime(2024, 3, 22, 7, 30), return_state=True)
    summary = state.result()
    logs = "\n".join(record.getMessage() for record in caplog.records)
    assert logs  # the run did log (its failures among others)
    assert state.state_details.flow_run_id is not None
    _, artifacts = _read_task_runs_and_artifacts(state.state_details.flow_run_id)
    with Session(failing_env) as session:
        ledger = [
            f"{row.channel} {row.status} {row.last_error}"
            for row in session.exec(select(DeliveryLog))
        ]

    assert summary["sent"] == 0 and summary["failed"] >= len(SECRETS)
    assert "SMTP authentication failed" in artifacts  # the failures are there, with causes
    assert {"email", "webhook", "mattermost", "telegram", "slack"} <= {
        line.split()[0] for line in ledger
    }
    everything = "\n".join([logs, artifacts, repr(summary), *ledger])
    pieces = {s for secret in SECRETS.values() for s in (secret, *secret.split(":"))}
    assert not [p for p in pieces if len(p) > 8 and p in everything], everything
