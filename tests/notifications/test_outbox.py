"""The outbox channel writes into exactly the folder named and never overwrites a file."""

from __future__ import annotations

from pathlib import Path

from notifications.redact import Redactor
from notifications.sender import Message, send_all


def test_outbox_writes_into_the_folder_named_and_keeps_every_copy(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "email"
    url = f"outbox://localhost{folder}?to=mai@example.org"
    same = Message(url, "Nhắc việc", "<p>Việc 1</p>")
    outcomes = send_all([same, same], concurrency=1, redactor=Redactor())
    assert [o.ok for o in outcomes] == [True, True]
    files = sorted(folder.iterdir(), key=lambda f: len(f.name))
    assert len(files) == 2  # the duplicate is visible, not overwritten
    assert files[1].name == files[0].name.removesuffix(".md") + "-2.md"
    assert files[0].name.startswith("mai@example.org-")
    assert all("Subject: Nhắc việc" in f.read_text(encoding="utf-8") for f in files)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["email"]  # not the parent
