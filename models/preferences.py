"""What a person chooses for themselves: the language they read, how often they hear
about work they only co-own, which of their channels carry reminders (and in which
order), whether non-essential messages come at all, and tasks they snoozed.

These are the only write paths (the web settings page, the unsubscribe link and the task
page call them); ``notifications.preferences`` reads the same tables once per run and
applies them. What counts as essential is decided here, in ``is_essential``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel

from models.base import table_of
from models.errors import TrackerError
from models.i18n import register
from models.item_kinds import ItemKind
from models.org import ContactTarget, Person
from models.org_changes import check_language
from models.recipient_roles import RecipientRole
from models.sqlread import as_date
from models.stage_names import StageName
from models.tasks import Task
from models.timestamps import UTCDateTime, utcnow

MAX_SNOOZE_DAYS = 60  # a snooze is a pause, not a way to drop a task


class CoOwnedEvery(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class NotificationPreference(SQLModel, table=True):
    """One row per person who changed something; no row means the defaults."""

    __tablename__ = "notification_preference"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    co_owned_every: str = Field(default=CoOwnedEvery.DAILY.value, max_length=10)
    # When non-essential messages were turned off (unsubscribe link or settings); None: on.
    non_essential_off_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    __table_args__ = (
        sa.CheckConstraint("co_owned_every IN ('daily', 'weekly')", name="co_owned_every"),
    )


class ChannelPreference(SQLModel, table=True):
    """A contact target's place in its owner's order, and whether it carries reminders.

    Rows exist only once a person has chosen an order; a contact added later (no row)
    comes after the chosen ones, enabled.
    """

    __tablename__ = "channel_preference"

    contact_target_id: int = Field(
        foreign_key="contact_target.id", primary_key=True, ondelete="CASCADE"
    )
    position: int
    enabled: bool = True


class TaskSnooze(SQLModel, table=True):
    """A person's own reminders about a task, paused until a date."""

    __tablename__ = "task_snooze"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    task_id: int = Field(foreign_key="task.id", primary_key=True, ondelete="CASCADE", index=True)
    until: date  # reminders resume on this date
    deadline: date  # the deadline snoozed: an extension ends the snooze (new news)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


ESSENTIAL_STAGES = frozenset({StageName.DUE, StageName.OVERDUE, StageName.ESCALATION})

# What a person's snooze of a task pauses: the messages that nag them, as an owner of
# the work, about that task: its deadline reminders ("task") and the stale-work nags
# ("stale": "you have recorded nothing for N days" is exactly what someone who snoozed
# the task chose not to hear until the date). Never paused:
# - escalations (the role "escalation"): they go to the people above, not the snoozer;
# - an explanation request ("explain"): a manager asked for a written answer by a date.
#   It is not the person's own reminder but someone else's question, like a decision
#   someone waits on; a snooze reaching past the answer's due day would hide the
#   request until after it escalated to the manager who asked. The lead answers or
#   talks to the manager; the request's reminders run on its own dates.
# - reporting duties and requests waiting for a decision, which are not about one task
#   the person owns (a snooze names a task).
SNOOZABLE_KINDS = frozenset({ItemKind.TASK, ItemKind.STALE})
SNOOZING_ROLES = frozenset({RecipientRole.LEAD, RecipientRole.CO_OWNER})


def snooze_pauses(kind: ItemKind, role: RecipientRole) -> bool:
    """Whether a snooze of the task pauses a message of this kind to a person in this
    role (the only place this is decided; ``notifications.preferences`` applies it)."""
    return kind in SNOOZABLE_KINDS and role in SNOOZING_ROLES


def is_essential(role: RecipientRole, stage: str) -> bool:
    """Deadline day, overdue and escalations to the lead or a manager, requests waiting
    for the reader's decision (someone waits on it) and the decision on the reader's own
    request: always sent, on every enabled channel. Before-deadline reminders, items the
    person only co-owns and the weekly manager digest are non-essential: primary channel
    only, and can be off."""
    if role in (RecipientRole.APPROVER, RecipientRole.REQUESTER):  # a decision waited on, or made
        return True
    return role in (RecipientRole.LEAD, RecipientRole.ESCALATION) and stage in ESSENTIAL_STAGES


def set_language(session: Session, person: Person, language: str) -> None:
    person.language = check_language(language)
    session.add(person)
    session.flush()


def preference_of(session: Session, person_id: int) -> NotificationPreference:
    """The person's row, or the defaults (not added to the session)."""
    return session.get(NotificationPreference, person_id) or NotificationPreference(
        person_id=person_id
    )


def _stored(session: Session, person_id: int, now: datetime) -> NotificationPreference:
    found = preference_of(session, person_id)
    found.updated_at = now
    session.add(found)
    return found


def set_non_essential(session: Session, person_id: int, on: bool, now: datetime) -> None:
    """Turn non-essential messages on or off (the unsubscribe link turns them off)."""
    pref = _stored(session, person_id, now)
    if on:
        pref.non_essential_off_at = None
    elif pref.non_essential_off_at is None:
        pref.non_essential_off_at = now
    session.flush()


@dataclass(frozen=True)
class ChannelChoice:
    contact_target_id: int
    channel: str
    address: str
    enabled: bool


