"""The settings page, the snooze form and the unsubscribe link, through the real app
(TestClient) on both backends; the rules themselves are tested in tests/models."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models.org import ContactTarget
from models.preferences import TaskSnooze, channel_choices, preference_of
from models.tokens import UNSUBSCRIBE, mint
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import SECRET, TODAY, Web, csrf_of

MEMBER, SECRETARY = "bay.nv", "long.lh"  # the member leads task 7; the secretary has 2 channels


def test_settings_page_saves_order_frequency_and_language(web: Web) -> None:
    client = web.sign_in(SECRETARY)
    page = client.get("/me/notifications")
    assert page.status_code == 200
    assert "Kênh nhận nhắc việc" in page.text and "kênh chính" in page.text
    with Session(web.engine) as session:
        first, second = channel_choices(session, web.person_id(SECRETARY))
    assert {first.channel, second.channel} == {"email", "telegram"}
    form = {
        "csrf": csrf_of(page.text),
        "language": "vi",
        "co_owned_every": "weekly",
        "non_essential": "on",
        "order": [str(first.contact_target_id), str(second.contact_target_id)],
        "on": [str(first.contact_target_id), str(second.contact_target_id)],
        "move": f"{second.contact_target_id}:up",
    }
    answer = client.post("/me/notifications", data=form)
    assert answer.status_code == 200 and "Đã lưu cài đặt." in answer.text
    with Session(web.engine) as session:
        person_id = web.person_id(SECRETARY)
        now = channel_choices(session, person_id)
        assert [c.channel for c in now] == [second.channel, first.channel]
        assert preference_of(session, person_id).co_owned_every == "weekly"
    # Unticking every channel is refused, inline, and nothing is stored.
    form |= {"on": [], "move": "", "language": "en"}
    before = snapshot(web.engine)
    refused = client.post("/me/notifications", data=form)
    assert refused.status_code == 400
    assert "Phải giữ ít nhất một kênh nhận nhắc việc." in refused.text
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)
    # Language from the same page, through the domain function.
    form |= {"on": [str(first.contact_target_id)]}
    assert "Settings saved." in client.post("/me/notifications", data=form).text


def test_snooze_from_the_task_page_with_inline_errors(web: Web) -> None:
    assert date(2024, 7, 15) == TODAY  # the limits below (60 days, after today) count from it
    client = web.sign_in(MEMBER)
    page = client.get("/tasks/7")
    assert "Tạm hoãn nhắc đến ngày…" in page.text
    csrf = csrf_of(page.text)
    before = snapshot(web.engine)
    too_far = client.post("/tasks/7/snooze", data={"csrf": csrf, "until": "30/12/2024"})
    assert too_far.status_code == 400
    assert 'id="snooze-error"' in too_far.text and "tối đa 60 ngày" in too_far.text
    assert 'value="30/12/2024"' in too_far.text  # what was typed stays in the field
    past = client.post("/tasks/7/snooze", data={"csrf": csrf, "until": "15/07/2024"})
    assert "Ngày tạm hoãn phải sau hôm nay." in past.text
    garbled = client.post("/tasks/7/snooze", data={"csrf": csrf, "until": "31/02/2024"})
    assert garbled.status_code == 400 and "«31/02/2024»" in garbled.text
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)  # refused: nothing stored
    done = client.post("/tasks/7/snooze", data={"csrf": csrf, "until": "01/08/2024"})
    assert done.status_code == 200
    assert "đang tạm hoãn nhắc việc này đến 01/08/2024" in done.text
    settings = client.get("/me/notifications").text
    assert 'href="/tasks/7"' in settings and "đến 01/08/2024" in settings
    client.post("/me/snoozes/7/end", data={"csrf": csrf})
    with Session(web.engine) as session:
        assert session.exec(select(TaskSnooze)).all() == []


def test_only_owners_may_snooze(web: Web) -> None:
    client = web.sign_in("chuong.pg")  # an administrator sees every task but owns none
    page = client.get("/tasks/7")
    assert page.status_code == 200 and "Tạm hoãn nhắc" not in page.text
    before = snapshot(web.engine)
    answer = client.post(
        "/tasks/7/snooze", data={"csrf": csrf_of(page.text), "until": "01/08/2024"}
    )
    assert answer.status_code == 404
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)


def test_unsubscribe_link_confirms_then_turns_non_essential_off(web: Web) -> None:
    person_id = web.person_id(MEMBER)
    token = mint(SECRET, UNSUBSCRIBE, person_id)
    client = web.client()  # no sign-in
    before = snapshot(web.engine)
    page = client.get(f"/u/{token}")
    assert page.status_code == 200
    assert "vẫn tiếp tục được gửi" in page.text and 'href="/me/notifications"' in page.text
    assert snapshot(web.engine) == before  # opening the link changes nothing
    done = client.post(f"/u/{token}", data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200 and "Đã tắt tin không thiết yếu." in done.text
    with Session(web.engine) as session:
        assert preference_of(session, person_id).non_essential_off_at is not None
    unsubscribed = snapshot(web.engine)
    assert client.get(f"/u/{token}").status_code == 200  # reusable: not spent
    assert client.get(f"/u/{token}x").status_code == 400
    refused = client.post(f"/u/{token}x", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 400
    assert snapshot(web.engine) == unsubscribed
    # The settings page shows it off, and turns it back on.
    member = web.sign_in(MEMBER)
    settings = member.get("/me/notifications").text
    assert 'id="off-since"' in settings
    with Session(web.engine) as session:
        ids = [
            str(c.id)
            for c in session.exec(
                select(ContactTarget).where(ContactTarget.person_id == person_id)
            ).all()
        ]
    member.post(
        "/me/notifications",
        data={
            "csrf": csrf_of(settings),
            "language": "vi",
            "co_owned_every": "daily",
            "non_essential": "on",
            "order": ids,
            "on": ids,
        },
    )
    with Session(web.engine) as session:
        assert preference_of(session, person_id).non_essential_off_at is None


def test_the_unsubscribe_page_speaks_the_readers_language(web: Web) -> None:
    """No one is signed in: the link's person decides the language, not the site's default."""
    from models.org import Person
    from models.preferences import set_language

    person_id = web.person_id(MEMBER)
    with Session(web.engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        set_language(session, person, "en")
        session.commit()
    page = web.client().get(f"/u/{mint(SECRET, UNSUBSCRIBE, person_id)}")
    assert page.status_code == 200
    assert "Deadline-day, overdue and escalation messages, and reminders" in page.text
    assert "vẫn tiếp tục được gửi" not in page.text
