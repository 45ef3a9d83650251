"""Explanation requests (yêu cầu giải trình): a manager asks the lead of an overdue or
at-risk task to explain in writing by a date; the lead answers once, in text.

Who may ask and who answers is ``models.access`` (``can_request_explanation``,
``can_answer_explanation``); what may be asked is here: only of an open task that is
overdue or at risk on the day asked, one open request per task, a due date after that
day and at most 60 days ahead. The request and its answer are part of the task's
history (``models.timeline``) and of the periodic report; unanswered requests are
reminded and escalated by ``notifications.kinds.risk_notices``.

The answer is text, and may carry files (a signed report, a table): they go into the
evidence store (``models.attachments``, target kind "explanation") with the same size and
type checks, the same download route and the same readers as a report's files, and
commit with the answer or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

import models.base  # noqa: F401  (its constraint naming convention, before these tables)
from models.attachments import Attachment, Target, TargetKind, attach
from models.errors import TrackerError
from models.i18n import register
from models.inputs import check_text
from models.org import Person
from models.risk import RiskRules, task_risks
from models.sqlread import Reader, SqlAlchemyReader, as_date, id_set_match
from models.status import TaskStatus, task_status
from models.tasks import Task
from models.timestamps import UTCDateTime, utcnow

ANSWER_LIMIT = 4000  # characters: a page of text
MAX_DAYS_AHEAD = 60


class ExplanationRequest(SQLModel, table=True):
    """One request and its answer (the answer fields are set once)."""

    __tablename__ = "explanation_request"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    asked_by_id: int = Field(foreign_key="person.id")
    asked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    asked_on: date  # the committee's day it was asked (the task was late or at risk then)
    reason: str  # what the manager asks about: "overdue" or "at_risk" on ``asked_on``
    note: str | None = None  # the manager's words
    due_on: date = Field(index=True)
    answer: str | None = None
    answered_by_id: int | None = Field(default=None, foreign_key="person.id")
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_on: date | None = None

    __table_args__ = (
        # One open request per task: a second click asks nothing new.
        sa.Index(
            "uq_explanation_request_open",
            "task_id",
            unique=True,
            sqlite_where=sa.text("answered_at IS NULL"),
            postgresql_where=sa.text("answered_at IS NULL"),
        ),
    )


def why_explain(
    reader: Reader, task: Task, today: date, rules: RiskRules | None = None
) -> str | None:
    """ "overdue" or "at_risk" when the task may be asked about today, else None."""
    status = task_status(
        due_on=task.due_on,
        completed_on=task.completed_on,
        cancelled_on=task.cancelled_on,
        as_of=today,
    )
    if status.status is TaskStatus.OVERDUE:
        return "overdue"
    assert task.id is not None
    found = task_risks(reader, today, [task.id], rules).get(task.id)
    return "at_risk" if found is not None and found.risk is not None else None


def open_request(session: Session, task_id: int) -> ExplanationRequest | None:
    return waiting_among(explanations_of(session, task_id))


def waiting_among(requests: Iterable[ExplanationRequest]) -> ExplanationRequest | None:
    """The request still unanswered among a task's ``requests`` (there is at most one:
    ``request_explanation`` refuses a second while one waits)."""
    return next((x for x in requests if x.answered_at is None), None)


def explanations_of(session: Session, task_id: int) -> list[ExplanationRequest]:
    return list(
        session.exec(
            select(ExplanationRequest)
            .where(ExplanationRequest.task_id == task_id)
            .order_by(col(ExplanationRequest.id))
        )
    )


def request_explanation(
    session: Session,
    task: Task,
    by: Person,
    due_on: date,
    note: str | None,
    today: date,
    *,
    at: datetime | None = None,
    rules: RiskRules | None = None,
) -> ExplanationRequest:
    """Ask the task's lead to explain by ``due_on`` (who may ask: the caller asked
    ``models.access.can_request_explanation``)."""
    check_text("note", note, ANSWER_LIMIT)
    assert task.id is not None and by.id is not None
    reason = why_explain(SqlAlchemyReader(session.connection()), task, today, rules)
    if reason is None:
        raise TrackerError("explain_not_late", task=f"#{task.id}")
    if not today < due_on <= today + timedelta(days=MAX_DAYS_AHEAD):
        raise TrackerError("explain_due", field="due_on", days=MAX_DAYS_AHEAD)
    if open_request(session, task.id) is not None:
        raise TrackerError("explain_open")
    request = ExplanationRequest(
        task_id=task.id,
        asked_by_id=by.id,
        asked_at=at or utcnow(),
        asked_on=today,
        reason=reason,
        note=(note or "").strip() or None,
        due_on=due_on,
    )
    session.add(request)
    session.flush()
    return request


def answer_explanation(
    session: Session,
    request: ExplanationRequest,
    by: Person,
    text: str,
    today: date,
    *,
    at: datetime | None = None,
    files: Sequence[tuple[str, bytes]] = (),
    limit: int | None = None,
) -> list[Attachment]:
    """The lead's written explanation, once (who may: ``can_answer_explanation``), with
    the files sent with it (name, bytes), each checked by ``models.attachments.attach``
    (``limit``: its size bound). Flushed, not committed: a refused file refuses the
    answer too, when the caller rolls back."""
    if request.answered_at is not None:
        raise TrackerError("explain_answered")
    if not text.strip():
        raise TrackerError("explain_empty", field="answer")
    check_text("answer", text, ANSWER_LIMIT)
    request.answer = text.strip()
    request.answered_by_id = by.id
    request.answered_at = at or utcnow()
    request.answered_on = today
    session.add(request)
    session.flush()
    assert request.id is not None
    target = Target(TargetKind.EXPLANATION, request.id)
    return [
        attach(session, target, name, data, by, limit=limit, at=request.answered_at)
        for name, data in files
    ]


def answer_files(reader: Reader, request_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    """The files of each explanation's answer, as (attachment id, name), oldest first."""
    if not request_ids:
        return {}
    params: dict[str, Any] = {"kind": TargetKind.EXPLANATION.value}
    match = id_set_match("target_id", "ids", sorted(set(request_ids)), params, reader.dialect)
    found: dict[int, list[tuple[int, str]]] = {}
    for target_id, attachment_id, name in reader.fetch(
        f"SELECT target_id, id, name FROM attachment WHERE target_kind = :kind AND {match}"
        " ORDER BY id",
        params,
    ):
        found.setdefault(int(target_id), []).append((int(attachment_id), str(name)))
    return found


