"""Spreadsheet import (CSV, XLSX), export, and the export -> import round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from sqlmodel import Session

from documents.minutes import import_minutes
from documents.problems import ImportFailed
from documents.spreadsheet import import_spreadsheet, read_rows
from documents.task_columns import find_header_row
from documents.task_export import task_table, write_tasks
from models.calendar import WorkCalendar
from models.db import make_engine
from models.queries import TaskFilter, list_tasks
from tests.builders import reader
from tests.snapshot import snapshot

CAL = WorkCalendar()
ORG = """\
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU}
people:
  - {code: long, name: Lưu Hoàng Long, unit: DU, role: secretary}
"""
CSV = """\
Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;Phối hợp;Thời hạn;Tiến độ (%);Ngày hoàn thành
Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;1;Xử lý đơn;CB1;CB2, long;31/03/2024;;28/03/2024
Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;2;Cải cách hành chính;CB2;;+5 working days;40;
directive;02-CT/ĐU;Đảng ủy Cục;2024-02-20;1;Sinh hoạt chi bộ;long;CB1;;;
;;;;;;;;;;
"""


def _org(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        session.commit()


def _import(engine: sa.Engine, path: Path, **options: object) -> object:
    with Session(engine) as session:
        try:
            counts = import_spreadsheet(session, path, "test", CAL, **options)  # type: ignore[arg-type]
            session.commit()
            return counts
        except ImportFailed:
            session.rollback()
            raise


def _export(engine: sa.Engine, path: Path, lang: str) -> list[list[object]]:
    # As of a day after every recorded change: the export carries the state now.
    with Session(engine) as session:
        read = reader(session)
        table = task_table(read, list_tasks(read, TaskFilter(), date(2099, 1, 1)), lang)
    write_tasks(path, table, lang, date(2099, 1, 1), None)
    # The task id is the database's own number: a fresh home numbers its tasks anew.
    rows = list(read_rows(path))
    rows = rows[find_header_row(rows) :]  # an XLSX has a title above its header
    return [[str(v) if v is not None else "" for v in row[1:]] for row in rows]


def test_csv_import_reads_vietnamese_headers_and_dates(engine: sa.Engine, tmp_path: Path) -> None:
    _org(engine, tmp_path)
    path = tmp_path / "tasks.csv"
    path.write_text(CSV, encoding="utf-8")
    counts = _import(engine, path)
    assert counts == {"documents.created": 2, "tasks.created": 3}
    with Session(engine) as session:
        rows = {
            (r.document_number, r.ref): r
            for r in list_tasks(reader(session), TaskFilter(), date(2024, 7, 1))
        }
    first = rows[("01-NQ/ĐU", "1")]
    assert (first.due_on, first.completed_on, first.progress) == (
        date(2024, 3, 31),
        date(2024, 3, 28),
        100,
    )
    assert sorted(c for c, _ in first.co_owners) == ["CB2", "long"]
    assert rows[("01-NQ/ĐU", "2")].due_on == date(
        2024, 2, 5
    )  # 5 working days: 30, 31 Jan, 1, 2, 5 Feb
    assert rows[("02-CT/ĐU", "1")].due_on is None
    assert _import(engine, path) == {}  # re-import: nothing new, nothing duplicated


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trip(
    engine: sa.Engine, sqlite_url: str, tmp_path: Path, suffix: str
) -> None:
    _org(engine, tmp_path)
    source = tmp_path / "tasks.csv"
    source.write_text(CSV, encoding="utf-8")
    _import(engine, source)
    exported = _export(engine, tmp_path / f"out{suffix}", "en")
    assert len(exported) == 4  # header + 3 tasks
    # Into the same database: a no-op.
    before = snapshot(engine)
    assert _import(engine, tmp_path / f"out{suffix}") == {}
    assert snapshot(engine) == before
    # Into a fresh database: exporting it again gives the very same file content.
    target = make_engine(sqlite_url)
    try:
        _org(target, tmp_path)
        assert _import(target, tmp_path / f"out{suffix}") == {
            "documents.created": 2,
            "tasks.created": 3,
        }
        assert _export(target, tmp_path / f"again{suffix}", "en") == exported
    finally:
        target.dispose()


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


HEADER = [
    "Số văn bản",
    "Cơ quan ban hành",
    "Loại văn bản",
    "Ngày ban hành",
    "STT",
    "Nhiệm vụ",
    "Chủ trì",
    "Thời hạn",
]
GOOD = [
    "01-NQ/ĐU",
    "Đảng ủy Cục",
    "resolution",
    date(2024, 1, 29),
    1,
    "Việc",
    "CB1",
    date(2024, 6, 30),
]

BAD_SHEETS = [
    (
        "wrong column",
        [[*HEADER, "Ghi chú lạ"], [*GOOD, "x"]],
        "row 1, field «Ghi chú lạ»: unrecognised column",
    ),
    (
        "missing column",
        [HEADER[:-2] + HEADER[-1:], GOOD[:-2] + GOOD[-1:]],
        "row 1, field «lead»: a required column is missing",
    ),
    (
        "unknown owner",
        [HEADER, [*GOOD[:6], "CB7", GOOD[7]]],
        "row 2, field «Chủ trì»: No unit or person «CB7» found.",
    ),
    (
        "missing lead",
        [HEADER, [*GOOD[:6], None, GOOD[7]]],
        "row 2, field «Chủ trì»: a task needs exactly one lead",
    ),
    (
        "impossible date",
        [HEADER, [*GOOD[:7], "30/02/2024"]],
        "row 2, field «Thời hạn»: «30/02/2024»: no such date",
    ),
    (
        "ambiguous date",
        [HEADER, [*GOOD[:7], "30/06/24"]],
        "row 2, field «Thời hạn»: «30/06/24»: ambiguous date",
    ),
    (
        "deadline before issue",
        [HEADER, [*GOOD[:7], date(2024, 1, 1)]],
        "row 2, field «Thời hạn»: The deadline 01/01/2024 is before",
    ),
    (
        "bad document kind",
        [HEADER, [*GOOD[:2], "memo", *GOOD[3:]]],
        "row 2, field «Loại văn bản»: «memo» is not allowed",
    ),
    (
        "duplicate task",
        [HEADER, GOOD, GOOD],
        "row 3, field «STT»: task «1» already appears in this document at row 2",
    ),
]


@pytest.mark.parametrize(
    ("rows", "message"), [c[1:] for c in BAD_SHEETS], ids=[c[0] for c in BAD_SHEETS]
)
def test_bad_spreadsheets_name_row_and_column_and_write_nothing(
    engine: sa.Engine, tmp_path: Path, rows: list[list[object]], message: str
) -> None:
    _org(engine, tmp_path)
    path = _xlsx(
        tmp_path / "bad.xlsx",
        [*rows, ["02-NQ/ĐU", "Đảng ủy Cục", "plan", date(2024, 2, 1), 1, "Hợp lệ", "CB2", None]],
    )
    before = snapshot(engine)
    with pytest.raises(ImportFailed) as failed:
        _import(engine, path)
    assert f"bad.xlsx, {message}" in failed.value.render("en")
    assert snapshot(engine) == before
