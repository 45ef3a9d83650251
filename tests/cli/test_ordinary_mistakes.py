"""Ordinary mistakes get a clear message in the user's language and a non-zero exit,
never a traceback; wrong but plausible input is refused with the field named."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]


def _refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2
    output = result.output
    assert "Traceback" not in output
    for word in words:
        assert word in output, output


def test_refusals_name_what_is_wrong(dondoc: Run) -> None:
    dondoc("demo", "load")
    base = ("task", "add", "--document", "01-NQ/ĐU", "--title", "x", "--lead", "CB02")
    _refused(dondoc("--lang", "en", *base, "--ref", "1", ok=False), "already has a task «1»")
    _refused(
        dondoc("--lang", "en", *base, "--ref", "99", "--deadline", "2020-01-01", ok=False),
        "before the document's issue date 29/01/2024",
    )
    _refused(dondoc("task", "progress", "4", "-10", ok=False), "Tiến độ phải từ 0 đến 100")
    _refused(
        dondoc("--lang", "en", "task", "complete", "4", "--on", "2150-01-01", ok=False),
        "in the future",
    )
    _refused(
        dondoc("--lang", "en", "task", "complete", "4", "--on", "2024-01-02", ok=False),
        "before the document's issue date 29/01/2024",
    )
    _refused(dondoc("task", "list", "--status", "xyz", ok=False), "Tình trạng «xyz»")
    _refused(dondoc("report", "overdue", "--kind", "nope", ok=False), "Loại văn bản «nope»")
    _refused(dondoc("report", "units", "--period", "2024-13", ok=False), "Kỳ «2024-13»")
    submit = ("duty", "submit", "--duty", "BC-QUY", "--unit", "CB04", "--period", "2024-Q1")
    dondoc(*submit, "--on", "2024-03-19", "--reference", "5-BC/CB")
    _refused(
        dondoc("--lang", "en", *submit, "--on", "2024-03-19", "--reference", "5-BC/CB", ok=False),
        "already has this submission of 19/03/2024",
    )


def test_status_filter_takes_codes_and_labels_in_both_languages(dondoc: Run) -> None:
    dondoc("demo", "load")

    def ids(*status: str) -> list[int]:
        args = [a for s in status for a in ("--status", s)]
        out = dondoc("task", "list", "--as-of", "2024-07-15", *args, "--format", "json").output
        return [row["id"] for row in json.loads(out)]

    overdue = ids("overdue")
    assert overdue and ids("quá hạn") == ids("Qua han") == ids("OVERDUE") == overdue
    assert ids("Hoàn thành đúng hạn") == ids("done on time") == ids("done_on_time")


def test_a_cancelled_task_can_be_restored_with_history(dondoc: Run) -> None:
    dondoc("demo", "load")
    dondoc("task", "cancel", "5", "--reason", "nhầm", "--on", "2024-07-01")
    early = dondoc("task", "restore", "5", "--reason", "r", "--on", "2024-06-30", ok=False)
    _refused(early, "trước ngày hủy nhiệm vụ 01/07/2024")
    restored = dondoc(
        "--lang", "en", "task", "restore", "5", "--reason", "was right", "--on", "05/07/2024"
    )  # fmt: skip
    assert "Task #5 restored." in restored.output
    shown = json.loads(dondoc("--lang", "en", "task", "show", "5", "--format", "json").output)
    assert shown["cancelled_on"] is None and shown["status"] != "cancelled"
    assert [e["text"] for e in shown["history"][-2:]] == [
        "Cancelled on 01/07/2024",
        "Restored on 05/07/2024 (had been cancelled on 01/07/2024)",
    ]
    _refused(dondoc("task", "restore", "5", "--reason", "again", ok=False), "không bị hủy")


def test_write_commands_say_what_they_did(dondoc: Run) -> None:
    dondoc("demo", "load")
    extended = dondoc(
        "--lang", "en", "task", "extend", "4", "--to", "30/06/2024", "--reason", "r",
        "--approved-by", "long.lh", "--on", "2024-06-01",
    )  # fmt: skip
    assert "Task #4 extended to 30/06/2024." in extended.output
    assert "tiến độ 40%" in dondoc("task", "progress", "4", "40").output


def test_help_and_tables_read_well_at_80_columns(dondoc: Run) -> None:
    import sys

    from tests.cli.terminal import run_in_terminal

    command = [sys.executable, "-c", "from cli.app import main; main()"]
    helped = run_in_terminal([*command, "task", "list", "--help"], columns=80)
    assert "<str>" not in helped and "<bool>                 Gồm" not in helped
    assert "--co-owned" in helped
    dondoc("demo", "load")
    table = run_in_terminal([*command, "task", "list", "--as-of", "2024-07-15"], columns=80)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert max(len(line) for line in lines) > 60  # laid out for the terminal, not for a pipe
    # Dates and document numbers are never split across lines.
    assert "15/03/2024" in table and "04-KH/ĐU" in table
    assert table.count("/2024") >= 11


def test_output_off_a_terminal_keeps_whole_lines(
    dondoc: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipe, a log or cron's mail gets each row and message whole, whatever COLUMNS says."""
    dondoc("demo", "load")
    monkeypatch.setenv("COLUMNS", "40")
    table = dondoc("task", "list", "--as-of", "2024-07-15").output
    rows = [line for line in table.splitlines() if "/2024" in line]
    assert len(rows) >= 11
    assert max(len(line) for line in table.splitlines()) > 80  # one row, one line
    refused = dondoc("--lang", "en", "task", "progress", "4", "-10", ok=False).output
    assert len(refused.strip().splitlines()) == 1, refused
