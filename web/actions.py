"""Form values into domain calls: the owners' three actions, shared by the task page and
the one-click links from reminders."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from cli.files.dates import DateProblem, parse_date
from models.access import approver
from models.errors import TrackerError
from models.i18n import Term, t
from models.lifecycle import update_progress
from models.links import task_page
from models.org import Person
from models.requests import TaskRequest, report_completion, request_extension
from models.sqlread import SqlAlchemyReader
from models.tasks import Task
from notifications.request_notice import notify_approver

if TYPE_CHECKING:
    from web.app import WebState


def form_date(value: str) -> date:
    try:
        return parse_date(value.strip())
    except DateProblem as problem:
        raise TrackerError("cli_date", value=value, reason=Term(problem.key)) from None


def form_percent(value: str) -> int:
    try:
        return int(value.strip().rstrip("%"))
    except ValueError:
        raise TrackerError("progress_range", value=value) from None


def apply_action(
    session: Session,
    person: Person,
    task: Task,
    action: str,
    form: Mapping[str, str],
    today: date,
    at: datetime | None = None,
) -> tuple[str, TaskRequest | None]:
    """Do ``action`` as ``person``: the confirmation to show (in their language) and the
    request now waiting for a manager, if the action made one, stamped ``at`` (default:
    now)."""
    lang = person.language
    note = (form.get("note") or "").strip() or None
    if action == "progress":
        update_progress(session, task, form_percent(form.get("progress", "")), person.code, note)
        return t("web.task.saved", lang), None
    if action == "done":
        on = form_date(form["done_on"]) if form.get("done_on") else today
        waiting = report_completion(session, task, person, on, note, at=at)
        return t("web.oneclick.waiting" if waiting else "web.oneclick.ok", lang), waiting
    if action == "extend":
        asked = request_extension(
            session,
            task,
            person,
            form_date(form.get("new_due_on", "")),
            form.get("reason", ""),
            at=at,
        )
        return t("web.oneclick.waiting_extension", lang), asked
    raise ValueError(f"unknown action {action!r}")


def announce(state: WebState, request_id: int) -> None:
    """Tell the approver (after the answer has gone: sending must not slow the page)."""
    with Session(state.engine, expire_on_commit=False) as session:
        request = session.get(TaskRequest, request_id)
        if request is None:
            return
        approver_id = approver(
            SqlAlchemyReader(session.connection()),
            request.task_id,
            request.requested_by_id,
            state.notify.tracking_office,
        )
        if approver_id is not None:
            page = task_page(state.base_url, request.task_id)
            notify_approver(session, state.notify, request, approver_id, page)
