"""Sign-in links through a real SMTP server, one-time tokens (forged, expired, reused),
one-click actions from a real digest, the calendar feed, health."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pendulum
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.extension_queries import calendar_sequences
from models.lifecycle import extend_deadline
from models.org import Person
from models.receipts import DeliveryReceipt
from models.requests import TaskRequest
from models.settings import get_settings
from models.sqlread import SqlAlchemyReader
from models.tasks import Task
from models.tokens import ACTION, SIGNIN, mint
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.peers import SmtpSink, body_of
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import BASE, SECRET, TODAY, Web, csrf_of, load_demo, web_settings
from web.app import create_app

MEMBER_MAIL = "bay.nv@demo.invalid"
LINK = re.compile(r"http://testserver/(?:login|a)/[A-Za-z0-9_.\-]+")


def _links(smtp: SmtpSink, address: str) -> list[str]:
    found = [link for m in smtp.to(address) for link in LINK.findall(body_of(m, "html"))]
    return list(dict.fromkeys(found))  # each link is both the href and the text


def _confirm(client: TestClient, url: str, **data: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, page.text
    return int(client.post(url, data={"csrf": csrf_of(page.text), **data}).status_code)


def test_signin_link_arrives_by_mail_and_works_once(web: Web, smtp: SmtpSink) -> None:
    client = web.client()
    csrf = csrf_of(client.get("/login").text)
    known = client.post("/login", data={"csrf": csrf, "identifier": MEMBER_MAIL.upper()})
    unknown = client.post("/login", data={"csrf": csrf, "identifier": "nobody@demo.invalid"})
    # No user enumeration: the same answer for a known and an unknown address.
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    (link,) = _links(smtp, MEMBER_MAIL)
    assert link.startswith(f"{BASE}/login/")
    assert len(smtp.messages) == 1
    # Opening the link changes nothing (mail scanners open links); the button signs in.
    assert client.get("/", follow_redirects=False).status_code == 303
    assert _confirm(client, link) == 200
    assert "Nguyễn Văn Bảy" in client.get("/").text
    cookie = client.cookies.jar
    assert any(c.name == "dondoc_session" and c.has_nonstandard_attr("HttpOnly") for c in cookie)
    # Used once: the same link again is refused, in a fresh browser too.
    again = web.client()
    assert again.get(link).status_code == 400
    # Signing out ends the session.
    home = client.get("/me").text
    client.post("/logout", data={"csrf": csrf_of(home)})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_signin_requests_are_rate_limited(web: Web, smtp: SmtpSink) -> None:
    client = web.client()
    csrf = csrf_of(client.get("/login").text)
    codes = [
        client.post("/login", data={"csrf": csrf, "identifier": MEMBER_MAIL}).status_code
        for _ in range(7)
    ]
    assert codes == [200] * 5 + [429] * 2
    assert len(smtp.to(MEMBER_MAIL)) == 5


def test_forged_expired_and_foreign_tokens_are_refused(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    load_demo(engine)
    clock = [datetime(2024, 7, 15, 1, 0, tzinfo=UTC)]
    app = create_app(
        settings=web_settings(tmp_path, db_url),
        notify=NotifyConfig(tracking_office="VP-DU"),
        engine=engine,
        today=lambda: TODAY,
        now=lambda: clock[0],
    )
    client = TestClient(app, base_url=BASE)
    with Session(engine) as session:
        bay = session.exec(select(Task.lead_person_id).where(Task.id == 7)).one()
    assert bay is not None
    real = mint(SECRET, SIGNIN, bay)
    tampered = real[:-3] + ("AAA" if not real.endswith("AAA") else "BBB")
    foreign = mint("another-secret", SIGNIN, bay)
    action = mint(SECRET, ACTION, bay, t=7, a="done")
    before = snapshot(engine)
    for token in ("forged", tampered, foreign):
        assert client.get(f"/login/{token}").status_code == 400
        assert client.get(f"/a/{token}").status_code == 400
    # A token for one purpose is no key to the other.
    assert client.get(f"/login/{action}").status_code == 400
    assert client.get(f"/a/{real}").status_code == 400
    clock[0] = datetime.now(UTC) + timedelta(minutes=16)  # the link was minted "now"
    assert client.get(f"/login/{real}").status_code == 400
    clock[0] = datetime.now(UTC)
    assert client.get(f"/login/{real}").status_code == 200
    done = mint(SECRET, ACTION, bay, t=7, a="done")
    clock[0] = datetime.now(UTC) + timedelta(days=8)
    assert client.get(f"/a/{done}").status_code == 400
    csrf = csrf_of(client.get("/login").text)
    assert client.post(f"/a/{done}", data={"csrf": csrf}).status_code == 400
    after = snapshot(engine)
    assert after == before, changed_tables(before, after)


def test_one_click_for_someone_elses_task_does_nothing(web: Web) -> None:
    bay = web.person_id("bay.nv")
    client = web.client()
    token = mint(SECRET, ACTION, bay, t=4, a="done")  # task 4 is CB07's, not bay's
    page = client.get(f"/a/{token}")  # (records that bay opened it: a read receipt)
    before = snapshot(web.engine)
    assert client.post(f"/a/{token}", data={"csrf": csrf_of(page.text)}).status_code == 404
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)


@pytest.fixture
def web_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Digests carry links only when the web application has an address."""
    monkeypatch.setenv("DONDOC_WEB_URL", BASE)
    monkeypatch.setenv("DONDOC_WEB_SECRET", SECRET)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _digest_run(web: Web, smtp: SmtpSink, day: date) -> None:
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU")
    now = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz="Asia/Ho_Chi_Minh")
    from models.calendar import default_calendar

    run_once(
        web.engine, day, now.in_timezone("UTC"), config, default_calendar(), "Asia/Ho_Chi_Minh"
    )


