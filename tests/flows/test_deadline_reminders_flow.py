"""The real Prefect flow: batched task runs, an artifact and logs without secrets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from flows.deadline_reminders import ARTIFACT_KEY, deadline_reminders
from flows.reporting_duties import reporting_duties
from models.calendar import default_calendar
from models.db import dispose_engines
from models.duties import Duty, DutyAssignee, DutyKind
from models.duty_schedule import PRESETS
from models.lifecycle import create_task
from models.org import Unit
from models.settings import get_settings
from tests.builders import add_document
from tests.notifications.conftest import build_committee
from tests.peers import SMTP_PASSWORD, WEBHOOK_TOKEN, SmtpSink, WebhookSink, body_of

DAY = date(2024, 3, 22)


@pytest.fixture
def flow_env(
    sqlite_url: str, smtp: SmtpSink, webhook: WebhookSink, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sa.Engine]:
    monkeypatch.setenv("DONDOC_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DONDOC_CHANNEL_EMAIL", smtp.url())
    monkeypatch.setenv("DONDOC_CHANNEL_WEBHOOK", webhook.url())
    monkeypatch.setenv("DONDOC_TRACKING_OFFICE", "VP")
    monkeypatch.delenv("DONDOC_NOTIFY_FILE", raising=False)
    get_settings.cache_clear()
    default_calendar.cache_clear()
    engine = sa.create_engine(sqlite_url)
    yield engine
    engine.dispose()
    dispose_engines()
    get_settings.cache_clear()


def _task_runs_and_logs(flow_run_id: UUID | None) -> tuple[int, str, str]:
    assert flow_run_id is not None
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=120)  # logs ship in the background: send them all first
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY]))
        )
    return len(runs), "\n".join(log.message for log in logs), repr([a.data for a in artifacts])


@pytest.mark.usefixtures("prefect_server")
def test_flow_batches_work_and_leaks_no_secret(
    flow_env: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, capsys: pytest.CaptureFixture[str]
) -> None:
    build_committee(flow_env)
    at = datetime(2024, 3, 22, 7, 30)  # committee-local time, outside quiet hours

    preview = deadline_reminders(as_of=DAY, dry_run=True, at=at)
    assert smtp.messages == [] and webhook.posts == []
    assert sorted(d["recipient"] for d in preview["digests"]) == [
        "clerk",
        "hung",
        "mai",
        "secretary",
    ]

    state = deadline_reminders(as_of=DAY, at=at, return_state=True)
    summary = state.result()
    assert (summary["sent"], summary["failed"]) == (4, 0)
    assert len(smtp.messages) == 3 and len(webhook.posts) == 1
    few_runs, logs, artifacts = _task_runs_and_logs(state.state_details.flow_run_id)

    # Two hundred more overdue tasks: many more reminders, the same number of task runs.
    with Session(flow_env) as session:
        branch = session.exec(select(Unit).where(Unit.code == "CB1")).one()
        document = add_document(session, number="99-NQ/ĐU", issued_on=date(2024, 1, 2))
        for i in range(200):
            create_task(
                session,
                document=document,
                ref=str(i),
                title=f"Việc {i}",
                lead=branch,
                due_on=date(2024, 3, 19),
                actor="t",
            )
        session.commit()
    busy = deadline_reminders(
        as_of=date(2024, 3, 25), at=datetime(2024, 3, 25, 7, 30), return_state=True
    )
    assert busy.result()["planned"] > 200
    many_runs, more_logs, more_artifacts = _task_runs_and_logs(busy.state_details.flow_run_id)
    assert few_runs == many_runs == 3

    assert "4 digests sent" in logs
    assert "mai" in artifacts and "sent" in artifacts
    # The reporting-duties flow: creates the periods owed, then reminds through the same ledger.
    with Session(flow_env) as session:
        branch = session.exec(select(Unit).where(Unit.code == "CB1")).one()
        duty = Duty(
            code="BC-QUY",
            title="Báo cáo quý",
            kind=DutyKind.REPORT,
            starts_on=date(2024, 1, 1),
            **PRESETS["decree09-quarterly"],
        )
        session.add(duty)
        session.flush()
        assert duty.id is not None and branch.id is not None
        session.add(DutyAssignee(duty_id=duty.id, unit_id=branch.id))
        session.commit()
    smtp.clear()
    duties = reporting_duties(as_of=DAY, at=at, return_state=True)
    outcome = duties.result()
    assert outcome["periods"] == {"instances.created": 2}  # 2024-Q1 and Q2: the duty starts in 2024
    assert (outcome["sent"], [m["To"] for m in smtp.messages]) == (1, ["mai@example.org"])
    assert "[Báo cáo 2024-Q1] Báo cáo quý" in body_of(smtp.messages[0])
    duty_runs, duty_logs, duty_artifacts = _task_runs_and_logs(duties.state_details.flow_run_id)
    assert duty_runs == 4  # generate-periods + the three reminder steps

    captured = capsys.readouterr()
    everything = "".join(
        [
            logs,
            more_logs,
            duty_logs,
            artifacts,
            more_artifacts,
            duty_artifacts,
            captured.out,
            captured.err,
            repr(preview),
            repr(outcome),
        ]
    )
    for secret in (SMTP_PASSWORD, WEBHOOK_TOKEN):
        assert secret not in everything
