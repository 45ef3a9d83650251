"""What the pages show of ``models.risk`` and ``models.explanations``: the at-risk badge
beside the official status on every list and task page (a template global, one query
per page, through the page's own session while it is open), and the explanation panel
of the task page (``explain_context``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.access import Viewer, can_answer_explanation, can_request_explanation
from models.explanations import (
    MAX_DAYS_AHEAD,
    ExplanationRequest,
    answer_files,
    explanations_of,
    waiting_among,
    why_explain,
)
from models.org import Person
from models.risk import TaskRisk, task_risks
from models.sqlread import DbApiReader, Reader
from models.tasks import Task
from web import risk_texts  # noqa: F401  (registers the texts)
from web.deps import ENV, page_reader, state_of

DEFAULT_DAYS = 7  # an explanation's due date proposed on the form


@pass_context
def risk_of(context: Context, row: Any) -> TaskRisk | None:
    """The warnings of ``row`` (a ``TaskRow``) on the page's day: the first call reads
    every row of the page at once (``rows`` or ``row`` in the page's context)."""
    request = context.get("request")
    if request is None or getattr(row, "id", None) is None:
        return None
    memo: dict[int, TaskRisk | None] | None = getattr(request.state, "risk_memo", None)
    if memo is None:
        memo = request.state.risk_memo = {}
    if row.id not in memo:
        ids = sorted({r.id for r in _page_rows(context) if r.id not in memo} | {row.id})
        day = context.get("day") or context.get("today")
        page = page_reader(request)
        if page is not None:
            found = task_risks(page, day, ids)
        else:
            found = _read_risks(state_of(request).engine, day, ids)
        memo.update({i: found.get(i) for i in ids})
    return memo[row.id]


class _PooledReader(DbApiReader):
    """A pooled connection read without SQLAlchemy's transaction: on SQLite every
    SQLAlchemy transaction begins IMMEDIATE (a write lock), and a page may be rendered
    while its route's session still holds one; a plain read waits for no lock."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection, self.dialect = connection, dialect


def _read_risks(engine: Engine, day: date, ids: list[int]) -> dict[int, TaskRisk]:
    raw = engine.raw_connection()
    try:
        return task_risks(_PooledReader(raw, engine.dialect.name), day, ids)
    finally:
        raw.rollback()
        raw.close()


def _page_rows(context: Context) -> list[Any]:
    """Every task row the page holds (lists of rows in its context, and the rows of its
    pages of a list: the home page's late and due-soon), read at once."""
    found: list[Any] = []
    for value in context.get_all().values():
        rows = getattr(value, "rows", value)
        if isinstance(rows, list | tuple):
            found += [v for v in rows if hasattr(v, "progress") and hasattr(v, "status")]
    return found


ENV.globals["risk_of"] = risk_of


def explain_context(
    session: Session,
    r: Reader,
    viewer: Viewer,
    task: Task,
    today: date,
    form: dict[str, str] | None = None,
    *,
    explained: list[ExplanationRequest] | None = None,
) -> dict[str, Any]:
    """The task page's explanation panel: the requests and answers (with their files),
    and the forms the viewer may use (ask: a manager above an overdue or at-risk task;
    answer: its lead, with files). ``explained``: the task's requests, if already read."""
    assert task.id is not None
    requests = explanations_of(session, task.id) if explained is None else explained
    ids = {x.asked_by_id for x in requests} | {x.answered_by_id or 0 for x in requests}
    names = {i: p.full_name for i in ids if (p := session.get(Person, i)) is not None}
    waiting = waiting_among(requests)
    may_ask = (
        waiting is None
        and can_request_explanation(r, viewer, task.id)
        and why_explain(r, task, today) is not None
    )
    may_answer = waiting is not None and can_answer_explanation(r, viewer, task.id)
    proposed = today + timedelta(days=DEFAULT_DAYS)
    return {
        "explanations": requests,
        "explain_names": names,
        "explain_files": answer_files(r, [x.id for x in requests if x.id and x.answer]),
        "explain_waiting": waiting,
        "may_ask_explanation": may_ask,
        "may_answer_explanation": may_answer,
        "explain_error": form is not None,
        "explain_form": form or {"due_on": proposed, "note": "", "answer": ""},
        "explain_max_days": MAX_DAYS_AHEAD,
    }
