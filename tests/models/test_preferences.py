"""Notification preferences: the write rules on both backends, and how a run's
``PreferenceBook`` reads them back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from models.access import can_snooze, viewer_for
from models.errors import TrackerError
from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget, Person, Unit
from models.preferences import (
    TaskSnooze,
    active_snoozes,
    channel_choices,
    is_essential,
    preference_of,
    save_channels,
    save_preferences,
    set_non_essential,
    snooze_task,
    unsnooze,
)
from models.recipient_roles import RecipientRole
from models.stage_names import before
from models.tasks import Task
from notifications.policy import ReminderPolicy, Stage
from notifications.preferences import PreferenceBook
from tests.builders import Org, add_document, add_person, ident, make_org, reader

NOW = datetime(2024, 7, 1, 8, tzinfo=UTC)
TODAY = date(2024, 7, 15)


def _task(session: Session, org: Org, lead: Person | Unit, co: list[Person] | None = None) -> Task:
    return create_task(
        session,
        document=add_document(session),
        ref="1",
        title="Báo cáo",
        lead=lead,
        co_owners=list(co or []),
        due_on=date(2024, 8, 1),
        actor="t",
    )


def _contacts(session: Session, person: Person, *targets: tuple[ContactChannel, str]) -> None:
    for channel, address in targets:
        session.add(ContactTarget(person_id=ident(person), channel=channel, address=address))
    session.flush()


def test_snooze_dates_are_checked_and_a_second_snooze_replaces_the_first(
    session: Session,
) -> None:
    org = make_org(session)
    task = _task(session, org, org.deputy)
    me = ident(org.deputy)
    for until, code in (
        (TODAY, "snooze_past"),
        (date(2024, 7, 1), "snooze_past"),
        (date(2024, 9, 14), "snooze_too_far"),  # 61 days
    ):
        with pytest.raises(TrackerError) as refused:
            snooze_task(session, me, task, until, TODAY)
        assert refused.value.code == code and refused.value.field == "until"
    snooze_task(session, me, task, date(2024, 9, 13), TODAY)  # 60 days: allowed
    snooze_task(session, me, task, date(2024, 7, 20), TODAY)
    assert [(s.task_id, s.until) for s in active_snoozes(session, me, TODAY)] == [
        (task.id, date(2024, 7, 20))
    ]
    assert active_snoozes(session, me, date(2024, 7, 20)) == []  # over on its date
    task.due_on = date(2024, 8, 15)  # an extension ends it
    session.add(task)
    session.flush()
    assert active_snoozes(session, me, TODAY) == []
    assert session.get(TaskSnooze, (me, ident(task))) is not None
    unsnooze(session, me, ident(task))
    assert session.get(TaskSnooze, (me, ident(task))) is None


def test_a_closed_task_cannot_be_snoozed(session: Session) -> None:
    org = make_org(session)
    task = _task(session, org, org.deputy)
    task.completed_on = TODAY
    session.add(task)
    session.flush()
    with pytest.raises(TrackerError) as refused:
        snooze_task(session, ident(org.deputy), task, date(2024, 7, 20), TODAY)
    assert refused.value.code == "snooze_closed"


def test_who_may_snooze_is_who_hears_the_owner_reminders(session: Session) -> None:
    org = make_org(session)
    mai = add_person(session, "mai", org.branch1)
    hung = add_person(session, "hung", org.branch2)
    stranger = add_person(session, "stranger", org.branch2)
    org.branch1.manager_id = mai.id
    session.add(org.branch1)
    session.flush()
    task = _task(session, org, org.branch1, [hung])
    r = reader(session)

    def may(person: Person, office: str | None = None) -> bool:
        viewer = viewer_for(r, ident(person), office_code=office, admin_codes=())
        assert viewer is not None
        return can_snooze(r, viewer, ident(task))

    assert may(mai)  # manager of the lead unit
    assert may(hung)  # co-owner in person
    assert not may(stranger)
    assert not may(org.clerk, office="VP")  # the office sees it, but hears escalations only


def test_channel_order_rules(session: Session) -> None:
    org = make_org(session)
    me = org.deputy
    _contacts(session, me, (ContactChannel.EMAIL, "d@x.org"), (ContactChannel.TELEGRAM, "42"))
    email, telegram = channel_choices(session, ident(me))
    assert (email.enabled, telegram.enabled) == (True, True)
    with pytest.raises(TrackerError) as none_left:
        save_channels(
            session,
            ident(me),
            [(email.contact_target_id, False), (telegram.contact_target_id, False)],
            NOW,
        )
    assert none_left.value.code == "no_channel_enabled"
    with pytest.raises(TrackerError) as partial:
        save_channels(session, ident(me), [(email.contact_target_id, True)], NOW)
    assert partial.value.code == "channels_changed"
    save_channels(
        session,
        ident(me),
        [(telegram.contact_target_id, True), (email.contact_target_id, False)],
        NOW,
    )
    _contacts(session, me, (ContactChannel.SLACK, "deputy"))  # added later: last, enabled
    assert [(c.channel, c.enabled) for c in channel_choices(session, ident(me))] == [
        ("telegram", True),
        ("email", False),
        ("slack", True),
    ]


def test_settings_are_saved_all_or_nothing(session: Session) -> None:
    org = make_org(session)
    me = org.deputy
    _contacts(session, me, (ContactChannel.EMAIL, "d@x.org"))
    (email,) = channel_choices(session, ident(me))
    with pytest.raises(TrackerError) as refused:
        save_preferences(
            session,
            me,
            language="en",
            co_owned_every="monthly",
            non_essential=True,
            channels=[(email.contact_target_id, True)],
            now=NOW,
        )
    assert refused.value.field == "co_owned_every"
    assert "monthly" in refused.value.render("vi")
    with pytest.raises(TrackerError) as bad_language:
        save_preferences(
            session,
            me,
            language="fr",
            co_owned_every="weekly",
            non_essential=True,
            channels=[(email.contact_target_id, True)],
            now=NOW,
        )
    assert bad_language.value.field == "language"
    save_preferences(
        session,
        me,
        language="en",
        co_owned_every="weekly",
        non_essential=False,
        channels=[(email.contact_target_id, True)],
        now=NOW,
    )
    pref = preference_of(session, ident(me))
    assert (me.language, pref.co_owned_every, pref.non_essential_off_at) == ("en", "weekly", NOW)
    set_non_essential(session, ident(me), False, datetime(2024, 7, 2, tzinfo=UTC))
    assert preference_of(session, ident(me)).non_essential_off_at == NOW  # first time kept
    set_non_essential(session, ident(me), True, NOW)
    assert preference_of(session, ident(me)).non_essential_off_at is None


def test_essential_messages() -> None:
    assert is_essential(RecipientRole.LEAD, "due") and is_essential(RecipientRole.LEAD, "overdue")
    assert is_essential(RecipientRole.ESCALATION, "escalation")
    assert not is_essential(RecipientRole.LEAD, "before-3")
    assert not is_essential(RecipientRole.CO_OWNER, "overdue")  # co-owned items are non-essential


def test_the_book_reads_back_what_people_chose(session: Session) -> None:
    org = make_org(session)
    me, other = org.deputy, org.clerk
    _contacts(
        session,
        me,
        (ContactChannel.EMAIL, "d@x.org"),
        (ContactChannel.TELEGRAM, "42"),
        (ContactChannel.SLACK, "dep"),
    )
    email, telegram, slack = channel_choices(session, ident(me))
    save_channels(
        session,
        ident(me),
        [
            (slack.contact_target_id, False),
            (telegram.contact_target_id, True),
            (email.contact_target_id, True),
        ],
        NOW,
    )
    task = _task(session, org, me)
    snooze_task(session, ident(me), task, date(2024, 7, 20), TODAY)
    set_non_essential(session, ident(other), False, NOW)
    book = PreferenceBook.load(session.connection(), TODAY)
    working = [("email", "d@x.org", "u1"), ("slack", "dep", "u2"), ("telegram", "42", "u3")]
    assert [c[0] for c in book.channels(ident(me), working, essential=True)] == [
        "telegram",
        "email",
    ]
    assert [c[0] for c in book.channels(ident(me), working, essential=False)] == ["telegram"]
    # Telegram not configured: the next enabled one is primary.
    assert [c[0] for c in book.channels(ident(me), working[:2], essential=False)] == ["email"]
    assert book.channels(ident(other), working, essential=False) == []
    assert book.channels(ident(other), working, essential=True) == working  # no order chosen
    policy = ReminderPolicy()
    stage = Stage(before(1), date(2024, 7, 31), 1)
    muted = book.owner_stage(
        ident(me), RecipientRole.LEAD, ident(task), date(2024, 8, 1), stage, TODAY, policy
    )
    assert muted is None
    later = PreferenceBook.load(session.connection(), date(2024, 7, 20))
    heard = later.owner_stage(
        ident(me), RecipientRole.LEAD, ident(task), date(2024, 8, 1), stage, TODAY, policy
    )
    assert heard == stage