@dataclass(frozen=True)
class ExplanationRow:
    """One request as lists, digests and the report show it."""

    id: int
    task_id: int
    title: str
    unit_id: int | None  # the task's home unit (its lead unit, or its leading person's)
    lead: str
    asked_by: str
    asked_on: date
    reason: str
    due_on: date
    answered_on: date | None
    answer: str | None
    files: tuple[str, ...] = field(default=())  # the names of the answer's files


def explanation_rows(
    reader: Reader,
    *,
    open_on: date | None = None,
    answered_from: date | None = None,
    asked_from: date | None = None,
    until: date | None = None,
) -> list[ExplanationRow]:
    """Requests unanswered at the end of ``open_on``; or answered within
    [``answered_from``, ``until``]; or asked within [``asked_from``, ``until``]."""
    where, params = [], dict[str, Any]()
    if open_on is not None:
        where.append(
            "x.asked_on <= :open_on AND (x.answered_on IS NULL OR x.answered_on > :open_on)"
        )
        params["open_on"] = open_on
    if answered_from is not None:
        where.append("x.answered_on >= :answered_from AND x.answered_on <= :until")
        params.update(answered_from=answered_from, until=until)
    if asked_from is not None:
        where.append("x.asked_on >= :asked_from AND x.asked_on <= :until")
        params.update(asked_from=asked_from, until=until)
    sql = (
        "SELECT x.id, t.id, t.title, COALESCE(t.lead_unit_id, lp.unit_id),"
        " COALESCE(lu.name, lp.full_name), a.full_name, x.asked_on, x.reason, x.due_on,"
        " x.answered_on, x.answer FROM explanation_request x JOIN task t ON t.id = x.task_id"
        " JOIN person a ON a.id = x.asked_by_id LEFT JOIN unit lu ON lu.id = t.lead_unit_id"
        " LEFT JOIN person lp ON lp.id = t.lead_person_id"
        f" WHERE {' AND '.join(where) or '1 = 1'} ORDER BY x.asked_on, x.id"
    )
    rows = reader.fetch(sql, params)
    files = answer_files(reader, [int(r[0]) for r in rows if r[9] is not None])
    return [
        ExplanationRow(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            r[3],
            str(r[4]),
            str(r[5]),
            as_date(r[6]) or date.min,
            str(r[7]),
            as_date(r[8]) or date.min,
            as_date(r[9]),
            r[10],
            tuple(name for _, name in files.get(int(r[0]), [])),
        )
        for r in rows
    ]


