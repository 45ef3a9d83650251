"""The file store: evidence attached to a task, a progress or completion report, a
request, a duty submission or a document — the one API every door uses.

    attach(session, target, name, data, by)  -> Attachment   (checks, stores, records)
    read(session, attachment)                -> bytes
    files_of(session, target) / files_of_task(session, task_id)

Where the bytes live, on both backends: in the database, one ``stored_file`` row per
distinct content, keyed by its SHA-256 (content-addressed: the same PDF sent twice is
kept once; the user's file name is a label on the ``attachment`` row, never a key or a
path). One choice for SQLite and PostgreSQL, because only the database gives, for free:

- all or nothing: a report and its files commit together or not at all (a file on disk
  written before a rollback is an orphan; one deleted by hand leaves a dangling row);
- consistent backups: ``dondoc backup`` copies the database in one snapshot (SQLite's
  online backup, ``pg_dump``), files included; a database dump and a folder copied one
  after the other can disagree about a file attached in between;
- several web servers in front of one PostgreSQL see the same files (no shared disk).

The cost is a bigger database, bounded by the size limit (``DONDOC_FILE_MAX_MB``,
default 10 MB per file): PostgreSQL keeps ``bytea`` values out of line (TOAST), so task
queries never read them. What a file is, is judged by its bytes (``models.file_types``).
Who may read one is ``models.access.can_read_file``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

from models.base import created_at_field, enum_type
from models.duties import DutyInstance, DutySubmission
from models.errors import TrackerError
from models.file_types import identify
from models.history import TaskEvent
from models.i18n import register
from models.inputs import control_character
from models.meetings import Document
from models.org import Person
from models.requests import TaskRequest
from models.settings import Settings, get_settings
from models.tasks import Task
from models.timestamps import utcnow

NAME_LIMIT = 200


class TargetKind(StrEnum):
    TASK = "task"
    EVENT = "event"  # a progress or completion report in the task's history
    REQUEST = "request"  # a completion (or extension) request waiting for a decision
    DUTY_SUBMISSION = "duty_submission"
    DOCUMENT = "document"  # the signed file of a document
    EXPLANATION = "explanation"  # a lead's answer to an explanation request


class StoredFile(SQLModel, table=True):
    """One distinct content, named by its SHA-256."""

    __tablename__ = "stored_file"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    content_type: str = Field(max_length=100)
    data: bytes = Field(sa_type=sa.LargeBinary)
    created_at: datetime = created_at_field()


class Attachment(SQLModel, table=True):
    """A file attached to one target. ``task_id``, ``unit_id``, ``document_id``: what
    decides who may read it (the target's task; the owing unit of a duty submission; a
    document), copied here when attached so that a read asks one row."""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    target_kind: TargetKind = Field(sa_type=enum_type(TargetKind, "attachment_target"))
    target_id: int
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    name: str = Field(max_length=NAME_LIMIT)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(foreign_key="stored_file.sha256", max_length=64, index=True)
    uploaded_by_id: int = Field(foreign_key="person.id")
    uploaded_at: datetime = created_at_field()

    __table_args__ = (sa.Index("ix_attachment_target", "target_kind", "target_id"),)


_EXPLANATION = sa.table("explanation_request", sa.column("id"), sa.column("task_id"))


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: int


def target_of(item: Task | TaskEvent | TaskRequest | DutySubmission | Document) -> Target:
    kinds = {
        Task: TargetKind.TASK,
        TaskEvent: TargetKind.EVENT,
        TaskRequest: TargetKind.REQUEST,
        DutySubmission: TargetKind.DUTY_SUBMISSION,
        Document: TargetKind.DOCUMENT,
    }
    assert item.id is not None, "flush the item before attaching files to it"
    return Target(kinds[type(item)], item.id)


def _scope(session: Session, target: Target) -> tuple[int | None, int | None, int | None]:
    """(task, unit, document) deciding who may read the target's files."""
    if target.kind is TargetKind.TASK:
        found = session.get(Task, target.id) is not None
        return (target.id, None, None) if found else (None, None, None)
    if target.kind is TargetKind.EVENT:
        event = session.get(TaskEvent, target.id)
        return (event.task_id if event else None, None, None)
    if target.kind is TargetKind.REQUEST:
        request = session.get(TaskRequest, target.id)
        return (request.task_id if request else None, None, None)
    if target.kind is TargetKind.DUTY_SUBMISSION:
        submission = session.get(DutySubmission, target.id)
        instance = session.get(DutyInstance, submission.instance_id) if submission else None
        return (None, instance.unit_id if instance else None, None)
    if target.kind is TargetKind.EXPLANATION:
        # ``models.explanations`` attaches an answer's files through this module, so
        # the request is read here by its table, not by importing its class.
        task_id = session.connection().scalar(
            sa.select(_EXPLANATION.c.task_id).where(_EXPLANATION.c.id == target.id)
        )
        return (task_id, None, None)
    document = session.get(Document, target.id)
    return (None, None, document.id if document else None)


def report_target(session: Session, task: Task, request: TaskRequest | None) -> Target:
    """Where the files sent with a report go: the request it made (a completion waiting
    for confirmation: the approver sees them beside it), else the history event it just
    recorded (progress, completion), else the task itself."""
    if request is not None:
        return target_of(request)
    session.flush()
    latest = session.exec(
        select(TaskEvent).where(TaskEvent.task_id == task.id).order_by(col(TaskEvent.id).desc())
    ).first()
    return target_of(latest) if latest is not None else target_of(task)


