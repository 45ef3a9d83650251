"""What a person's review of a draft needs, apart from any door: where each proposal's
source sentence lies in the document's text (to highlight it), the deadline a proposal
shows in a form and the one a person typed instead, and where the tasks of a document
already on record end (new ones are numbered after them, never over them)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from documents.dates import DateProblem, parse_date, parse_deadline
from documents.extract.deadlines import Due
from documents.extract.draft import ProposedTask
from models.document_changes import find_document
from models.errors import TrackerError
from models.i18n import Term
from models.periods import parse_period
from models.tasks import Task


@dataclass(frozen=True)
class Segment:
    """A run of the document's text; ``numbers`` are the (1-based) proposals whose
    source it is, empty for the text between them."""

    text: str
    numbers: tuple[int, ...] = ()


def source_segments(text: str, tasks: list[ProposedTask]) -> list[Segment]:
    """The text cut into runs, each proposal's source a run of its own (found verbatim;
    one sentence giving two tasks is one run with two numbers; a source overlapping an
    earlier one, or not found, is not marked)."""
    spans: dict[tuple[int, int], list[int]] = {}
    for number, task in enumerate(tasks, start=1):
        source = task.source.strip()
        start = text.find(source) if source else -1
        if start >= 0:
            spans.setdefault((start, start + len(source)), []).append(number)
    segments: list[Segment] = []
    at = 0
    for (start, end), numbers in sorted(spans.items()):
        if start < at:
            continue  # overlaps the previous mark
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], tuple(numbers)))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


def shown_deadline(due: Due) -> str:
    """The deadline as a form shows it: dd/mm/yyyy, a period key, "+10 working days";
    empty for a standing, recurring or unknown one (the hint says which)."""
    if due.kind == "date" and due.value:
        return date.fromisoformat(due.value).strftime("%d/%m/%Y")
    if due.kind in ("period", "relative") and due.value:
        return due.value
    return ""


def typed_due(typed: str, proposed: Due) -> Due:
    """The deadline a person left (the proposal's, unchanged) or typed instead: a date,
    "+N working days", a period key (2024-Q2, 2024-H1, 2024-09, 2024) or nothing
    (standing). A ``TrackerError`` names what could not be read."""
    typed = typed.strip()
    if typed == shown_deadline(proposed):
        return proposed
    if not typed:
        return Due("standing", None, "")
    try:
        return Due("period", parse_period(typed.upper()).key, typed)
    except (TrackerError, ValueError):
        pass
    try:
        spec = parse_deadline(typed)
    except DateProblem as problem:
        raise TrackerError("cli_date", value=typed, reason=Term(problem.key)) from None
    if isinstance(spec, date):
        return Due("date", parse_date(typed).isoformat(), typed)
    return Due("relative", typed, typed)


def next_ref(session: Session, number: str | None, issuing_body: str | None) -> int:
    """1, or one past the highest numeric ref of the document on record."""
    if not number or not issuing_body:
        return 1
    document = find_document(session, number, issuing_body)
    if document is None:
        return 1
    refs = session.exec(select(Task.ref).where(Task.document_id == document.id)).all()
    return max((int(r) for r in refs if r.isdigit()), default=0) + 1


def with_task(task: ProposedTask, **changes: object) -> ProposedTask:
    """A proposal as the person edited it."""
    return replace(task, **changes)  # type: ignore[arg-type]
