"""``dondoc export files``: the attached files out of the database for people, each under
its task's folder with files.csv listing them, private to the user, nothing outside the
folder whatever a file was called."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

from sqlmodel import Session

from models.attachments import attach, target_of
from models.db import make_engine
from models.lifecycle import create_task
from tests import files
from tests.builders import add_document, add_person, make_org
from tests.cli.test_backup import Use, use  # noqa: F401  (the fixture)


def test_every_file_is_written_under_its_task_with_a_listing(
    sqlite_url: str,
    tmp_path: Path,
    use: Use,  # noqa: F811
) -> None:
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        org = make_org(session)
        member = add_person(session, "member", org.branch1)
        task = create_task(
            session, document=add_document(session), ref="1", title="T", lead=member, actor="t"
        )
        attach(session, target_of(task), "Biên bản.pdf", files.PDF, member)
        attach(session, target_of(task), "../../Biên bản.pdf", files.PDF, member)  # same label
        session.commit()
        task_id = task.id
    engine.dispose()

    run = use(sqlite_url, tmp_path / "home")
    out = tmp_path / "export"
    assert "Đã ghi 2 tệp" in run("export", "files", str(out)).output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "files.csv",
        f"task-{task_id}/1-Biên bản.pdf",
        f"task-{task_id}/2-Biên bản.pdf",
    ]
    assert (out / f"task-{task_id}" / "2-Biên bản.pdf").read_bytes() == files.PDF
    with (out / "files.csv").open(encoding="utf-8-sig") as listing:
        rows = list(csv.DictReader(listing))
    assert [(r["name"], r["uploaded_by"], r["attached_to"]) for r in rows] == [
        ("Biên bản.pdf", "member", "task"),
        ("Biên bản.pdf", "member", "task"),  # the label was cleaned when attached
    ]
    for folder, _subfolders, names in os.walk(out):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        for name in names:
            assert stat.S_IMODE(os.stat(Path(folder) / name).st_mode) == 0o600
