"""A whole home restored from its files: ``export directory``, ``export tasks`` and
``export duty-submissions`` into an empty database give back the same tasks, extensions,
completions and submissions, and the same files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from documents.duty_submissions import SUBMISSION_COLUMNS
from documents.spreadsheet import read_rows
from documents.task_columns import TASK_COLUMNS, find_header_row
from models.db import dispose_engines
from models.settings import get_settings
from tests.office.helpers import table_of


def _rows(path: Path) -> list[list[Any]]:
    rows = list(read_rows(path))
    return rows[find_header_row(rows, SUBMISSION_COLUMNS) :]


@pytest.mark.parametrize(("lang", "suffix"), [("vi", ".xlsx"), ("en", ".csv")])
def test_an_empty_home_restores_from_the_exports(
    dondoc: Callable[..., Any],
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    suffix: str,
) -> None:
    dondoc("demo", "load")
    dondoc(
        "task",
        "extend",
        "7",
        "--to",
        "2024-07-31",
        "--reason",
        "Chờ kế hoạch | của Bộ",
        "--approved-by",
        "long.lh",
        "--on",
        "2024-06-05",
    )
    dondoc("task", "complete", "7", "--on", "2024-07-10", "--note", "Xong sau gia hạn")
    directory, tasks = tmp_path / "directory.yaml", tmp_path / f"tasks{suffix}"
    submissions = tmp_path / f"submissions{suffix}"
    dondoc("export", "directory", str(directory))
    dondoc("--lang", lang, "export", "tasks", str(tasks), "--as-of", "2024-07-15")
    dondoc("--lang", lang, "export", "duty-submissions", str(submissions))

    monkeypatch.setenv("DONDOC_DATABASE_URL", sqlite_url)  # an empty home
    dispose_engines()
    get_settings.cache_clear()
    dondoc("import", "minutes", str(directory))
    dondoc("--lang", lang, "import", "tasks", str(tasks))
    dondoc("duty", "generate", "--from", "2024-01-01", "--to", "2024-12-31")
    dondoc("--lang", lang, "import", "duty-submissions", str(submissions))
    again, directory_again = tmp_path / f"again{suffix}", tmp_path / "again.yaml"
    dondoc("--lang", lang, "export", "tasks", str(again), "--as-of", "2024-07-15")
    dondoc("export", "directory", str(directory_again))
    assert table_of(again) == table_of(tasks)
    assert directory_again.read_text(encoding="utf-8") == directory.read_text(encoding="utf-8")
    submissions_again = tmp_path / f"submissions-again{suffix}"
    dondoc("--lang", lang, "export", "duty-submissions", str(submissions_again))
    delivered = _rows(submissions)
    assert len(delivered) == 1 + 6  # the header and the demo's six submissions
    assert _rows(submissions_again) == delivered
    fields = [c.field for c in TASK_COLUMNS][1:]  # table_of leaves the id out
    ext, status = fields.index("extensions"), fields.index("status")
    (restored,) = [row for row in table_of(again)[1:] if row[ext]]  # the extended task
    assert restored[status] in ("Hoàn thành đúng hạn", "Done on time")  # not "done late"
    assert "long.lh | Chờ kế hoạch | của Bộ" in restored[ext]
