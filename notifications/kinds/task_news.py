"""Instant news about a task: a new comment (to the people the task concerns) and a
part delegated (to the person who now leads it).

A kind of message like the request notices (``request_notice``): planned for each
person's channels as their preferences say, claimed in the delivery log before it is
sent (so it goes once, and a failure is retried by the next call or catch-up run),
recorded, counted. Both are non-essential to the preferences: the primary channel, and
the person may turn them off — except that a delegated part is the lead's own work, so
it follows the lead's choices for their tasks.

Who hears of a comment: the task's lead (the person, or the lead unit's manager), its
co-owners (each person, each unit's manager), the manager of the tracking office, those
of the parent task when the task is a part of another (the manager who delegated it
follows its discussion), and everyone who commented on it before; never the author.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

import pendulum
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from models.comments import TaskComment
from models.i18n import format_date, register, t
from models.item_kinds import ItemKind
from models.links import task_page
from models.org import Person
from models.recipient_roles import RecipientRole
from models.settings import get_settings
from models.stage_names import StageName
from models.tasks import Task, TaskCoOwner
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, claim, one_per_row, send_and_record
from notifications.planner import Collector, Plan
from notifications.policy import Stage
from notifications.preferences import PreferenceBook
from notifications.render import Rendered, paragraphs
from notifications.routing import Router

COMMENT = ItemKind.COMMENT  # item_id: the comment
DELEGATED = ItemKind.DELEGATED  # item_id: the sub-task
KINDS = (COMMENT, DELEGATED)


def _local_day(moment: datetime, fallback: date) -> date:
    try:
        return pendulum.instance(moment).in_timezone(get_settings().timezone).date()
    except ValueError:
        return fallback


def concerned(session: Session, directory: Directory, task: Task, office: str | None) -> set[int]:
    """The people a task's news goes to (before the author is taken out)."""
    people: set[int] = set()
    seen: set[int] = set()
    current: Task | None = task
    while current is not None and current.id not in seen:  # the task, then its parents
        assert current.id is not None
        seen.add(current.id)
        owners = [(current.lead_unit_id, current.lead_person_id)]
        owners += [
            (c.unit_id, c.person_id)
            for c in session.exec(select(TaskCoOwner).where(TaskCoOwner.task_id == current.id))
        ]
        for unit_id, person_id in owners:
            who = person_id if person_id is not None else directory.manager_of(unit_id)
            if who is not None:
                people.add(who)
        current = session.get(Task, current.parent_id) if current.parent_id else None
    if office is not None:
        manager = directory.manager_of(directory.unit_ids_by_code.get(office))
        if manager is not None:
            people.add(manager)
    people |= set(
        session.exec(select(TaskComment.person_id).where(TaskComment.task_id == task.id)).all()
    )
    return {p for p in people if p in directory.people}


def plan_news(
    connection: Connection,
    as_of: date,
    config: NotifyConfig,
    comment_ids: Sequence[int] = (),
    delegated_ids: Sequence[int] = (),
) -> Plan:
    plan = Plan(as_of, kinds=KINDS)
    if not comment_ids and not delegated_ids:
        return plan
    directory = Directory.load(connection)
    router = Router(directory, config)
    collect = Collector(plan, router, PreferenceBook.load(connection, as_of, snoozes=False))
    with Session(bind=connection) as session:
        comments = session.exec(
            select(TaskComment).where(col(TaskComment.id).in_(sorted(set(comment_ids))))
        ).all()
        for comment in comments:
            task = session.get(Task, comment.task_id)
            assert task is not None and comment.id is not None
            day = _local_day(comment.at, as_of)
            for person_id in sorted(concerned(session, directory, task, config.tracking_office)):
                if person_id != comment.person_id:
                    collect.add(
                        person_id,
                        COMMENT,
                        comment.id,
                        Stage(StageName.COMMENT, day, 0),
                        day,
                        RecipientRole.FOLLOWER,
                    )
        parts = session.exec(select(Task).where(col(Task.id).in_(sorted(set(delegated_ids)))))
        for part in parts:
            assert part.id is not None
            if part.lead_person_id in directory.people:
                day = _local_day(part.created_at, as_of)
                stage = Stage(StageName.DELEGATED, day, 0)
                collect.add(part.lead_person_id, DELEGATED, part.id, stage, day, RecipientRole.LEAD)
    plan.unreachable = router.unreachable
    return plan


