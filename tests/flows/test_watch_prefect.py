"""The watcher against a real Prefect server whose runner has stopped.

The deployments are registered as ``dondoc serve``'s runner registers them, but nothing
executes their runs: a morning run waits, and the office is told why (waiting since
07:30, nobody polling). Then a concurrency slot leaks and ``CANCEL_NEW`` cancels the
next morning's run: the office is told that, and which limit to release, once. A paused
deployment is named as such. When the runner is back and the morning run completes, it
checks in and the watcher stays quiet; a dry run does not check in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from flows.watch import look
from models.checkins import checked_in
from tests.flows.prefect_api import api as call
from tests.flows.test_deadline_reminders_flow import flow_env  # noqa: F401  (fixture)
from tests.notifications.conftest import build_committee
from tests.peers import SmtpSink, body_of


def _morning_run(api: str, deployment: dict[str, Any], day: str) -> dict[str, Any]:
    """The run the scheduler creates for 07:30 on ``day`` (committee time)."""
    due = {"type": "SCHEDULED", "state_details": {"scheduled_time": f"{day}T07:30:00+07:00"}}
    run: dict[str, Any] = call(
        "POST", f"{api}/deployments/{deployment['id']}/create_flow_run", {"state": due}
    )
    return run


def _told(smtp: SmtpSink, day: str) -> str:
    """The one message the office got about ``day`` (dd/mm/yyyy)."""
    (message,) = [m for m in smtp.messages if f"Sáng {day} " in str(m["Subject"])]
    assert message["To"] == "clerk@example.org"
    return body_of(message)


@pytest.mark.usefixtures("prefect_server")
def test_the_office_hears_why_no_morning_run_happened_once_a_day(
    flow_env: sa.Engine,  # noqa: F811
    smtp: SmtpSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.settings import PREFECT_API_URL

    from flows.deadline_reminders import deadline_reminders
    from flows.deployments import runner_deployments

    build_committee(flow_env)
    api = str(PREFECT_API_URL.value())
    monkeypatch.setenv("PREFECT_API_URL", api)  # where the watcher asks
    for deployment in runner_deployments():
        deployment.apply()  # registered as serve's runner does; then the runner stopped
    (reminders,) = call(
        "POST",
        f"{api}/deployments/filter",
        {"deployments": {"name": {"any_": ["deadline-reminders"]}}},
    )

    # Friday: the 07:30 run waits; nobody picks it up.
    _morning_run(api, reminders, "2024-03-22")
    assert look(datetime(2024, 3, 22, 8, 59)).quiet == "too_early"
    assert smtp.messages == []
    first = look(datetime(2024, 3, 22, 9, 5))
    assert first.sent == 1, first
    body = _told(smtp, "22/03/2024")
    assert "1 lượt chạy đến hạn từ 07:30 vẫn đang chờ" in body, body
    assert "không runner hay worker nào đang nhận lượt chạy của deadline-reminders" in body

    # Monday: a slot leaked (held, nothing running), so CANCEL_NEW cancels the morning run.
    limit = reminders["global_concurrency_limit"]
    call("PATCH", f"{api}/v2/concurrency_limits/{limit['id']}", {"active_slots": 1})
    monday = _morning_run(api, reminders, "2024-03-25")
    state = call(
        "POST", f"{api}/flow_runs/{monday['id']}/set_state", {"state": {"type": "PENDING"}}
    )
    assert state["state"]["type"] == "CANCELLED"  # what a runner starting it meets
    assert look(datetime(2024, 3, 25, 9, 5)).sent == 1
    assert look(datetime(2024, 3, 25, 11, 0)).quiet == "told"  # once a day
    body = _told(smtp, "25/03/2024")
    assert "1 lượt chạy hôm nay bị hủy (Deployment concurrency limit reached.)" in body, body
    assert f"giới hạn đồng thời {limit['name']} đã đầy (1/1)" in body
    assert f"prefect gcl update {limit['name']} --active-slots 0" in body

    # Tuesday: the slot released, the deployment paused.
    call("PATCH", f"{api}/v2/concurrency_limits/{limit['id']}", {"active_slots": 0})
    call("PATCH", f"{api}/deployments/{reminders['id']}", {"paused": True})
    assert look(datetime(2024, 3, 26, 9, 5)).sent == 1
    body = _told(smtp, "26/03/2024")
    assert "deployment deadline-reminders đang tạm dừng" in body and "đã đầy" not in body
    assert len(smtp.messages) == 3

    # Wednesday: the runner is back and runs the morning flow; it checks in.
    call("PATCH", f"{api}/deployments/{reminders['id']}", {"paused": False})
    smtp.clear()
    done = deadline_reminders(as_of=date(2024, 3, 27), at=datetime(2024, 3, 27, 7, 30))
    assert done["sent"] == 4  # three e-mails and a webhook message
    assert look(datetime(2024, 3, 27, 9, 5)).quiet == "checked_in"
    deadline_reminders(as_of=date(2024, 3, 28), dry_run=True, at=datetime(2024, 3, 28, 7, 30))
    with flow_env.connect() as connection:
        row = checked_in(connection, "deadline-reminders", date(2024, 3, 27))
        assert checked_in(connection, "deadline-reminders", date(2024, 3, 28)) is None
    assert row is not None and (row.runs, row.sent, row.failed) == (1, 4, 0)
    assert not [m for m in smtp.messages if "chưa có lượt nhắc việc" in str(m["Subject"])]
