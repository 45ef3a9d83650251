"""An import that at least doubles a table has PostgreSQL's statistics refreshed at once.

A new install bringing in an office's history, with autovacuum off or behind, would
otherwise have the next morning's run planned as if the tables were still empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from models import planner_stats
from models.db import make_engine
from tests.cli.conftest import Run

ORG = """\
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU}
people:
  - {code: long, name: Lưu Hoàng Long, unit: DU, role: secretary}
"""
HEADER = "Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;Thời hạn\n"


def _known_rows(engine: sa.Engine, table: str) -> float:
    with engine.connect() as connection:
        return float(
            connection.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", (table,)
            ).scalar_one()
        )


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_an_import_that_doubles_the_tasks_has_them_analysed(
    dondoc: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planner_stats, "MIN_ROWS", 40)  # the rule, at a test's size
    engine = make_engine(db_url)
    with engine.begin() as connection:
        for table in ("task", "task_co_owner", "task_event", "document"):
            connection.exec_driver_sql(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    dondoc("import", "minutes", str(org))
    rows = [
        f"Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;{i};Nhiệm vụ {i};CB1;31/12/2024\n"
        for i in range(1, 61)
    ]
    sheet = tmp_path / "tasks.csv"
    sheet.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert _known_rows(engine, "task") <= 0  # never analysed (-1) or empty
    dondoc("import", "tasks", str(sheet))
    assert _known_rows(engine, "task") == 60
    assert _known_rows(engine, "document") <= 0  # one document: too few to matter
    engine.dispose()
