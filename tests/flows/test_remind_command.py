"""``dondoc remind run`` as a script would use it: JSON with codes, a clear refusal."""

from __future__ import annotations

import ast
import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli.app import app
from tests.flows.test_deadline_reminders_flow import (  # noqa: F401  (fixture)
    _task_runs_and_artifacts,
    flow_env,
)
from tests.notifications.conftest import build_committee
from tests.peers import SmtpSink


@pytest.mark.usefixtures("prefect_server")
def test_remind_run_reports_as_json(flow_env: sa.Engine, smtp: SmtpSink) -> None:  # noqa: F811
    build_committee(flow_env)
    args = ["remind", "run", "--dry-run", "--as-of", "2024-03-22", "--at", "2024-03-22T07:30"]
    result = CliRunner().invoke(app, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert sorted(d["recipient"] for d in report["digests"]) == [
        "clerk",
        "hung",
        "mai",
        "secretary",
    ]
    assert smtp.messages == []  # a dry run sends nothing
    refused = CliRunner().invoke(app, ["remind", "run", "--at", "junk"])
    assert refused.exit_code == 2
    assert "«junk» không phải thời điểm" in refused.output


@pytest.mark.usefixtures("prefect_server")
def test_remind_run_managers_runs_the_weekly_digest_flow_once_a_week(
    flow_env: sa.Engine,  # noqa: F811
    smtp: SmtpSink,
) -> None:
    build_committee(flow_env)
    args = ["remind", "run", "--managers", "--as-of", "2024-03-25", "--at", "2024-03-25T08:00"]
    dry = CliRunner().invoke(app, [*args, "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    previews = json.loads(dry.output)["digests"]
    assert sorted(d["recipient"] for d in previews) == ["mai", "secretary"]
    assert smtp.messages == []  # a dry run sends nothing
    sent = CliRunner().invoke(app, [*args, "--format", "json"])
    assert sent.exit_code == 0, sent.output
    report = json.loads(sent.output)
    assert (
        report["sent"] == 2 and report["failed"] == 0 and report["units"] == 4
    )  # every active unit
    assert sorted(str(m["To"]) for m in smtp.messages) == [
        "mai@example.org",
        "secretary@example.org",
    ]
    again = CliRunner().invoke(app, [*args, "--format", "json"])  # same week: nothing more
    assert json.loads(again.output)["sent"] == 0 and len(smtp.messages) == 2
    both = CliRunner().invoke(app, [*args, "--duties"])
    assert both.exit_code == 2 and "--duties" in both.output
    # The flow itself, next week: three task runs whatever the number of units and
    # managers, and one artifact comparing every unit, in the committee's language.
    from flows.manager_digest import manager_digest

    state = manager_digest(as_of=date(2024, 4, 1), at=datetime(2024, 4, 1, 8), return_state=True)
    assert state.is_completed() and state.result()["sent"] == 2
    runs, artifacts = _task_runs_and_artifacts(state.state_details.flow_run_id, 3)
    assert runs == 3
    ((key, _raw, data, _description),) = ast.literal_eval(artifacts)  # one, not one per unit
    table = {row["Đơn vị"]: row for row in data}
    assert key == "unit-overview" and len(table) == 4
    assert table["CB1 — Unit CB1"]["Tỷ lệ quá hạn"] == "100,0%"
    assert table["DU — Unit DU"]["Quá hạn"] == 1 and table["VP — Unit VP"]["Quá hạn"] == 0
