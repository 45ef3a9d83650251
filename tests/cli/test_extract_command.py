"""``dondoc extract``: the draft printed, saved as minutes, refused inputs leave nothing,
and a checked draft goes through ``dondoc import minutes`` on both backends."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlmodel import Session, select

from models.duties import Duty
from models.history import TaskEvent
from models.meetings import Document
from models.tasks import Task
from tests.documents.corpus.scoring import CORPUS
from tests.documents.test_extract import _scan_pdf, _zip_bomb

SEED = CORPUS / "files" / "01_nq_du_shtt_2024.docx"
DIRECTORY = CORPUS / "directories" / "cuc_shtt.yaml"


def _units_minutes(tmp_path: Path) -> Path:
    """The corpus directory as a minutes file (units and people, no aliases)."""
    data = yaml.safe_load(DIRECTORY.read_text(encoding="utf-8"))
    units = [{k: v for k, v in u.items() if k != "aliases"} for u in data["units"]]
    people = [{**p, "unit": "DU-SHTT"} for p in data["people"]]
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump({"units": units, "people": people}, allow_unicode=True), "utf-8")
    return path


def test_seed_resolution_round_trips_through_import_minutes(
    dondoc: Any, db_url: str, tmp_path: Path
) -> None:
    dondoc("import", "minutes", str(_units_minutes(tmp_path)))
    draft = tmp_path / "draft.yaml"
    shown = dondoc("extract", str(SEED), "--format", "json", "-o", str(draft))
    payload = json.loads(shown.stdout)
    assert payload["document"]["number"] == "01-NQ/ĐU"
    assert payload["tasks"][0]["lead"] == {"code": "VP-DU", "text": "Văn phòng Đảng ủy"}
    engine = sa.create_engine(db_url)
    try:
        with Session(engine) as session:
            assert session.exec(select(Task)).first() is None  # extract never writes tasks
        refused = dondoc("import", "minutes", str(draft), ok=False)
        assert refused.exit_code == 2 and "lead" in refused.output  # unchecked: a lead is missing
        checked = re.sub(r"lead: null  #[^\n]*", 'lead: "CB01"', draft.read_text("utf-8"))
        draft.write_text(checked, encoding="utf-8")
        dondoc("import", "minutes", str(draft))
        with Session(engine) as session:
            document = session.exec(select(Document)).one()
            tasks = session.exec(select(Task).where(Task.document_id == document.id)).all()
            assert document.issued_on.isoformat() == "2024-01-29"
            dues = {t.title[:20]: t.due_on.isoformat() if t.due_on else None for t in tasks}
            assert "2024-03-31" in dues.values() and "2024-06-30" in dues.values()
            recurring = [t for t in payload["tasks"] if t["due"]["kind"] == "recurring"]
            assert len(tasks) == len(payload["tasks"]) - len(recurring) == 9
            duties = session.exec(select(Duty)).all()  # "hằng tháng", "báo cáo quý": duties
            assert sorted(d.cadence.value for d in duties) == ["monthly", "quarterly"]
            events = session.exec(select(TaskEvent)).all()
            assert len(events) >= len(tasks)  # every task has its history
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("scan.pdf", _scan_pdf, "bản chụp"),
        ("bomb.docx", _zip_bomb, "bom zip"),
        ("anh.docx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "không phải văn bản"),
    ],
)
def test_refused_input_names_the_file_and_writes_nothing(
    dondoc: Any, tmp_path: Path, name: str, make: Any, words: str
) -> None:
    work = tmp_path / "work"  # the SQLite test database lives in tmp_path itself
    work.mkdir()
    path = work / name
    path.write_bytes(make())
    draft = work / "draft.yaml"
    result = dondoc("extract", str(path), "--directory", str(DIRECTORY), "-o", str(draft), ok=False)
    assert result.exit_code == 2
    assert f"«{name}»" in result.output and words in result.output
    assert not draft.exists() and sorted(os.listdir(work)) == [name]


def test_a_200_mb_file_is_refused_before_it_is_read(dondoc: Any, tmp_path: Path) -> None:
    path = tmp_path / "lon.pdf"
    with path.open("wb") as stream:  # sparse: no 200 MB on disk
        stream.truncate(200 * 1024 * 1024)
    draft = tmp_path / "draft.yaml"
    result = dondoc(
        "--lang",
        "en",
        "extract",
        str(path),
        "--directory",
        str(DIRECTORY),
        "-o",
        str(draft),
        ok=False,
    )
    assert result.exit_code == 2 and "«lon.pdf»" in result.output and "larger than" in result.output
    assert not draft.exists()


def test_text_draft_speaks_vietnamese_and_english(dondoc: Any) -> None:
    vi = dondoc("extract", str(SEED), "--directory", str(DIRECTORY)).stdout
    en = dondoc("--lang", "en", "extract", str(SEED), "--directory", str(DIRECTORY)).stdout
    assert "Chủ trì: Văn phòng Đảng ủy (VP-DU)" in vi and "Chưa ghi gì" in vi
    assert "Lead: Văn phòng Đảng ủy (VP-DU)" in en and "Nothing was written" in en
