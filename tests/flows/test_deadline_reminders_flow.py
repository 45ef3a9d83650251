"""The real Prefect flow: batched task runs, an artifact, and no secret anywhere.

Assertions read what the flow returned, the delivery log and the artifact (written
synchronously by the run); never Prefect's logs, which are shipped asynchronously and
may not have arrived yet on a loaded machine. Task runs are recorded from events, also
asynchronously: their count is awaited (up to two minutes) before it is compared.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date, datetime
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from flows.deadline_reminders import ARTIFACT_KEY, deadline_reminders
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


def _task_runs_and_artifacts(flow_run_id: UUID | None, expected: int) -> tuple[int, str]:
    """Task runs reach the server as events, recorded asynchronously: wait (generously)
    until the expected number has arrived, then report what is there."""
    assert flow_run_id is not None
    deadline = time.monotonic() + 120
    while True:
        runs, artifacts = _read_task_runs_and_artifacts(flow_run_id)
        if runs >= expected or time.monotonic() > deadline:
            return runs, artifacts
        time.sleep(0.5)


def _read_task_runs_and_artifacts(flow_run_id: UUID) -> tuple[int, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
    )
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=120)  # logs ship in the background: send them all first
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    # Table data arrives as JSON (non-ASCII escaped): decoded, it reads as people see it.
    return len(runs), repr(
        [(a.key, a.data, json.loads(str(a.data)), a.description) for a in artifacts]
    )


def _delivery_log(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT status, count(*) FROM delivery_log GROUP BY status")
        ).all()
    return {str(status): int(n) for status, n in rows}


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
    assert summary["office_reports"] == 0
    assert _delivery_log(flow_env) == {"sent": 4}  # mai, hung (webhook), secretary, clerk
    few_runs, artifacts = _task_runs_and_artifacts(state.state_details.flow_run_id, 7)
    # A re-run the same day sends nothing new, and its report still shows the day's work.
    again = deadline_reminders(as_of=DAY, at=at, return_state=True)
    assert again.result()["sent"] == 0
    _, rerun_artifacts = _task_runs_and_artifacts(again.state_details.flow_run_id, 6)
    assert "lần chạy này gửi 0 tin" in rerun_artifacts
    assert "cả ngày đã gửi 4 nhắc việc trong 4 tin" in rerun_artifacts

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
    many_runs, more_artifacts = _task_runs_and_artifacts(busy.state_details.flow_run_id, 7)
    # generate-periods, plan-and-claim, send, retry-notices, risk-notices,
    # report-undelivered, publish
    assert few_runs == many_runs == 7

    assert ARTIFACT_KEY in artifacts and "lần chạy này gửi 4 tin, lỗi 0" in artifacts
    assert "cả ngày đã gửi 4 nhắc việc trong 4 tin" in artifacts
    assert "mai qua email: đã gửi" in artifacts and "Nhiệm vụ — quá hạn" in artifacts
    # A reporting duty: the morning run creates the periods owed and reminds of them too.
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
    # (on the 25th: the tasks due that day were sent by the run above, only the duty is new)
    duties = deadline_reminders(
        as_of=date(2024, 3, 25), at=datetime(2024, 3, 25, 7, 30), return_state=True
    )
    outcome = duties.result()
    assert outcome["periods"] == {"instances.created": 2}  # 2024-Q1 and Q2: the duty starts in 2024
    assert (outcome["sent"], [m["To"] for m in smtp.messages]) == (1, ["mai@example.org"])
    assert "[Báo cáo] Báo cáo quý — quý I năm 2024" in body_of(smtp.messages[0])
    duty_runs, duty_artifacts = _task_runs_and_artifacts(duties.state_details.flow_run_id, 7)
    assert duty_runs == 7  # generate-periods + the six reminder steps

    captured = capsys.readouterr()
    everything = "".join(
        [
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
