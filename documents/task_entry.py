"""Several tasks of one document typed on one screen: each row's values as typed, every
problem placed on its row and field, and nothing written unless every row is right.

The same reading as the importers (``documents.dates.parse_deadline`` for a date or
"+N (working) days", ``models.periods`` for a period's end) and the same one way to make
a task (``models.lifecycle.create_task``), so a task typed on the web is the task the
minutes file would have made. The caller owns the transaction: on ``EntryRefused`` it
rolls back what the rows before the bad one wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from documents.dates import DateProblem, parse_date, parse_deadline
from models.calendar import WorkCalendar
from models.deadlines import resolve_deadline
from models.errors import TrackerError
from models.i18n import Term, register
from models.lifecycle import Owner, create_task
from models.meetings import Document
from models.periods import parse_period, period_words
from models.tasks import Task

# How a row's deadline is given; the field that holds it.
DUE_FIELDS = {"date": "due_on", "relative": "due_in", "period": "due_period", "standing": ""}
MAX_ROWS = 30  # one resolution's tasks on one screen; past this, the spreadsheet import


@dataclass
class TaskEntry:
    """One row of the form, as typed (kept to show it again beside its problems)."""

    ref: str = ""
    title: str = ""
    lead: str = ""  # a pick-list key: "unit:CODE" or "person:CODE"
    co_owners: list[str] = field(default_factory=list)  # pick-list keys
    due_kind: str = "date"
    due_on: str = ""
    due_in: str = ""
    due_period: str = ""

    def blank(self) -> bool:
        """Nothing typed: the spare rows of the form are skipped, not refused."""
        return not any(
            (self.title.strip(), self.lead, self.co_owners, self.due_on.strip(), self.due_in)
        )


@dataclass(frozen=True)
class RowProblem:
    row: int  # 0-based index of the row on the form
    field: str
    error: TrackerError


class EntryRefused(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def period_choices(issued_on: date, lang: str) -> list[tuple[str, str]]:
    """Period ends a deadline may name, from the document's issue to the end of the next
    year: (key, "quý III năm 2024 — 30/09/2024"), by end date, the shortest period first."""
    keys = []
    for year in (issued_on.year, issued_on.year + 1):
        keys += [f"{year}-{m:02d}" for m in range(1, 13)]
        keys += [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-H1", f"{year}-H2", f"{year}"]
    periods = [parse_period(k) for k in keys]
    found = sorted(
        (p for p in periods if p.end >= issued_on), key=lambda p: (p.end, p.end - p.start)
    )
    return [(p.key, f"{period_words(p.key, lang)} — {p.end:%d/%m/%Y}") for p in found]


def next_ref(taken: Sequence[str]) -> int:
    """The number after the document's highest numbered task (1 for a new document)."""
    numbers = [int(r) for r in taken if r.isascii() and r.isdigit() and len(r) < 9]
    return max(numbers, default=0) + 1


def _date(text: str, name: str) -> date:
    try:
        return parse_date(text.strip())
    except DateProblem as problem:
        raise TrackerError("cli_date", field=name, value=text, reason=Term(problem.key)) from None


def _due(entry: TaskEntry, document: Document, calendar: WorkCalendar) -> date | None:
    kind = entry.due_kind
    if kind == "standing":
        return None
    if kind == "date":
        if not entry.due_on.strip():
            raise TrackerError("entry_missing", field="due_on")
        return _date(entry.due_on, "due_on")
    if kind == "relative":
        text = entry.due_in.strip()
        if not text:
            raise TrackerError("entry_missing", field="due_in")
        try:
            spec = parse_deadline(text)
        except DateProblem as problem:
            raise TrackerError(
                "bad_relative", field="due_in", value=text, reason=Term(problem.key)
            ) from None
        return resolve_deadline(spec, document.issued_on, calendar)
    if kind == "period":
        if not entry.due_period:
            raise TrackerError("entry_missing", field="due_period")
        return parse_period(entry.due_period).end
    raise TrackerError("entry_missing", field="due_kind")


