"""Attached files out of the database, for people: ``dondoc export files FOLDER``.

The store keeps files in the database (``models.attachments``), which a backup carries
whole; this is the other way out, for a reader without the tracker (an inspection, an
archive): one folder per task (``task-12/``), document or duty submission, each file
named ``<attachment id>-<its label>`` (the id keeps two "Biên bản.pdf" apart; the label
has no folders, so nothing is written outside FOLDER), and ``files.csv`` listing each
with its task, what it was attached to, type, size, SHA-256, who and when. Everything is
written 0600 in 0700 folders (``models.private_files``): the files are the committee's.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from sqlmodel import Session, col, select

from models.attachments import Attachment, TargetKind, clean_name, read
from models.org import Person
from models.private_files import private_file, private_folder

COLUMNS = (
    "id",
    "task",
    "attached_to",
    "attached_id",
    "name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
    "uploaded_at",
    "path",
)


def _folder(attachment: Attachment) -> str:
    if attachment.task_id is not None:
        return f"task-{attachment.task_id}"
    if attachment.target_kind is TargetKind.DUTY_SUBMISSION:
        return f"duty-submission-{attachment.target_id}"
    return f"document-{attachment.target_id}"


def _write(path: Path, data: bytes) -> None:
    private_file(path)
    with open(path, "wb") as out:
        out.write(data)
    os.chmod(path, 0o600)


def export_files(session: Session, folder: Path, task_id: int | None = None) -> int:
    """Write every attached file (or one task's) under ``folder``; returns how many."""
    private_folder(folder)
    query = select(Attachment).order_by(col(Attachment.id))
    if task_id is not None:
        query = query.where(Attachment.task_id == task_id)
    people = {p.id: p.code for p in session.exec(select(Person))}
    rows = []
    for attachment in session.exec(query):
        relative = Path(_folder(attachment)) / f"{attachment.id}-{clean_name(attachment.name)}"
        private_folder(folder / relative.parent)
        _write(folder / relative, read(session, attachment))
        rows.append(
            (
                attachment.id,
                attachment.task_id or "",
                attachment.target_kind.value,
                attachment.target_id,
                attachment.name,
                attachment.content_type,
                attachment.size,
                attachment.sha256,
                people.get(attachment.uploaded_by_id, ""),
                attachment.uploaded_at.isoformat(),
                relative.as_posix(),
            )
        )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    _write(folder / "files.csv", text.getvalue().encode("utf-8-sig"))  # Excel reads UTF-8
    return len(rows)
