"""What clerks' files look like: unaccented or misspelt headers, old encodings, percentages."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from sqlmodel import Session

from documents.problems import ImportFailed
from models.queries import TaskFilter, list_tasks
from tests.builders import reader
from tests.office.helpers import import_file, load_org
from tests.snapshot import snapshot

ROW = "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;1;Xử lý đơn thư;CB1;31/03/2024;40\n"


def test_headers_match_without_accents_or_case(engine: sa.Engine, tmp_path: Path) -> None:
    load_org(engine, tmp_path)
    path = tmp_path / "plain.csv"
    path.write_text(
        "LOAI VAN BAN;so van ban;Co quan ban hanh;ngay ban hanh;stt;NHIEM VU;chu tri;"
        "Thoi  han;tien do (%)\n" + ROW,
        encoding="utf-8",
    )
    assert import_file(engine, path) == {"documents.created": 1, "tasks.created": 1}


def test_a_misspelt_header_gets_one_message_with_a_suggestion(
    engine: sa.Engine, tmp_path: Path
) -> None:
    load_org(engine, tmp_path)
    path = tmp_path / "typo.csv"
    path.write_text(
        "Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;"
        "Thời hna;Tiến độ (%);Ghi chú riêng\n" + ROW.rstrip("\n") + ";x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(engine, path)
    text = failed.value.render("vi")
    assert "trường «Thời hna»: cột không nhận ra; có phải «Thời hạn»?" in text
    assert "trường «Ghi chú riêng»: cột không nhận ra (xem trang Hướng dẫn" in text
    assert len(failed.value.problems) == 2  # one message per bad header, not the whole list
    assert "did you mean «Thời hạn»?" in failed.value.render("en")


def _windows_1258(text: str) -> bytes:
    """Vietnamese as old Excel saved it: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0309\u0303\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


HEADER = "Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;Thời hạn;Tiến độ (%)\n"


def test_windows_1258_is_read_and_other_encodings_refused(
    engine: sa.Engine, tmp_path: Path
) -> None:
    load_org(engine, tmp_path)
    legacy = tmp_path / "cu.csv"
    legacy.write_bytes(_windows_1258(HEADER + ROW))
    assert import_file(engine, legacy) == {"documents.created": 1, "tasks.created": 1}
    with Session(engine) as session:
        (row,) = list_tasks(reader(session), TaskFilter(), date(2024, 7, 1))
    assert (row.title, row.document_number) == ("Xử lý đơn thư", "01-NQ/ĐU")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (HEADER + ROW).replace("Đ", "D").encode("utf-8").replace(b"\xe1\xbb\xa5", b"\xe9")
    )
    before = snapshot(engine)
    with pytest.raises(ImportFailed) as failed:
        import_file(engine, latin)
    assert "latin.csv, row 1" in failed.value.render("en")
    assert "save it as «CSV UTF-8 (Comma delimited)»" in failed.value.render("en")
    assert "lưu lại dạng «CSV UTF-8" in failed.value.render("vi")
    assert snapshot(engine) == before


def test_excel_percentage_cells_are_understood(engine: sa.Engine, tmp_path: Path) -> None:
    load_org(engine, tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(";"))
    for ref, share in (("1", 0.5), ("2", 1 / 3)):
        sheet.append(
            [
                "resolution",
                "01-NQ/ĐU",
                "Đảng ủy Cục",
                date(2024, 1, 29),
                ref,
                f"Việc {ref}",
                "CB1",
                date(2024, 6, 30),
                share,
            ]
        )
        sheet.cell(sheet.max_row, 9).number_format = "0%"
    path = tmp_path / "pct.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:  # 33.3 % is no whole percentage
        import_file(engine, path)
    assert "«33.333333» must be a whole number" in failed.value.render("en")
    sheet.cell(sheet.max_row, 9).value = 0.25
    workbook.save(path)
    import_file(engine, path)
    with Session(engine) as session:
        # As of a day after the import: progress counts from when it was recorded.
        rows = list_tasks(reader(session), TaskFilter(), date(2099, 1, 1))
    assert sorted(r.progress for r in rows) == [25, 50]
