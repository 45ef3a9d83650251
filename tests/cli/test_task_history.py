"""``dondoc task show`` tells a task's history in the web's words (``models.timeline``):
people by name, not login; what happened in sentences, requests and comments included;
"chờ xác nhận hoàn thành" beside the status of a task reported done. Runs on both
backends (the ``dondoc`` fixture)."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select
from typer.testing import Result

from models.comments import add_comment
from models.db import make_engine
from models.org import Person, Unit
from models.requests import report_completion, set_confirm_completion
from models.tasks import Task
from tests.cli.conftest import Run

LOGINS = ("long.lh", "trang.nt", "son.dn", "tester")


def _report_and_comment(db_url: str) -> None:
    """The lead reports task 4 done (the committee asks for confirmation) and comments."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        committee = session.exec(select(Unit).where(Unit.code == "DU-SHTT")).one()
        set_confirm_completion(session, committee, True)
        son = session.exec(select(Person).where(Person.code == "son.dn")).one()
        task = session.get(Task, 4)
        assert task is not None
        report_completion(session, task, son, date(2024, 6, 20), "Đã xong", today=date(2024, 7, 1))
        add_comment(session, task, son, "Gửi kèm biên bản")
        session.commit()
    engine.dispose()


def test_task_show_uses_names_and_the_webs_wording(dondoc: Run, db_url: str) -> None:
    dondoc("demo", "load")
    dondoc(
        "--actor", "trang.nt", "task", "extend", "4", "--to", "30/06/2024", "--reason", "r",
        "--approved-by", "long.lh", "--on", "2024-06-01",
    )  # fmt: skip
    _report_and_comment(db_url)
    answer = dondoc("task", "show", "4", "--format", "json")
    assert isinstance(answer, Result)
    shown = json.loads(answer.output)
    events = [(e["actor"], e["who"], e["action"], e["text"]) for e in shown["history"]]
    assert (
        "trang.nt",
        "Nguyễn Thu Trang",
        "extended",
        "Gia hạn từ 03/05/2024 đến 30/06/2024 (người phê duyệt: Lưu Hoàng Long)",
    ) in events  # the event as recorded (code, kind), its words the web's
    table = dondoc("task", "show", "4")
    assert isinstance(table, Result)
    assert "Quá hạn" in table.output and "· Chờ xác nhận hoàn thành" in table.output
    assert "Chi bộ Trung tâm Thông tin Sở hữu công nghiệp (CB07)" in table.output
    assert "Báo cáo hoàn thành ngày 20/06/2024" in table.output and "Gia hạn từ" in table.output
    assert "Đặng Ngọc Sơn" in table.output and "Gửi kèm biên bản" in table.output
    assert not [login for login in LOGINS if login in table.output], table.output
    assert "extended" not in table.output and "reopened" not in table.output