def _word(
    session: Session, row: ledger.Claimed, lang: str, name: str, base: str | None
) -> Rendered | None:
    """One message in the reader's language; None if what it tells of is gone."""
    lines = [t("notify.greeting", lang, name=name)]
    if row.item_kind == COMMENT:
        comment = session.get(TaskComment, row.item_id)
        task = session.get(Task, comment.task_id) if comment is not None else None
        author = session.get(Person, comment.person_id) if comment is not None else None
        if comment is None or task is None:
            return None
        who = author.full_name if author is not None else "?"
        lines.append(t("news.comment", lang, who=who, task=f"#{task.id} «{task.title}»"))
        lines.append(comment.body)
        subject = t("news.comment.subject", lang, task=task.id)
    else:
        task = session.get(Task, row.item_id)
        parent = session.get(Task, task.parent_id) if task and task.parent_id else None
        if task is None or parent is None:
            return None
        due = format_date(task.due_on) if task.due_on else t("news.standing", lang)
        lines.append(
            t(
                "news.delegated",
                lang,
                task=f"#{task.id} «{task.title}»",
                parent=f"#{parent.id} «{parent.title}»",
                due=due,
            )
        )
        subject = t("news.delegated.subject", lang, task=task.id)
    links = [(t("notify.link.page", lang), task_page(base, task.id or 0))] if base else []
    return paragraphs(subject, lines, links)


def build_news(
    engine: Engine, rows: list[ledger.Claimed], config: NotifyConfig, base: str | None
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per claimed news row (a comment, a part given out)."""
    return one_per_row(
        engine,
        rows,
        config,
        lambda session, row, lang, name: _word(session, row, lang, name, base),
        "gone",
    )


def send_news(
    engine: Engine,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    comment_ids: Sequence[int] = (),
    delegated_ids: Sequence[int] = (),
    base_url: str | None = None,
) -> RunReport:
    """Plan, claim, send and record the news about these comments and delegated parts;
    news that failed before and is due again goes with it (none given: only that)."""
    with engine.connect() as connection:
        planned = plan_news(connection, as_of, config, comment_ids, delegated_ids)
    token = str(uuid.uuid4())
    claim(engine, planned, token, now, config)
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind in KINDS]
    digests, settled = build_news(engine, rows, config, base_url or get_settings().web_url)
    report = send_and_record(engine, token, digests, settled, as_of, now, config)
    report.planned = len(planned.reminders)
    report.unreachable = sorted(planned.unreachable, key=lambda u: (u.reason, u.who))
    return report


register(
    {
        "news.comment.subject": {
            "vi": "[Đôn đốc] Ý kiến mới về nhiệm vụ #{task}",
            "en": "[dondoc] A new comment on task #{task}",
        },
        "news.comment": {
            "vi": "Đồng chí {who} có ý kiến về nhiệm vụ {task}:",
            "en": "{who} commented on task {task}:",
        },
        "news.delegated.subject": {
            "vi": "[Đôn đốc] Đồng chí được giao phần việc #{task}",
            "en": "[dondoc] A part of a task is now yours (#{task})",
        },
        "news.delegated": {
            "vi": "Đồng chí được giao phần việc {task} thuộc nhiệm vụ {parent}, thời hạn {due}.",
            "en": "You were given {task}, a part of task {parent}; deadline {due}.",
        },
        "news.standing": {"vi": "thường xuyên", "en": "standing"},
    }
)
