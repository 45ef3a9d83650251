"""A task's history in human words: its change events (``models.history_text``), its
requests, its comments and the parts delegated from it, in time order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from models.carry_over import marks_of
from models.comments import TaskComment, comments_of
from models.explanations import ExplanationRequest, answer_files, explanations_of
from models.history import TaskAction, TaskEvent
from models.history_text import describe, mentions, owner_names
from models.i18n import format_date, register, t
from models.lifecycle import history_of
from models.org import Person, Unit
from models.requests import RequestKind, RequestState, TaskRequest, requests_of
from models.sqlread import SqlAlchemyReader
from models.tasks import Task


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    text: str
    note: str | None = None
    files: tuple[tuple[int, str], ...] = ()  # (attachment id, name) sent with the entry


def _day(value: date | None) -> str:
    return "—" if value is None else format_date(value)


def _names(
    session: Session, codes: set[str], ids: set[int]
) -> tuple[dict[str, str], dict[int, str]]:
    """Full names of the people a history mentions (by code in events, by id in requests)."""
    by_code: dict[str, str] = {}
    by_id: dict[int, str] = {}
    if codes:
        query = select(Person.code, Person.full_name).where(col(Person.code).in_(codes))
        by_code = {code: name for code, name in session.exec(query)}
    if ids:
        query2 = select(Person.id, Person.full_name).where(col(Person.id).in_(ids))
        by_id = {pid: name for pid, name in session.exec(query2) if pid is not None}
    return by_code, by_id


def _delegated(session: Session, task_id: int) -> list[tuple[Task, TaskEvent]]:
    """The sub-tasks of a task with the event that created each (who gave it, when)."""
    children = {
        c.id: c for c in session.exec(select(Task).where(Task.parent_id == task_id)) if c.id
    }
    if not children:
        return []
    created = session.exec(
        select(TaskEvent).where(
            col(TaskEvent.task_id).in_(list(children)), TaskEvent.action == TaskAction.CREATED
        )
    )
    return [(children[e.task_id], e) for e in created]


def history_words(session: Session, events: Iterable[TaskEvent]) -> dict[str, str]:
    """The names the codes and owner keys of ``events`` stand for (``owner_names``): only
    those the history mentions, never the whole directory (5,000 people cost a task page
    more than the rest of it)."""
    unit_ids, person_ids, person_codes = mentions(events)
    named_people = or_(col(Person.id).in_(person_ids), col(Person.code).in_(person_codes))
    units = select(Unit.id, Unit.code, Unit.name).where(col(Unit.id).in_(unit_ids))
    people = select(Person.id, Person.code, Person.full_name).where(named_people)
    return owner_names(
        session.exec(units).all(),  # type: ignore[arg-type]
        session.exec(people).all(),  # type: ignore[arg-type]
    )


def timeline(
    session: Session,
    task: Task,
    lang: str,
    *,
    requests: list[TaskRequest] | None = None,
    comments: list[TaskComment] | None = None,
    explained: list[ExplanationRequest] | None = None,
) -> list[Entry]:
    """The task's history in words, oldest first. A page that has already read the
    task's requests, comments or explanations passes them (one read each per page)."""
    assert task.id is not None
    events = history_of(session, task)
    requests = requests_of(session, task) if requests is None else requests
    comments = comments_of(session, task.id) if comments is None else comments
    explained = explanations_of(session, task.id) if explained is None else explained
    parts, carried = _delegated(session, task.id), marks_of(session, task.id)
    ids = {r.requested_by_id for r in requests} | {r.decided_by_id or 0 for r in requests}
    ids |= {c.person_id for c in comments} | {c.lead_person_id or 0 for c, _ in parts}
    ids |= {x.asked_by_id for x in explained} | {x.answered_by_id or 0 for x in explained}
    ids |= {m.marked_by_id for m, _ in carried}
    codes = {e.actor for e in events} | {e.actor for _, e in parts}
    names, people = _names(session, codes, ids)
    words = history_words(session, [*events, *(e for _, e in parts)])
    entries = [
        Entry(e.at, names.get(e.actor, e.actor), describe(e, lang, words), e.note) for e in events
    ]
    for r in requests:
        who = people.get(r.requested_by_id, "?")
        if r.kind is RequestKind.EXTENSION:
            text = t("tl.asked_extension", lang, to=_day(r.new_due_on))
        else:
            on = _day(r.completed_on)
            text = t("tl.reported_done", lang, on=on)
        entries.append(Entry(r.requested_at, who, text, r.note))
        if r.state is not RequestState.PENDING and r.decided_at is not None:
            key = f"tl.{r.kind.value}.{r.state.value}"
            decider = people.get(r.decided_by_id or 0, "?")
            entries.append(Entry(r.decided_at, decider, t(key, lang), r.decision_note))
    for c in comments:
        entries.append(Entry(c.at, people.get(c.person_id, "?"), t("tl.comment", lang), c.body))
    for child, created in parts:
        to = people.get(child.lead_person_id or 0, "?")
        text = t("tl.delegated", lang, to=to, task=child.id, title=child.title)
        entries.append(Entry(created.at, names.get(created.actor, created.actor), text))
    sent = answer_files(
        SqlAlchemyReader(session.connection()), [x.id for x in explained if x.id and x.answer]
    )
    for x in explained:
        reason = t(f"explain.reason.{x.reason}", lang)
        text = t("tl.explain.asked", lang, reason=reason, due=_day(x.due_on))
        entries.append(Entry(x.asked_at, people.get(x.asked_by_id, "?"), text, x.note))
        if x.answered_at is not None:
            who = people.get(x.answered_by_id or 0, "?")
            files = tuple(sent.get(x.id or 0, []))
            text = t("tl.explain.answered", lang)
            entries.append(Entry(x.answered_at, who, text, x.answer, files))
    for m, meeting in carried:
        decision = t(f"CarryDecision.{m.decision.value}", lang)
        if m.new_due_on is not None:
            decision += f" ({_day(m.new_due_on)})"
        text = t("tl.carry_over", lang, day=_day(meeting.held_on), decision=decision)
        entries.append(Entry(m.marked_at, people.get(m.marked_by_id, "?"), text, m.note))
    return sorted(entries, key=lambda e: e.at)