register(
    {
        "error.explain_not_late": {
            "vi": "Nhiệm vụ {task} không quá hạn và không có nguy cơ chậm:"
            " chưa thể yêu cầu giải trình.",
            "en": "Task {task} is neither overdue nor at risk: no explanation can be requested.",
        },
        "error.explain_due": {
            "vi": "Hạn giải trình phải sau hôm nay và trong vòng {days} ngày.",
            "en": "The explanation's due date must be after today and within {days} days.",
        },
        "error.explain_open": {
            "vi": "Nhiệm vụ này đã có một yêu cầu giải trình chưa được trả lời.",
            "en": "An explanation request on this task is still unanswered.",
        },
        "error.explain_answered": {
            "vi": "Yêu cầu giải trình này đã được trả lời.",
            "en": "This explanation request has already been answered.",
        },
        "error.explain_empty": {
            "vi": "Cần ghi nội dung giải trình.",
            "en": "Please write the explanation.",
        },
        "explain.reason.overdue": {"vi": "quá hạn", "en": "overdue"},
        "explain.reason.at_risk": {"vi": "có nguy cơ chậm", "en": "at risk"},
    }
)


def explanations_asked(
    reader: Reader, start: date, end: date, as_of: date
) -> tuple[dict[int, int], dict[str, int]]:
    """How many explanations were asked from ``start`` to ``end`` (as known on ``as_of``),
    by the id of the unit whose task it was (its lead unit, or its leading person's
    unit) and by the code of the person who leads it: the year-end emulation's column."""
    params = {"start": start, "end": end, "as_of": as_of}
    window = "x.asked_on >= :start AND x.asked_on <= :end AND x.asked_on <= :as_of"
    by_unit = reader.fetch(
        "SELECT COALESCE(t.lead_unit_id, p.unit_id), count(*) FROM explanation_request x"
        " JOIN task t ON t.id = x.task_id LEFT JOIN person p ON p.id = t.lead_person_id"
        f" WHERE {window} GROUP BY 1",
        params,
    )
    # Counted per task from the requests first, then joined to the task and its lead
    # person: joined from the tasks, the planner read the task table's person index
    # whole (20–50 ms at a million tasks) for an empty request table.
    by_person = reader.fetch(
        "SELECT p.code, sum(k.n) FROM (SELECT x.task_id, count(*) AS n"
        f" FROM explanation_request x WHERE {window} GROUP BY x.task_id) k"
        " JOIN task t ON t.id = k.task_id JOIN person p ON p.id = t.lead_person_id"
        " GROUP BY p.code",
        params,
    )
    return {int(u): int(n) for u, n in by_unit}, {c: int(n) for c, n in by_person}
