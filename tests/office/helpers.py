"""Shared set-up for the office-document tests: a small committee and its tasks."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from documents.minutes import import_minutes
from documents.problems import ImportFailed
from documents.spreadsheet import import_spreadsheet, read_rows
from documents.task_columns import find_header_row
from documents.task_export import task_table, write_tasks
from models import lifecycle
from models.calendar import WorkCalendar
from models.org import Person
from models.queries import TaskFilter, list_tasks
from models.tasks import Task
from tests.builders import reader

CAL = WorkCalendar()
AS_OF = date(2024, 7, 1)
ORG = """\
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU}
people:
  - {code: long, name: Lưu Hoàng Long, unit: DU, role: secretary}
  - {code: mai, name: Đỗ Thị Mai, unit: CB1, role: branch_secretary}
"""
# Titles a spreadsheet would run as formulas: they must stay text, and come back as typed.
HOSTILE = ['=HYPERLINK("http://evil.test","x")', "+1+1", "-2+3", "@SUM(A1)", "'=1/0"]
TASKS = f"""\
Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;Phối hợp;Thời hạn;Tiến độ (%)
Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;1;Xử lý đơn thư;CB1;CB2, long;31/03/2024;
Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;2;Cải cách hành chính;CB2;;30/04/2024;40
Chỉ thị;02-CT/ĐU;Đảng ủy Cục;20/02/2024;1;Sinh hoạt chi bộ;long;CB1;;
Kế hoạch;03-KH/ĐU;Đảng ủy Cục;01/03/2024;1;"{HOSTILE[0].replace('"', '""')}";CB1;;30/06/2024;
Kế hoạch;03-KH/ĐU;Đảng ủy Cục;01/03/2024;2;{HOSTILE[1]};CB1;;30/06/2024;
Kế hoạch;03-KH/ĐU;Đảng ủy Cục;01/03/2024;3;{HOSTILE[2]};CB2;;30/08/2024;
Kế hoạch;03-KH/ĐU;Đảng ủy Cục;01/03/2024;4;{HOSTILE[3]};CB2;;30/08/2024;
Kế hoạch;03-KH/ĐU;Đảng ủy Cục;01/03/2024;5;=1/0;CB2;;30/08/2024;
"""


def load_org(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        session.commit()


def import_file(engine: sa.Engine, path: Path) -> Counter[str]:
    with Session(engine) as session:
        try:
            counts = import_spreadsheet(session, path, "test", CAL)
            session.commit()
            return counts
        except ImportFailed:
            session.rollback()
            raise


def load_tasks(engine: sa.Engine, tmp_path: Path) -> None:
    """The committee, its tasks (some with formula-like titles), and a deadline story:
    task 01-NQ/2 extended twice (to 31/05, then 17/06) and done on 10/06, on time."""
    load_org(engine, tmp_path)
    source = tmp_path / "source.csv"
    source.write_text(TASKS, encoding="utf-8")
    import_file(engine, source)
    with Session(engine) as session:
        task = session.exec(select(Task).where(Task.title == "Cải cách hành chính")).one()
        secretary = session.exec(select(Person).where(Person.code == "long")).one()
        lifecycle.extend_deadline(
            session, task, date(2024, 5, 31), "Chờ ý kiến Bộ", secretary, date(2024, 4, 25), "t"
        )
        lifecycle.extend_deadline(
            session, task, date(2024, 6, 17), "Bổ sung | số liệu", secretary, date(2024, 5, 30), "t"
        )
        lifecycle.complete_task(session, task, date(2024, 6, 10), "t", "Xong")
        quoted = session.exec(select(Task).where(Task.title == "=1/0")).one()
        lifecycle.update_task(session, quoted, "t", title=HOSTILE[4])  # a literal apostrophe
        standing = session.exec(select(Task).where(Task.title == "Sinh hoạt chi bộ")).one()
        lifecycle.cancel_task(session, standing, date(2024, 5, 2), "Gộp vào kế hoạch 03", "t")
        first = session.exec(select(Task).where(Task.title == "Xử lý đơn thư")).one()
        lifecycle.complete_task(session, first, date(2024, 4, 5), "t", "Muộn")
        session.commit()


def export_file(engine: sa.Engine, path: Path, lang: str) -> None:
    with Session(engine) as session:
        read = reader(session)
        table = task_table(read, list_tasks(read, TaskFilter(), AS_OF), lang)
    write_tasks(path, table, lang, AS_OF, None)


def table_of(path: Path) -> list[list[Any]]:
    """The rows from the header on, without the task id (a fresh home numbers anew)."""
    rows = list(read_rows(path))
    return [row[1:] for row in rows[find_header_row(rows) :]]
