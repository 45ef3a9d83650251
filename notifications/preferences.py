"""People's notification preferences, applied to a run's plan: read once, used in memory.

Three queries per run (preferences, chosen channel orders, snoozes still in force), so
planning 100,000 tasks pays no per-reminder lookup. The rules, all here:

- a snooze mutes the snoozer's own owner reminders about the task until its date
  (reminders resume that day with the stage current then): its deadline reminders and
  its stale-work nags (``models.preferences.snooze_pauses`` says which kinds, and why an
  explanation request is not one); escalations are never muted; an extended deadline
  ends the snooze (it was taken on the old deadline);
- ``weekly`` co-owned items: a person who only co-owns a task hears of it once a week,
  at the stage current on that week's Monday: the reminder's occurrence is the Monday,
  so the first run on or after Monday sends it (a Monday holiday moves it to the next
  run) and the ledger refuses the rest of the week's copies;
- channels: a person's enabled channels in their order, skipping any the configuration
  cannot reach; the first is primary. Essential messages (``models.preferences
  .is_essential``) go to every enabled channel, non-essential ones to the primary only,
  or nowhere once the person turned them off. Someone who never chose an order hears
  everything on every channel, as before preferences existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from models.base import table_of
from models.item_kinds import ItemKind
from models.org import ContactTarget
from models.preferences import (
    ChannelPreference,
    CoOwnedEvery,
    NotificationPreference,
    TaskSnooze,
    is_essential,
    snooze_pauses,
)
from models.recipient_roles import RecipientRole
from models.sqlread import as_date
from notifications.policy import ReminderPolicy, Stage, owner_stage

Channel = tuple[str, str, str]  # (channel, address, url), as ``Router.channels`` gives them


def _day(value: object) -> date:
    found = as_date(value)
    assert found is not None  # NOT NULL columns
    return found


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class PreferenceBook:
    weekly: set[int] = field(default_factory=set)  # people hearing co-owned items weekly
    quiet: set[int] = field(default_factory=set)  # people with non-essential messages off
    # person -> their chosen (channel, address) order with the enabled flag
    orders: dict[int, list[tuple[str, str, bool]]] = field(default_factory=dict)
    snoozes: dict[tuple[int, int], tuple[date, date]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection, as_of: date, snoozes: bool = True) -> PreferenceBook:
        """Everyone's choices; ``snoozes=False`` skips the snoozes (they are about tasks)."""
        book = cls()
        p = table_of(NotificationPreference).c
        for person_id, every, off_at in connection.execute(
            sa.select(p.person_id, p.co_owned_every, p.non_essential_off_at)
        ):
            if every == CoOwnedEvery.WEEKLY:
                book.weekly.add(person_id)
            if off_at is not None:
                book.quiet.add(person_id)
        c, prefs = table_of(ContactTarget).c, table_of(ChannelPreference)
        cp = prefs.c
        chosen = (
            sa.select(c.person_id, c.channel, c.address, cp.enabled)
            .join(prefs, cp.contact_target_id == c.id)
            .where(c.active)
            .order_by(c.person_id, cp.position)
        )
        for person_id, channel, address, enabled in connection.execute(chosen):
            book.orders.setdefault(person_id, []).append((str(channel), address, bool(enabled)))
        if not snoozes:
            return book
        s = table_of(TaskSnooze).c
        for person_id, task_id, until, deadline in connection.execute(
            sa.select(s.person_id, s.task_id, s.until, s.deadline).where(s.until > as_of)
        ):
            book.snoozes[(person_id, task_id)] = (_day(until), _day(deadline))
        return book

    def owner_stage(
        self,
        person_id: int,
        role: RecipientRole,
        task_id: int,
        due: date,
        stage: Stage,
        as_of: date,
        policy: ReminderPolicy,
    ) -> Stage | None:
        """The stage this owner hears today (None: snoozed, or not their week)."""
        if person_id not in self.weekly and (person_id, task_id) not in self.snoozes:
            return stage  # most owners chose nothing: the fast path
        if self.snoozed(person_id, ItemKind.TASK, role, task_id, due, as_of):
            return None
        if role == RecipientRole.CO_OWNER and person_id in self.weekly:
            monday = week_start(as_of)
            weekly = owner_stage(due, monday, policy)
            return None if weekly is None else Stage(weekly.name, monday, weekly.days)
        return stage

    def snoozed(
        self,
        person_id: int,
        kind: ItemKind,
        role: RecipientRole,
        task_id: int,
        due: date | None,
        as_of: date,
    ) -> bool:
        """Whether the person's snooze of the task pauses this message today: a kind and
        role a snooze pauses (``models.preferences.snooze_pauses``), the snooze not over,
        and taken on the deadline still in force (``due``)."""
        if not snooze_pauses(kind, role):
            return False
        found = self.snoozes.get((person_id, task_id))
        return found is not None and found[1] == due and as_of < found[0]

    def channels(self, person_id: int, working: list[Channel], essential: bool) -> list[Channel]:
        """Where a message goes: ``working`` (the person's reachable channels) filtered and
        ordered by their choice; non-essential messages to the primary one only."""
        if not essential and person_id in self.quiet:
            return []
        order = self.orders.get(person_id)
        if order is None:
            return working
        rank = {(ch, address): i for i, (ch, address, _) in enumerate(order)}
        off = {(ch, address) for ch, address, enabled in order if not enabled}
        chosen = sorted(
            (w for w in working if (w[0], w[1]) not in off),
            key=lambda w: rank.get((w[0], w[1]), len(rank)),
        )
        return chosen if essential else chosen[:1]

    def manager_digest_channels(self, person_id: int, working: list[Channel]) -> list[Channel]:
        """The weekly manager digest is non-essential: primary channel, unless turned off."""
        return self.channels(person_id, working, essential=False)


def essential(role: RecipientRole, stage: Stage) -> bool:
    return is_essential(role, stage.name)