def clean_name(name: str) -> str:
    """The label shown and offered on download: the last part of what the browser sent
    (no folders), without control characters, NFC, at most ``NAME_LIMIT`` characters
    with the extension kept."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    while (position := control_character(base)) is not None:
        base = base[: position - 1] + base[position:]
    if len(base) > NAME_LIMIT:
        stem, dot, extension = base.rpartition(".")
        keep = NAME_LIMIT - len(extension) - 1
        base = f"{stem[:keep]}.{extension}" if dot and keep > 0 else base[:NAME_LIMIT]
    return base


def max_bytes(settings: Settings | None = None) -> int:
    """The size limit of one file (``DONDOC_FILE_MAX_MB``), in bytes."""
    return (settings or get_settings()).file_max_mb * 1024 * 1024


def attach(
    session: Session,
    target: Target,
    name: str,
    data: bytes,
    by: Person,
    *,
    limit: int | None = None,
    at: datetime | None = None,
) -> Attachment:
    """Keep ``data`` (named ``name`` by whoever sent it) on ``target``: refused when empty,
    larger than ``limit`` (default: the setting) or not a kind the tracker keeps; the
    content is stored once whatever the number of attachments naming it. Flushed, not
    committed: the caller's report and its files go together."""
    label = clean_name(name)
    if not label:
        raise TrackerError("file_no_name", field="file")
    bound = max_bytes() if limit is None else limit
    if not data:
        raise TrackerError("file_empty", field="file", name=label)
    if len(data) > bound:
        raise TrackerError(
            "file_too_big", field="file", name=label, limit=f"{bound / 1024 / 1024:g} MB"
        )
    kind = identify(label, data)
    task_id, unit_id, document_id = _scope(session, target)
    if task_id is None and unit_id is None and document_id is None:
        raise TrackerError("file_no_target", field="file")
    digest = hashlib.sha256(data).hexdigest()
    if session.get(StoredFile, digest) is None:
        session.add(
            StoredFile(sha256=digest, size=len(data), content_type=kind.content_type, data=data)
        )
        session.flush()
    assert by.id is not None
    attachment = Attachment(
        target_kind=target.kind,
        target_id=target.id,
        task_id=task_id,
        unit_id=unit_id,
        document_id=document_id,
        name=label,
        content_type=kind.content_type,
        size=len(data),
        sha256=digest,
        uploaded_by_id=by.id,
        uploaded_at=at or utcnow(),
    )
    session.add(attachment)
    session.flush()
    return attachment


def read(session: Session, attachment: Attachment) -> bytes:
    """The attachment's bytes, checked against its digest (a damaged row is never served)."""
    data = session.exec(select(StoredFile.data).where(StoredFile.sha256 == attachment.sha256)).one()
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise TrackerError("file_damaged", name=attachment.name)
    return bytes(data)


def files_of(session: Session, target: Target) -> list[Attachment]:
    return list(
        session.exec(
            select(Attachment)
            .where(Attachment.target_kind == target.kind, Attachment.target_id == target.id)
            .order_by(col(Attachment.id))
        )
    )


def files_of_task(session: Session, task_id: int) -> list[Attachment]:
    """Every file about one task (on it, its reports, its requests), oldest first."""
    return list(
        session.exec(
            select(Attachment).where(Attachment.task_id == task_id).order_by(col(Attachment.id))
        )
    )


register(
    {
        "error.file_no_name": {"vi": "Tệp gửi lên không có tên.", "en": "The file has no name."},
        "error.file_empty": {"vi": "Tệp «{name}» rỗng.", "en": "«{name}» is empty."},
        "error.file_too_big": {
            "vi": "Tệp «{name}» lớn hơn giới hạn {limit}.",
            "en": "«{name}» is larger than the limit of {limit}.",
        },
        "error.file_no_target": {
            "vi": "Không có mục nào để đính kèm tệp.",
            "en": "There is nothing to attach the file to.",
        },
        "error.file_damaged": {
            "vi": "Tệp «{name}» bị hỏng trong cơ sở dữ liệu (sai mã kiểm tra).",
            "en": "«{name}» is damaged in the database (checksum mismatch).",
        },
        "TargetKind.task": {"vi": "Nhiệm vụ", "en": "Task"},
        "TargetKind.event": {"vi": "Báo cáo", "en": "Report"},
        "TargetKind.request": {"vi": "Đề nghị", "en": "Request"},
        "TargetKind.duty_submission": {"vi": "Nộp báo cáo định kỳ", "en": "Duty submission"},
        "TargetKind.document": {"vi": "Văn bản", "en": "Document"},
        "TargetKind.explanation": {"vi": "Giải trình", "en": "Explanation"},
    }
)


def files_of_duty_instances(
    session: Session, instance_ids: Sequence[int]
) -> dict[int, list[Attachment]]:
    """The files of the submissions of each duty instance (a meeting's minutes, a report),
    oldest first: what a month of duties shows beside each unit's submission."""
    if not instance_ids:
        return {}
    query = (
        select(DutySubmission.instance_id, Attachment)
        .join(
            Attachment,
            sa.and_(
                col(Attachment.target_kind) == TargetKind.DUTY_SUBMISSION,
                col(Attachment.target_id) == col(DutySubmission.id),
            ),
        )
        .where(col(DutySubmission.instance_id).in_(sorted(set(instance_ids))))
        .order_by(col(Attachment.id))
    )
    found: dict[int, list[Attachment]] = {}
    for instance_id, attachment in session.exec(query):
        found.setdefault(instance_id, []).append(attachment)
    return found
