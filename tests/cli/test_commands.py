"""The command line end to end: demo data, lifecycle verbs, exports, calendars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

from models.schema_version import HEAD_REVISION

Run = Callable[..., Any]


def test_help_imports_no_database_or_prefect_code() -> None:
    """``--help`` stays fast because the heavy libraries are imported only by commands."""
    probe = (
        "import sys; from typer.testing import CliRunner; from cli.app import app;"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'prefect', 'openpyxl', 'pydantic')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_demo_lifecycle_and_json_listing(dondoc: Run, tmp_path: Path) -> None:
    dondoc("demo", "load")
    again = dondoc("demo", "load")
    assert "không có thay đổi" in again.output
    overdue = json.loads(
        dondoc(
            "task", "list", "--as-of", "2024-07-15", "--status", "overdue", "--format", "json"
        ).output
    )
    assert [t["id"] for t in overdue] == [4, 7, 9, 2]
    assert (overdue[0]["status"], overdue[0]["days_overdue"]) == ("overdue", 73)
    assert overdue[0]["as_of"] == "2024-07-15"
    dondoc(
        "task",
        "extend",
        "4",
        "--to",
        "2024-08-30",
        "--reason",
        "chờ dữ liệu",
        "--approved-by",
        "long.lh",
        "--on",
        "2024-07-16",
    )
    dondoc("task", "progress", "4", "80", "--note", "gần xong")
    dondoc("task", "complete", "4", "--on", "2024-08-20", "--note", "xong")
    rows = json.loads(
        dondoc(
            "--lang",
            "en",
            "task",
            "list",
            "--as-of",
            "2024-09-01",
            "--unit",
            "CB07",
            "--format",
            "json",
        ).output
    )
    assert rows and all(r["lead"]["code"] in ("CB07", "son.dn") for r in rows)
    assert [(r["original_due_on"], r["due_on"], r["status"]) for r in rows if r["id"] == 4] == [
        ("2024-05-03", "2024-08-30", "done_on_time")
    ]
    shown = json.loads(dondoc("--lang", "en", "task", "show", "4", "--format", "json").output)
    assert [e["text"] for e in shown["history"]] == [
        "Task assigned, deadline 03/05/2024",
        "Deadline extended from 03/05/2024 to 30/08/2024 (approved by Lưu Hoàng Long)",
        "Progress 0% → 80%",
        "Done on 20/08/2024",
    ]
    assert "Done on 20/08/2024" in dondoc("--lang", "en", "task", "show", "4").output
    refused = dondoc("--lang", "en", "task", "complete", "4", ok=False)
    assert refused.exit_code == 2
    assert "is already completed; cannot complete it" in refused.output


def test_unknown_names_get_a_clear_refusal(dondoc: Run) -> None:
    dondoc("demo", "load")
    result = dondoc("task", "list", "--unit", "NOPE", ok=False)
    assert result.exit_code == 2
    assert "Không tìm thấy đơn vị «NOPE»." in result.output
    result = dondoc(
        "--lang",
        "en",
        "task",
        "extend",
        "4",
        "--to",
        "2024-02-30",
        "--reason",
        "r",
        "--approved-by",
        "long.lh",
        ok=False,
    )
    assert result.exit_code == 2
    assert "«2024-02-30»: no such date" in result.output


def test_ics_feed_carries_every_open_deadline(dondoc: Run, tmp_path: Path) -> None:
    dondoc("demo", "load")
    dondoc(
        "task", "extend", "4", "--to", "2024-08-30", "--reason", "r",
        "--approved-by", "long.lh", "--on", "2024-07-10",
    )  # fmt: skip
    feed = tmp_path / "all.ics"
    dondoc("export", "ics", str(feed), "--as-of", "2024-07-15")
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    listed = json.loads(
        dondoc(
            "task",
            "list",
            "--as-of",
            "2024-07-15",
            "--status",
            "overdue",
            "--status",
            "in_progress",
            "--format",
            "json",
        ).output
    )
    assert set(events) == {f"task-{t['id']}@dondoc" for t in listed}
    extended = events["task-4@dondoc"]
    assert extended.decoded("dtstart") == date(2024, 8, 30)
    assert extended.decoded("sequence") == 1
    assert "2024-05-03" in str(extended["description"])
    person = tmp_path / "anh.ics"
    dondoc("export", "ics", str(person), "--person", "anh.lh", "--as-of", "2024-07-15")
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(person.read_bytes()).walk("VEVENT")]
    # anh.lh leads task 11 and manages UBKT, which leads tasks 9 and 10.
    assert uids == ["task-9@dondoc", "task-10@dondoc", "task-11@dondoc"]
    folder = tmp_path / "feeds"
    dondoc("export", "ics", str(folder), "--all", "--as-of", "2024-07-15")

    def feed_uids(name: str) -> set[str]:
        calendar = icalendar.Calendar.from_ical((folder / name).read_bytes())
        return {str(e["uid"]) for e in calendar.walk("VEVENT")}

    # UBKT's tasks include those its people lead (anh.lh: task 11).
    assert feed_uids("unit-UBKT.ics") == {"task-9@dondoc", "task-10@dondoc", "task-11@dondoc"}
    # The secretary manages the committee: its feed and his are the whole open list.
    assert feed_uids("person-long.lh.ics") == feed_uids("unit-DU-SHTT.ics") == set(events)


def test_reports_answer_managers_questions(dondoc: Run) -> None:
    dondoc("demo", "load")
    page = json.loads(
        dondoc("report", "overdue", "--as-of", "2024-07-15", "--format", "json").output
    )
    assert (page["as_of"], page["total"]) == ("2024-07-15", 4)
    late = page["items"]
    assert [(r["id"], r["days_overdue"]) for r in late] == [(4, 73), (7, 45), (9, 17), (2, 14)]
    assert late[1]["lead"]["code"] == "bay.nv"
    assert [c["code"] for c in late[2]["co_owners"]] == ["CB02", "CB03"]
    scoped = json.loads(
        dondoc(
            "report",
            "overdue",
            "--as-of",
            "2024-07-15",
            "--unit",
            "UBKT",
            "--min-days",
            "15",
            "--format",
            "json",
        ).output
    )["items"]
    assert [r["id"] for r in scoped] == [9]
    soon = json.loads(
        dondoc(
            "report", "due-soon", "--as-of", "2024-09-20", "--days", "45", "--format", "json"
        ).output
    )["items"]
    assert [(r["id"], r["days_left"]) for r in soon] == [(10, 10), (5, 41)]
    units = json.loads(
        dondoc("--lang", "en", "report", "units", "--period", "2024-H1", "--format", "json").output
    )
    top = units[0]
    assert (top["unit"], top["total"], top["overdue"], top["on_time_rate"]) == (
        "DU-BKHCN",
        5,
        3,
        50.0,
    )
    for args, message in [
        (("report", "overdue", "--unit", "NOPE"), "Không tìm thấy đơn vị «NOPE»."),
        (("report", "units", "--period", "2024-Q5"), "Kỳ «2024-Q5» không hợp lệ"),
        (("report", "overdue", "--kind", "memo"), "Loại văn bản «memo» không hợp lệ"),
        (("report", "due-soon", "--person", "ghost"), "Không tìm thấy người «ghost»."),
    ]:
        result = dondoc(*args, ok=False)
        assert result.exit_code == 2 and message in result.output, result.output


def test_report_path_imports_no_orm_and_no_prefect(sqlite_url: str) -> None:
    probe = (
        "import sys; from cli.app import app;"
        "from typer.testing import CliRunner;"
        "r = CliRunner().invoke(app, ['report', 'overdue', '--as-of', '2024-07-15', '--format', 'json']);"
        "assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'prefect', 'alembic', 'holidays') if m in sys.modules))"
    )
    env = {**os.environ, "DONDOC_DATABASE_URL": sqlite_url}
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_duty_commands_and_reports(dondoc: Run) -> None:
    dondoc("demo", "load")
    missing = json.loads(
        dondoc(
            "report",
            "duties",
            "--period",
            "2024-Q1",
            "--missing",
            "--as-of",
            "2024-04-01",
            "--format",
            "json",
        ).output
    )
    assert [r["unit"] for r in missing] == ["CB04", "CB05", "CB06", "CB07", "CB08"]
    assert {r["status"] for r in missing} == {"Quá hạn chưa nộp"}
    dondoc(
        "duty",
        "submit",
        "--duty",
        "BC-QUY",
        "--unit",
        "CB04",
        "--period",
        "2024-Q1",
        "--on",
        "2024-03-29",
        "--by",
        "lan.nh",
        "--reference",
        "15-BC/CB04",
    )
    quarter = json.loads(
        dondoc(
            "--lang",
            "en",
            "report",
            "duties",
            "--period",
            "2024-Q1",
            "--as-of",
            "2024-04-01",
            "--format",
            "json",
        ).output
    )
    by_unit = {r["unit"]: (r["status"], r["days"]) for r in quarter}
    assert by_unit["CB02"] == ("Submitted late", 7)
    assert by_unit["CB04"] == ("Submitted late", 9)
    assert by_unit["CB09"] == ("Waived", None)
    assert by_unit["CB05"] == ("Overdue", 12)
    rates = json.loads(
        dondoc(
            "report", "compliance", "--year", "2024", "--as-of", "2024-07-15", "--format", "json"
        ).output
    )
    cb01 = next(r for r in rates if r["unit"] == "CB01")
    assert (cb01["submitted_on_time"], cb01["overdue"], cb01["on_time_rate"]) == (4, 5, 44.4)
    refused = dondoc(
        "duty", "submit", "--duty", "BC-QUY", "--unit", "CB04", "--period", "2024-Q9", ok=False
    )
    assert refused.exit_code == 2 and "BC-QUY / CB04 / 2024-Q9" in refused.output
    again = dondoc("duty", "generate", "--from", "2024-01-01", "--to", "2024-12-31")
    assert again.output.strip() == "không có thay đổi"  # already generated: nothing new
    more = dondoc("duty", "generate", "--from", "2025-01-01", "--to", "2025-03-31")
    assert more.output.strip() == "instances.created=36"  # Q1 and 3 months of 2025, 9 branches


def test_health_reports_database_schema_and_masked_channels(
    dondoc: Run, monkeypatch: object
) -> None:

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    secret = "Hunter2-Sm7p-Secret"
    monkeypatch.setenv(
        "DONDOC_CHANNEL_EMAIL", f"mailtos://dondoc:{secret}@mail.example.org?to={{address}}"
    )
    result = dondoc("health", "--no-prefect")
    assert f"schema: {HEAD_REVISION} (up to date)" in result.output
    assert "email" in result.output and "****" in result.output
    assert secret not in result.output


def test_a_database_that_is_down_gets_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.peers import closed_port

    with closed_port() as port:  # nobody listens there
        url = f"postgresql+psycopg://dondoc:S3cret-Db-Pass@127.0.0.1:{port}/dondoc"
        monkeypatch.setenv("DONDOC_DATABASE_URL", url)
        _refused_clearly()


def _refused_clearly() -> None:
    from typer.testing import CliRunner

    from cli.app import app
    from models.db import dispose_engines
    from models.settings import get_settings

    get_settings.cache_clear()
    try:
        for args in (["report", "overdue"], ["--lang", "en", "task", "complete", "1"]):
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 3, result.output
            assert "127.0.0.1" in result.output and "S3cret-Db-Pass" not in result.output
            assert ("Không kết nối được" in result.output) or (
                "Cannot reach the database" in result.output
            )
    finally:
        dispose_engines()
        get_settings.cache_clear()
