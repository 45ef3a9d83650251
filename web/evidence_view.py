"""What the task page's evidence, discussion and delegation parts show, and the files a
form sends turned into attachments (read within the size bound, all or nothing with the
report they came with)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from fastapi import Request, UploadFile
from sqlmodel import Session, col, select

import web.evidence_texts  # noqa: F401  (registers the texts)
from models.access import Viewer, can_comment, can_delegate, can_see_task
from models.attachments import (
    Attachment,
    TargetKind,
    attach,
    files_of_task,
    max_bytes,
    report_target,
)
from models.comments import TaskComment, comments_of
from models.delegation import own_people, sub_tasks_of
from models.errors import TrackerError
from models.org import Person
from models.queries import TaskFilter, list_tasks
from models.requests import TaskRequest
from models.sqlread import Reader
from models.tasks import Task
from web.deps import reader, state_of

MAX_FILES = 5  # per report


def file_bound(request: Request) -> int:
    """The site's size limit of one file, in bytes."""
    return max_bytes(state_of(request).settings)


def read_uploads(uploads: list[UploadFile], bound: int) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file sent, each read no further than one byte past the
    limit ``bound`` (``attach`` refuses it then, naming it)."""
    if len(uploads) > MAX_FILES:
        raise TrackerError("web_files_too_many", n=MAX_FILES)
    return [(u.filename or "", u.file.read(bound + 1)) for u in uploads if u.filename]


def attach_report_files(
    session: Session,
    person: Person,
    task: Task,
    asked: TaskRequest | None,
    files: list[tuple[str, bytes]],
    bound: int,
) -> list[Attachment]:
    if not files:
        return []
    target = report_target(session, task, asked)
    return [attach(session, target, name, data, person, limit=bound) for name, data in files]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(Person.id, Person.full_name).where(col(Person.id).in_(sorted(ids)))
    return {pid: name for pid, name in session.exec(query) if pid is not None}


def evidence_context(
    session: Session,
    viewer: Viewer,
    task: Task,
    today: date,
    bound: int,
    *,
    r: Reader | None = None,
    comments: list[TaskComment] | None = None,
) -> dict[str, Any]:
    """The template values of the files, the discussion and the delegated parts; the
    task page passes its reader and the comments it has read (asked once a page)."""
    assert task.id is not None
    r = reader(session) if r is None else r
    files = files_of_task(session, task.id)
    comments = comments_of(session, task.id) if comments is None else comments
    parts = sub_tasks_of(session, task.id)
    rows = list_tasks(r, TaskFilter(task_ids=[p.id for p in parts if p.id]), today) if parts else []
    names = _names(session, {f.uploaded_by_id for f in files} | {c.person_id for c in comments})
    carried: dict[int, list[Attachment]] = defaultdict(list)
    for f in files:
        if f.target_kind is TargetKind.REQUEST:
            carried[f.target_id].append(f)
    may_delegate = can_delegate(r, viewer, task.id) and task.completed_on is None
    parent = session.get(Task, task.parent_id) if task.parent_id else None
    return {
        "files": files,
        "carried": dict(carried),
        "file_names": names,
        "max_files": MAX_FILES,
        "max_mb": bound // (1024 * 1024),
        "comments": comments,
        "may_comment": can_comment(r, viewer, task.id),
        "parts": sorted(rows, key=lambda row: row.id),
        "parent": parent if parent and can_see_task(r, viewer, parent.id or 0) else None,
        "may_delegate": may_delegate and task.cancelled_on is None,
        "own_people": own_people(session, task) if may_delegate else [],
    }