register(
    {
        "tl.carry_over": {
            "vi": "Cuộc họp ngày {day} xem xét: {decision}",
            "en": "Reviewed at the meeting of {day}: {decision}",
        },
        "tl.explain.asked": {
            "vi": "Yêu cầu giải trình (nhiệm vụ {reason}), hạn trả lời {due}",
            "en": "Asked for a written explanation (task {reason}), due {due}",
        },
        "tl.explain.answered": {"vi": "Đã giải trình", "en": "Explained in writing"},
        "tl.asked_extension": {
            "vi": "Đề nghị gia hạn đến {to}",
            "en": "Asked for an extension to {to}",
        },
        "tl.reported_done": {
            "vi": "Báo cáo hoàn thành ngày {on}, chờ xác nhận",
            "en": "Reported done on {on}, waiting for confirmation",
        },
        "tl.comment": {"vi": "Ý kiến", "en": "Comment"},
        "tl.delegated": {
            "vi": "Giao lại cho đồng chí {to}: #{task} «{title}»",
            "en": "Delegated to {to}: #{task} «{title}»",
        },
        "tl.extension.approved": {"vi": "Đồng ý gia hạn", "en": "Extension approved"},
        "tl.extension.rejected": {"vi": "Không đồng ý gia hạn", "en": "Extension refused"},
        "tl.completion.approved": {"vi": "Xác nhận hoàn thành", "en": "Completion confirmed"},
        "tl.completion.rejected": {
            "vi": "Trả lại báo cáo hoàn thành",
            "en": "Completion sent back",
        },
    }
)
