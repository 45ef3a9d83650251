"""Form values into domain calls: the owners' three actions, shared by the task page and
the one-click links from reminders."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from documents.dates import DateProblem, parse_date
from models.errors import TrackerError
from models.i18n import Term, t
from models.lifecycle import update_progress
from models.org import Person
from models.requests import TaskRequest, report_completion, request_extension
from models.tasks import Task
from models.timestamps import utcnow
from notifications.kinds.request_notice import send_notices

if TYPE_CHECKING:
    from web.deps import WebState


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
        waiting = report_completion(session, task, person, on, note, at=at, today=today)
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
    """Tell whom a request concerns now: its approver when it is made, its asker once it
    is decided. Run after the answer has gone (sending must not slow the page); it goes
    through the delivery log, so a failure is retried by the next run."""
    send_notices(
        state.engine,
        state.today(),
        state.moment() or utcnow(),
        state.notify,
        [request_id],
        base_url=state.base_url,
    )