def channel_choices(session: Session, person_id: int) -> list[ChannelChoice]:
    """The person's active contacts in their chosen order (unchosen ones last, enabled)."""
    targets, prefs = table_of(ContactTarget), table_of(ChannelPreference)
    c, p = targets.c, prefs.c
    rows = session.connection().execute(
        sa.select(c.id, c.channel, c.address, p.position, p.enabled)
        .select_from(targets.outerjoin(prefs, p.contact_target_id == c.id))
        .where(c.person_id == person_id, c.active)
        .order_by(p.position.is_(None), p.position, c.id)
    )
    return [
        ChannelChoice(int(i or 0), str(ch), address, enabled is None or bool(enabled))
        for i, ch, address, _position, enabled in rows
    ]


def save_channels(
    session: Session, person_id: int, chosen: Sequence[tuple[int, bool]], now: datetime
) -> None:
    """Store the order and the enabled flags: ``chosen`` lists (contact id, enabled), first
    = primary. Every active contact of the person must be listed once; one stays enabled."""
    mine = {c.contact_target_id for c in channel_choices(session, person_id)}
    ids = [i for i, _ in chosen]
    if sorted(ids) != sorted(mine):
        raise TrackerError("channels_changed", field="channels")
    if mine and not any(enabled for _, enabled in chosen):
        raise TrackerError("no_channel_enabled", field="channels")
    for position, (target_id, enabled) in enumerate(chosen):
        row = session.get(ChannelPreference, target_id) or ChannelPreference(
            contact_target_id=target_id, position=position
        )
        row.position, row.enabled = position, enabled
        session.add(row)
    _stored(session, person_id, now)
    session.flush()


def save_preferences(
    session: Session,
    person: Person,
    *,
    language: str,
    co_owned_every: str,
    non_essential: bool,
    channels: Sequence[tuple[int, bool]],
    now: datetime,
) -> None:
    """Everything on the settings page at once: all saved, or nothing (a refusal)."""
    assert person.id is not None
    if co_owned_every not in tuple(CoOwnedEvery):
        raise TrackerError("bad_frequency", field="co_owned_every", value=co_owned_every)
    set_language(session, person, language)
    save_channels(session, person.id, channels, now)
    pref = _stored(session, person.id, now)
    pref.co_owned_every = co_owned_every
    set_non_essential(session, person.id, non_essential, now)


def snooze_task(session: Session, person_id: int, task: Task, until: date, today: date) -> None:
    """Pause the person's own reminders about an open task until ``until`` (exclusive:
    reminders resume that day). Whether the person may (an owner of the task) is
    ``models.access.can_snooze``; escalations to managers are never paused."""
    assert task.id is not None
    if task.completed_on is not None or task.cancelled_on is not None or task.due_on is None:
        raise TrackerError("snooze_closed", field="until")
    if until <= today:
        raise TrackerError("snooze_past", field="until")
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise TrackerError("snooze_too_far", field="until", days=MAX_SNOOZE_DAYS)
    found = session.get(TaskSnooze, (person_id, task.id)) or TaskSnooze(
        person_id=person_id, task_id=task.id, until=until, deadline=task.due_on
    )
    found.until, found.deadline, found.created_at = until, task.due_on, utcnow()
    session.add(found)
    session.flush()


def unsnooze(session: Session, person_id: int, task_id: int) -> None:
    found = session.get(TaskSnooze, (person_id, task_id))
    if found is not None:
        session.delete(found)
        session.flush()


@dataclass(frozen=True)
class ActiveSnooze:
    task_id: int
    title: str
    until: date


def active_snoozes(session: Session, person_id: int, today: date) -> list[ActiveSnooze]:
    """Snoozes still pausing something: not over, and the deadline not moved since."""
    snoozes, tasks = table_of(TaskSnooze), table_of(Task)
    s, t = snoozes.c, tasks.c
    rows = session.connection().execute(
        sa.select(s.task_id, t.title, s.until)
        .select_from(snoozes.join(tasks, t.id == s.task_id))
        .where(
            s.person_id == person_id,
            s.until > today,
            t.due_on == s.deadline,
            t.completed_on.is_(None),
            t.cancelled_on.is_(None),
        )
        .order_by(s.until, s.task_id)
    )
    return [ActiveSnooze(int(i), str(title), _day(until)) for i, title, until in rows]


def _day(value: object) -> date:
    found = as_date(value)
    assert found is not None  # a NOT NULL column
    return found


def snoozed_until(session: Session, person_id: int, task_id: int, today: date) -> date | None:
    for found in active_snoozes(session, person_id, today):
        if found.task_id == task_id:
            return found.until
    return None


register(
    {
        "error.bad_frequency": {
            "vi": "Tần suất «{value}» không hợp lệ (chọn hằng ngày hoặc hằng tuần).",
            "en": "Unknown frequency «{value}» (choose daily or weekly).",
        },
        "error.no_channel_enabled": {
            "vi": "Phải giữ ít nhất một kênh nhận nhắc việc.",
            "en": "Keep at least one channel for reminders.",
        },
        "error.channels_changed": {
            "vi": "Danh sách kênh liên lạc vừa thay đổi; vui lòng tải lại trang và chọn lại.",
            "en": "Your contact channels changed meanwhile; reload the page and choose again.",
        },
        "error.snooze_closed": {
            "vi": "Nhiệm vụ đã kết thúc hoặc không có hạn: không cần tạm hoãn nhắc.",
            "en": "The task is closed or has no deadline: there is nothing to snooze.",
        },
        "error.snooze_past": {
            "vi": "Ngày tạm hoãn phải sau hôm nay.",
            "en": "The snooze date must be after today.",
        },
        "error.snooze_too_far": {
            "vi": "Chỉ tạm hoãn nhắc tối đa {days} ngày.",
            "en": "A snooze lasts at most {days} days.",
        },
    }
)