def enter_tasks(
    session: Session,
    document: Document,
    rows: Sequence[TaskEntry],
    owner: Callable[[str], Owner],
    calendar: WorkCalendar,
    actor: str,
) -> list[Task]:
    """Create the tasks the filled rows describe, or raise ``EntryRefused`` naming every
    problem (row, field); ``owner`` turns a pick-list key into its unit or person."""
    filled = [(i, r) for i, r in enumerate(rows) if not r.blank()]
    if not filled:
        raise EntryRefused([RowProblem(0, "title", TrackerError("entry_none", field="title"))])
    problems: list[RowProblem] = []
    made: list[Task] = []
    seen: dict[str, int] = {}
    for index, entry in filled:
        found: list[RowProblem] = []
        task = _enter_row(session, document, entry, owner, calendar, actor, seen, found)
        if task is not None:
            made.append(task)
        problems += [RowProblem(index, p.field, p.error) for p in found]
        seen.setdefault(entry.ref.strip(), index)
    if problems:
        raise EntryRefused(problems)
    return made


def _enter_row(
    session: Session,
    document: Document,
    entry: TaskEntry,
    owner: Callable[[str], Owner],
    calendar: WorkCalendar,
    actor: str,
    seen: Mapping[str, int],
    found: list[RowProblem],
) -> Task | None:
    """One row's task, or None with its problems added to ``found`` (row numbers are
    set by the caller)."""

    def refuse(name: str, error: TrackerError) -> None:
        found.append(RowProblem(0, name, error))

    ref, title = entry.ref.strip(), entry.title.strip()
    if not ref:
        refuse("ref", TrackerError("entry_missing", field="ref"))
    elif ref in seen:
        refuse("ref", TrackerError("entry_same_ref", field="ref", ref=ref, row=seen[ref] + 1))
    if not title:
        refuse("title", TrackerError("entry_missing", field="title"))
    lead: Owner | None = None
    helpers: list[Owner] = []
    try:
        if not entry.lead:
            raise TrackerError("entry_missing", field="lead")
        lead = owner(entry.lead)
    except TrackerError as error:
        refuse("lead", error)
    for key in entry.co_owners:
        try:
            helpers.append(owner(key))
        except TrackerError as error:
            refuse("co_owners", error)
    if entry.lead and entry.lead in entry.co_owners:
        refuse("co_owners", TrackerError("entry_lead_helps", field="co_owners"))
    due_field = DUE_FIELDS.get(entry.due_kind) or "due_kind"
    due: date | None = None
    try:
        due = _due(entry, document, calendar)
    except TrackerError as error:
        refuse(error.field or due_field, error)
    if found or lead is None:
        return None
    try:
        return create_task(
            session,
            document=document,
            ref=ref,
            title=title,
            lead=lead,
            co_owners=helpers,
            due_on=due,
            actor=actor,
        )
    except TrackerError as error:
        refuse(due_field if error.field == "deadline" else (error.field or "title"), error)
        return None


register(
    {
        "error.entry_missing": {
            "vi": "Chưa nhập: trường này là bắt buộc.",
            "en": "Missing: this field is required.",
        },
        "error.entry_none": {
            "vi": "Chưa có nhiệm vụ nào: nhập ít nhất một dòng.",
            "en": "No task yet: fill in at least one row.",
        },
        "error.entry_same_ref": {
            "vi": "Số thứ tự «{ref}» trùng với dòng {row}.",
            "en": "Number «{ref}» is the same as on row {row}.",
        },
        "error.entry_lead_helps": {
            "vi": "Đơn vị/người chủ trì không đồng thời là đơn vị phối hợp.",
            "en": "The lead cannot also be a co-owner.",
        },
        "error.bad_relative": {
            "vi": "«{value}»: {reason}. Ví dụ: +10 ngày làm việc, +30 ngày.",
            "en": "«{value}»: {reason}. For example: +10 working days, +30 days.",
        },
    }
)
