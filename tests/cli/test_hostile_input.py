"""Hostile and broken import files: each refused with a located, localized message, in
bounded memory, with the database unchanged, on both backends.

The corpus (tests/cli/hostile_corpus.py) is imported through the real CLI in a child
process (tests/cli/hostile_child.py), so a regression that hangs or balloons is killed by
the timeout here instead of stalling the suite. Memory is measured per file with
tracemalloc (the Python heap the import allocates above what was live before it) and for
the whole child with its peak resident size.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

import documents.duty_submissions
import documents.spreadsheet  # noqa: F401  (and these: whatever ran before this test)
from documents.minutes import import_minutes
from models.calendar import WorkCalendar
from models.db import make_engine
from models.i18n import _CATALOG  # the raw templates, to match any parameters
from tests.cli.hostile_corpus import CASES, Case, minutes, write_corpus
from tests.snapshot import snapshot

PEAK_BOUND = 32 * 1024 * 1024  # Python heap per refused file
RSS_GROWTH_BOUND_KIB = 128 * 1024  # the child's peak resident size above its warmed-up size
CHILD_TIMEOUT = 600  # seconds for the whole corpus; generous for a loaded 2-core host


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Case, Path]]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def seeded(db_url: str, tmp_path: Path) -> sa.Engine:
    """The organisation the corpus refers to, from the valid version of its template."""
    path = tmp_path / "valid.yaml"
    path.write_bytes(minutes()())
    engine = make_engine(db_url)
    with Session(engine) as session:
        import_minutes(session, path, "test", WorkCalendar())
        session.commit()
    return engine


def _pattern(key: str) -> re.Pattern[str]:
    template = _CATALOG[key]["vi"]
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts))


def _run_corpus(
    db_url: str, corpus: list[tuple[Case, Path]]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    manifest = [[case.command, str(path)] for case, path in corpus]
    env = {
        **os.environ,
        "DONDOC_DATABASE_URL": db_url,
        "DONDOC_ACTOR": "attacker",
        "COLUMNS": "2000",  # no wrapping: messages are matched as written
    }
    env.pop("DONDOC_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.cli.hostile_child", json.dumps(manifest)],
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return lines[:-1], lines[-1]


def test_hostile_corpus_is_refused_cleanly(
    seeded: sa.Engine, db_url: str, corpus: list[tuple[Case, Path]]
) -> None:
    before = snapshot(seeded)
    results, rss = _run_corpus(db_url, corpus)
    assert len(results) == len(CASES)
    failures = []
    for (case, path), result in zip(corpus, results, strict=True):
        output = " ".join(result["output"].split())
        place = "dòng" if case.command == "minutes" else "hàng"
        expected = [
            ("exit 2", result["exit"] == 2),
            ("nothing written", "không ghi gì vào cơ sở dữ liệu" in output),
            ("file named", f"{path}, {place}" in output),
            ("field named", f"trường «{case.field}»" in output),
            ("reason", _pattern(case.key).search(output) is not None),
            ("bounded heap", result["peak"] < PEAK_BOUND),
        ]
        if case.place is not None:
            expected.append(("place", f"{path}, {place} {case.place}," in output))
        missed = [name for name, ok in expected if not ok]
        if missed:
            failures.append(f"{case.name}: {missed}: {output[:400]} {result['exception']}")
    assert not failures, "\n".join(failures)
    assert rss["maxrss_kib"] - rss["warm_kib"] < RSS_GROWTH_BOUND_KIB
    assert snapshot(seeded) == before
    worst = max(results, key=lambda r: r["peak"])
    print(  # the figures the issue asks for, shown with -s
        f"\n{len(results)} files refused; worst heap {worst['peak'] / 2**20:.1f} MiB "
        f"({Path(worst['path']).name}); slowest {max(r['seconds'] for r in results):.2f} s; "
        f"child peak RSS {rss['maxrss_kib'] / 1024:.0f} MiB, "
        f"{(rss['maxrss_kib'] - rss['warm_kib']) / 1024:.0f} MiB above the warmed-up process"
    )


def test_refusals_are_in_english_on_request(
    seeded: sa.Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from cli.app import app
    from models.db import dispose_engines
    from models.settings import get_settings

    path = tmp_path / "bomb.yaml"
    path.write_text('a: &a ["x"]\nb: [*a, *a]\n', encoding="utf-8")
    monkeypatch.setenv("DONDOC_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["--lang", "en", "import", "minutes", str(path)])
    finally:
        get_settings.cache_clear()
        dispose_engines()
    assert result.exit_code == 2
    assert "nothing was written" in result.output and "line 1" in result.output
    assert "anchors, aliases and merge keys" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["task", "progress", "1", "50", "--note", "a\x1b[2Jb"], "note"),
        (["--actor", "x\x07y", "task", "progress", "1", "50"], "actor"),
        (["--actor", "a" * 121, "task", "progress", "1", "50"], "actor"),
        (["task", "cancel", "1", "--reason", "r\u202etxt.exe"], "reason"),
        (
            [
                "task",
                "add",
                "--document",
                "01-NQ",
                "--issuing-body",
                "Đảng ủy",
                "--ref",
                "9",
                "--title",
                "t" * 1001,
                "--lead",
                "DU",
            ],
            "title",
        ),
    ],
)
def test_command_line_texts_are_checked_like_imported_ones(
    seeded: sa.Engine, dondoc: Any, args: list[str], field: str
) -> None:
    before = snapshot(seeded)
    result: Any = dondoc(*args, ok=False)
    assert result.exit_code == 2, result.output
    assert f"«{field}»" in result.output
    assert snapshot(seeded) == before