def test_one_click_done_from_a_real_digest(web: Web, smtp: SmtpSink, web_url: None) -> None:
    _digest_run(web, smtp, date(2024, 6, 3))  # task 7 (bay's) is overdue since 31 May
    (mail,) = smtp.to(MEMBER_MAIL)
    html = body_of(mail, "html")
    assert f'href="{BASE}/tasks/7"' in html
    links = [link for link in _links(smtp, MEMBER_MAIL) if "/a/" in link]
    assert len(links) == 3  # done, progress, extension for the one task
    done = links[0]
    client = web.client()
    page = client.get(done)
    assert "Xác nhận nhiệm vụ này đã hoàn thành?" in page.text
    with Session(web.engine) as session:
        assert session.exec(select(DeliveryReceipt)).first() is not None  # read receipt
        assert session.get(Task, 7).completed_on is None  # type: ignore[union-attr]
    assert client.post(done, data={"csrf": csrf_of(page.text)}).status_code == 200
    with Session(web.engine) as session:
        task = session.get(Task, 7)
        assert task is not None and task.completed_on == TODAY
    assert web.client().get(done).status_code == 400  # spent


def test_extension_link_asks_and_waits_for_the_manager(
    web: Web, smtp: SmtpSink, web_url: None
) -> None:
    _digest_run(web, smtp, date(2024, 6, 3))
    links = [link for link in _links(smtp, MEMBER_MAIL) if "/a/" in link]
    extend = links[2]
    smtp.clear()
    client = web.client()
    answer = _confirm(client, extend, new_due_on="30/09/2024", reason="Chờ kết quả khảo sát")
    assert answer == 200
    with Session(web.engine) as session:
        request = session.exec(select(TaskRequest)).one()
        assert str(request.new_due_on) == "2024-09-30" and request.state.value == "pending"
    # The approver (the manager above bay's unit: the secretary) hears of it by mail.
    (notice,) = smtp.to("long.lh@demo.invalid")
    text = body_of(notice)
    assert "Nguyễn Văn Bảy đề nghị gia hạn đến 30/09/2024" in text
    assert "Chờ kết quả khảo sát" in text and f"{BASE}/tasks/7" in body_of(notice, "html")


def test_calendar_feed_is_secret_and_revocable(web: Web) -> None:
    member = web.sign_in("bay.nv")
    page = member.get("/me").text
    shown = member.post("/me/calendar/new", data={"csrf": csrf_of(page)}).text
    url = re.search(r'value="(http[^"]+\.ics)"', shown)
    assert url is not None
    feed = web.client().get(url[1].replace(BASE, ""))
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    assert "task-7@dondoc" in feed.text and "task-4@dondoc" not in feed.text
    member.post("/me/calendar/revoke", data={"csrf": csrf_of(shown)})
    assert web.client().get(url[1].replace(BASE, "")).status_code == 404


def test_calendar_feed_counts_extensions_as_the_export_does(web: Web) -> None:
    """One SEQUENCE rule: the web feed numbers an event by its task's extensions, as
    ``dondoc export ics`` does (a calendar replaces the event only when SEQUENCE grows)."""
    with Session(web.engine) as session:
        task = session.get(Task, 7)
        secretary = session.exec(select(Person).where(Person.code == "long.lh")).one()
        assert task is not None and task.due_on is not None
        for weeks in (4, 8):
            extend_deadline(
                session, task, task.due_on + timedelta(weeks=weeks), "r", secretary, TODAY, "test"
            )
        session.commit()
    member = web.sign_in("bay.nv")
    shown = member.post("/me/calendar/new", data={"csrf": csrf_of(member.get("/me").text)}).text
    url = re.search(r'value="(http[^"]+\.ics)"', shown)
    assert url is not None
    feed = icalendar.Calendar.from_ical(web.client().get(url[1].replace(BASE, "")).content)
    sequences = {str(e["uid"]): e.decoded("sequence") for e in feed.walk("VEVENT")}
    assert sequences["task-7@dondoc"] == 2
    with Session(web.engine) as session:
        assert calendar_sequences(SqlAlchemyReader(session.connection()), [7]) == {7: 2}


def test_health_needs_no_sign_in(web: Web) -> None:
    answer = web.client().get("/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
