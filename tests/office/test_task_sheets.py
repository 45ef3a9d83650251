"""Task spreadsheets for people, that import back: titles, typed cells, labels, safety."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlmodel import Session

from documents.problems import ImportFailed
from documents.task_columns import TASK_COLUMNS
from models.extension_queries import extensions_by_task
from models.queries import TaskFilter, TaskRow, list_tasks
from models.status import TaskStatus
from tests.builders import reader
from tests.office.helpers import (
    AS_OF,
    HOSTILE,
    export_file,
    import_file,
    load_org,
    load_tasks,
    table_of,
)
from tests.snapshot import snapshot


def _by_title(engine: sa.Engine) -> dict[str, TaskRow]:
    with Session(engine) as session:
        return {r.title: r for r in list_tasks(reader(session), TaskFilter(), AS_OF)}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_export_is_titled_typed_and_labelled(
    engine: sa.Engine, tmp_path: Path, lang: str
) -> None:
    load_tasks(engine, tmp_path)
    path = tmp_path / "tasks.xlsx"
    export_file(engine, path, lang)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == ("Nhiệm vụ" if lang == "vi" else "Tasks")
    title, scope = sheet["A1"].value, sheet["A2"].value
    assert title == (
        "Danh sách nhiệm vụ thực hiện nghị quyết"
        if lang == "vi"
        else "Tasks set by the committee's documents"
    )
    assert scope == (
        "Đơn vị: toàn Đảng bộ — tính đến 01/07/2024"
        if lang == "vi"
        else "Unit: all units — as of 01/07/2024"
    )
    headers = [c.value for c in sheet[4]]
    assert headers == [c.header(lang) for c in TASK_COLUMNS]
    assert all(c.font.b for c in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == f"A4:V{4 + 8}"
    column = {c.field: i + 1 for i, c in enumerate(TASK_COLUMNS)}
    rows = {sheet.cell(r, column["title"]).value: r for r in range(5, 13)}
    done = rows["Cải cách hành chính"]
    deadline = sheet.cell(done, column["deadline"])
    assert isinstance(deadline.value, datetime) and deadline.value.date() == date(2024, 4, 30)
    assert deadline.number_format == "DD/MM/YYYY"
    assert sheet.cell(done, column["status"]).value == (
        "Hoàn thành đúng hạn" if lang == "vi" else "Done on time"
    )
    assert sheet.cell(done, column["document_kind"]).value == (
        "Nghị quyết" if lang == "vi" else "Resolution"
    )
    assert isinstance(sheet.cell(done, column["id"]).value, int)
    assert sheet.column_dimensions["H"].width >= 20  # the task title is readable
    for hostile in HOSTILE:  # never a formula: a text cell with Excel's quote prefix
        cell = sheet.cell(rows[hostile], column["title"])
        assert (cell.value, cell.data_type) == (hostile, "s")
        assert cell.quotePrefix or not hostile.startswith(("=", "+", "-", "@"))


def test_csv_export_has_bom_and_vietnamese_conventions(engine: sa.Engine, tmp_path: Path) -> None:
    load_tasks(engine, tmp_path)
    vi, en = tmp_path / "vi.csv", tmp_path / "en.csv"
    export_file(engine, vi, "vi")
    export_file(engine, en, "en")
    raw = vi.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Mã nhiệm vụ;Loại văn bản;Số văn bản;")
    assert ";29/01/2024;" in text and "Hoàn thành quá hạn" in text
    assert en.read_bytes().startswith(b"\xef\xbb\xbf")
    assert ",29/01/2024," in en.read_text(encoding="utf-8-sig")  # dd/mm/yyyy in both
    for hostile in HOSTILE:  # an apostrophe keeps a spreadsheet from running it
        assert f"'{hostile}" in text or f"'{hostile}".replace('"', '""') in text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_restores_extensions_and_completion(
    engine: sa.Engine, sqlite_url: str, tmp_path: Path, lang: str, suffix: str
) -> None:
    load_tasks(engine, tmp_path)
    out = tmp_path / f"out{suffix}"
    export_file(engine, out, lang)
    before = snapshot(engine)
    assert import_file(engine, out) == {}  # into the same home: nothing changes
    assert snapshot(engine) == before
    fresh = sa.create_engine(sqlite_url)
    try:
        load_org(fresh, tmp_path)
        assert import_file(fresh, out) == {"documents.created": 3, "tasks.created": 8}
        again = tmp_path / f"again{suffix}"
        export_file(fresh, again, lang)
        assert table_of(again) == table_of(out)
        source, restored = _by_title(engine), _by_title(fresh)
        for title, row in source.items():
            copy = restored[title]
            for name in (
                "due_on",
                "original_due_on",
                "completed_on",
                "completion_note",
                "progress",
                "status",
                "co_owners",
                "start_on",
            ):
                assert getattr(copy, name) == getattr(row, name), (title, name)
        story = restored["Cải cách hành chính"]
        assert story.status.status is TaskStatus.DONE_ON_TIME  # not "done late 17 days"
        with Session(engine) as a, Session(fresh) as b:
            old = extensions_by_task(reader(a), [source["Cải cách hành chính"].id])
            new = extensions_by_task(reader(b), [story.id])
        strip = [
            (e.previous_due_on, e.new_due_on, e.approved_on, e.approver_code, e.reason)
            for e in next(iter(old.values()))
        ]
        assert strip == [
            (e.previous_due_on, e.new_due_on, e.approved_on, e.approver_code, e.reason)
            for e in new[story.id]
        ]
        assert strip[1][4] == "Bổ sung | số liệu"  # a bar inside the reason survives
        for hostile in HOSTILE:
            assert hostile in restored
    finally:
        fresh.dispose()


def test_extensions_can_be_added_never_rewritten(engine: sa.Engine, tmp_path: Path) -> None:
    load_tasks(engine, tmp_path)
    path = tmp_path / "tasks.xlsx"
    export_file(engine, path, "vi")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    column = 1 + [c.field for c in TASK_COLUMNS].index("extensions")
    (row,) = [r for r in range(5, sheet.max_row + 1) if sheet.cell(r, column).value]
    recorded = sheet.cell(row, column).value
    sheet.cell(row, column).value = None  # a sheet that does not speak of extensions
    workbook.save(path)
    before = snapshot(engine)
    assert import_file(engine, path) == {}
    assert snapshot(engine) == before
    sheet.cell(row, column).value = recorded.split("\n")[1]  # drops the first one
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:
        import_file(engine, path)
    assert "extensions can only be added" in failed.value.render("en")
    sheet.cell(row, column).value = "31/05/2024 | hôm qua | long | x"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:
        import_file(engine, path)
    assert "«Gia hạn»: «hôm qua»: not a date" in failed.value.render("en")
    # A third extension, added by the sheet, is applied from the deadline then in force;
    # the task was done before it, so the import refuses it with the lifecycle's reason.
    sheet.cell(row, column).value = recorded + "\n30/06/2024 | 20/06/2024 | long | thêm"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:
        import_file(engine, path)
    assert "is already completed; cannot extend it" in failed.value.render("en")
    assert snapshot(engine) == before
