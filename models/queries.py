"""Task lists for people: filtered in SQL, status computed for the as-of date.

Co-owners are fetched in one extra query for the whole page, never one per task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models.base import table_of
from models.meetings import Document, DocumentKind
from models.org import Person, Unit
from models.status import StatusView, TaskStatus, status_sql, task_status
from models.tasks import Task, TaskCoOwner

T = table_of(Task).c


@dataclass
class TaskFilter:
    task_ids: Sequence[int] | None = None
    document_id: int | None = None
    document_kinds: Sequence[DocumentKind] | None = None
    unit_ids: Sequence[int] | None = None  # lead or co-owner unit in this set
    person_id: int | None = None  # lead or co-owner person
    statuses: Sequence[TaskStatus] | None = None
    due_within_days: int | None = None  # open, deadline in [as_of, as_of + N]
    min_days_overdue: int | None = None
    limit: int | None = None


@dataclass
class TaskRow:
    id: int
    document_kind: DocumentKind
    document_number: str
    issuing_body: str
    issued_on: date
    document_title: str
    ref: str
    title: str
    description: str | None
    lead_code: str
    lead_name: str
    start_on: date | None
    original_due_on: date | None
    due_on: date | None
    progress: int
    completed_on: date | None
    completion_note: str | None
    cancelled_on: date | None
    cancel_reason: str | None
    status: StatusView
    co_owners: list[tuple[str, str]] = field(default_factory=list)  # (code, name)

    @property
    def extended(self) -> bool:
        return self.due_on != self.original_due_on


def _owner_clause(unit_ids: Sequence[int] | None, person_id: int | None) -> sa.ColumnElement[bool]:
    co = table_of(TaskCoOwner).c
    lead_terms: list[sa.ColumnElement[bool]] = []
    co_terms: list[sa.ColumnElement[bool]] = []
    if unit_ids is not None:
        lead_terms.append(T.lead_unit_id.in_(unit_ids))
        co_terms.append(co.unit_id.in_(unit_ids))
    if person_id is not None:
        lead_terms.append(T.lead_person_id == person_id)
        co_terms.append(co.person_id == person_id)
    co_match = sa.exists().where(co.task_id == T.id, sa.or_(*co_terms))
    return sa.or_(*lead_terms, co_match)


def select_tasks(f: TaskFilter, as_of: date) -> sa.Select[tuple[object, ...]]:
    lead_unit = aliased(Unit)
    lead_person = aliased(Person)
    d = table_of(Document).c
    status = status_sql(T, as_of).label("status")
    query = (
        sa.select(
            T.id,
            d.kind,
            d.number,
            d.issuing_body,
            d.issued_on,
            d.title.label("document_title"),
            T.ref,
            T.title,
            T.description,
            sa.func.coalesce(lead_unit.code, lead_person.code).label("lead_code"),
            sa.func.coalesce(lead_unit.name, lead_person.full_name).label("lead_name"),
            T.start_on,
            T.original_due_on,
            T.due_on,
            T.progress,
            T.completed_on,
            T.completion_note,
            T.cancelled_on,
            T.cancel_reason,
            status,
        )
        .join_from(Task, Document, T.document_id == d.id)
        .outerjoin(lead_unit, T.lead_unit_id == lead_unit.id)
        .outerjoin(lead_person, T.lead_person_id == lead_person.id)
    )
    if f.task_ids is not None:
        query = query.where(T.id.in_(f.task_ids))
    if f.document_id is not None:
        query = query.where(T.document_id == f.document_id)
    if f.document_kinds:
        query = query.where(d.kind.in_([k.value for k in f.document_kinds]))
    if f.unit_ids is not None or f.person_id is not None:
        query = query.where(_owner_clause(f.unit_ids, f.person_id))
    if f.statuses:
        query = query.where(status.in_([s.value for s in f.statuses]))
    if f.due_within_days is not None:
        horizon = date.fromordinal(as_of.toordinal() + f.due_within_days)
        query = query.where(
            T.due_on >= as_of, T.due_on <= horizon, status == TaskStatus.IN_PROGRESS.value
        )
    if f.min_days_overdue is not None:
        latest_due = date.fromordinal(as_of.toordinal() - f.min_days_overdue)
        query = query.where(status == TaskStatus.OVERDUE.value, T.due_on <= latest_due)
    query = query.order_by(T.due_on.is_(None), T.due_on, T.id)
    if f.limit is not None:
        query = query.limit(f.limit)
    return query


def list_tasks(session: Session, f: TaskFilter, as_of: date) -> list[TaskRow]:
    rows = session.connection().execute(select_tasks(f, as_of)).all()
    result = [
        TaskRow(
            id=r.id,
            document_kind=DocumentKind(r.kind),
            document_number=r.number,
            issuing_body=r.issuing_body,
            issued_on=r.issued_on,
            document_title=r.document_title,
            ref=r.ref,
            title=r.title,
            description=r.description,
            lead_code=r.lead_code,
            lead_name=r.lead_name,
            start_on=r.start_on,
            original_due_on=r.original_due_on,
            due_on=r.due_on,
            progress=r.progress,
            completed_on=r.completed_on,
            completion_note=r.completion_note,
            cancelled_on=r.cancelled_on,
            cancel_reason=r.cancel_reason,
            status=task_status(
                due_on=r.due_on,
                completed_on=r.completed_on,
                cancelled_on=r.cancelled_on,
                as_of=as_of,
            ),
        )
        for r in rows
    ]
    _attach_co_owners(session, result)
    return result


def _attach_co_owners(session: Session, rows: list[TaskRow]) -> None:
    if not rows:
        return
    co_table: sa.Table = table_of(TaskCoOwner)
    unit_table: sa.Table = table_of(Unit)
    person_table: sa.Table = table_of(Person)
    co, u, p = co_table.c, unit_table.c, person_table.c
    by_id = {row.id: row for row in rows}
    owners: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = list(by_id)
    for start in range(0, len(ids), 5000):  # stay under bind-parameter limits
        query = (
            sa.select(
                co.task_id, sa.func.coalesce(u.code, p.code), sa.func.coalesce(u.name, p.full_name)
            )
            .select_from(co_table)
            .outerjoin(unit_table, co.unit_id == u.id)
            .outerjoin(person_table, co.person_id == p.id)
            .where(co.task_id.in_(ids[start : start + 5000]))
            .order_by(co.task_id, co.id)
        )
        for task_id, code, name in session.connection().execute(query):
            owners[task_id].append((code, name))
    for task_id, row in by_id.items():
        row.co_owners = owners.get(task_id, [])
