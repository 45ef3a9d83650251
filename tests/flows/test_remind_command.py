"""``dondoc remind run`` as a script would use it: JSON with codes, a clear refusal."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli.app import app
from tests.flows.test_deadline_reminders_flow import flow_env  # noqa: F401  (fixture)
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
