"""Attached files are in the database, so a backup holds them and a restore gives them
back byte for byte, on both backends (``dondoc backup`` / ``dondoc restore``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from models.attachments import attach, files_of_task, read, target_of
from models.backup import restore_backup, take_backup
from models.db import make_engine
from models.lifecycle import create_task
from tests import files
from tests.builders import add_document, add_person, make_org
from tests.cli.test_backup import _empty_database


def test_a_restored_backup_gives_every_file_back(
    db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine = make_engine(db_url)
    with Session(engine) as session:
        org = make_org(session)
        member = add_person(session, "member", org.branch1)
        task = create_task(
            session, document=add_document(session), ref="1", title="T", lead=member, actor="t"
        )
        sent = {"bb.pdf": files.PDF, "ds.xlsx": files.xlsx(), "anh.png": files.PNG}
        for name, data in sent.items():
            attach(session, target_of(task), name, data, member)
        session.commit()
        task_id = task.id or 0
    engine.dispose()

    home = tmp_path / "home"
    home.mkdir()
    backup = take_backup(db_url, home, tmp_path / "backups", keep=2, now=datetime.now(UTC))
    new_url = _empty_database(db_url, tmp_path, request)
    restore_backup(backup, new_url, tmp_path / "new-home")

    restored = make_engine(new_url)
    try:
        with Session(restored) as session:
            back = {a.name: read(session, a) for a in files_of_task(session, task_id)}
    finally:
        restored.dispose()
    assert back == sent
