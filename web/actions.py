"""Form values into domain calls: the owners' three actions, shared by the task page and
the one-click links from reminders."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlmodel import Session

from cli.files.dates import DateProblem, parse_date
from models.errors import TrackerError
from models.i18n import Term, t
from models.lifecycle import update_progress
from models.org import Person
from models.requests import report_completion, request_extension
from models.tasks import Task


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
) -> str:
    """Do ``action`` as ``person``; the confirmation to show, in their language."""
    lang = person.language
    note = (form.get("note") or "").strip() or None
    if action == "progress":
        update_progress(session, task, form_percent(form.get("progress", "")), person.code, note)
        return t("web.task.saved", lang)
    if action == "done":
        on = form_date(form["done_on"]) if form.get("done_on") else today
        waiting = report_completion(session, task, person, on, note)
        return t("web.oneclick.waiting" if waiting else "web.oneclick.ok", lang)
    if action == "extend":
        request_extension(
            session, task, person, form_date(form.get("new_due_on", "")), form.get("reason", "")
        )
        return t("web.oneclick.waiting_extension", lang)
    raise ValueError(f"unknown action {action!r}")
