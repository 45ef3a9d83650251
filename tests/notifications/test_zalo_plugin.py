"""The zalo:// channel alone, against a local receiver speaking the OA API's shapes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import apprise
import pytest
import sqlalchemy as sa

from documents.problems import ImportFailed
from models.contacts import is_valid_target, normalise_target
from models.errors import TrackerError
from models.org import ContactChannel
from notifications import sender
from notifications.channels.zalo import plugin as zalo
from notifications.config import NotifyConfig
from notifications.sender import Message, Outcome, send_all
from tests.cli.test_import_minutes import BASE, _import
from tests.peers import ZALO_TOKEN, ZaloSink, closed_port, zalo_server
from tests.snapshot import snapshot

USER = "2468458835296117922"
OTHER = "1000000000000000001"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZaloSink]:
    with zalo_server() as sink:
        monkeypatch.setenv(zalo.API_ENV, sink.api())
        yield sink


def _send(url: str, body: str, title: str = "Nhắc việc", retries: int = 2) -> Outcome:
    config = NotifyConfig(channels={"zalo": url})
    [outcome] = send_all(
        [Message(url, title, body)],
        concurrency=1,
        redactor=config.redactor(),
        retries=retries,
        backoff=0.01,
    )
    return outcome


def _url(sink: ZaloSink, user: str = USER, extra: str = "") -> str:
    url = NotifyConfig(channels={"zalo": sink.url() + extra}).url_for("zalo", user)
    assert url is not None
    return url


def test_a_digest_arrives_as_plain_text_that_keeps_its_links(receiver: ZaloSink) -> None:
    body = (
        "<p>Kính gửi <b>đồng chí</b> Hùng &amp; tổ</p>"
        "<ul><li>Báo cáo quý I <a href='https://dondoc.example.vn/tasks/7'>mở việc</a></li>"
        "<li>Kế hoạch <a href='https://dondoc.example.vn/tasks/8'>https://dondoc.example.vn/tasks/8</a></li></ul>"
    )
    assert _send(_url(receiver), body) == Outcome(True, tries=1)
    assert receiver.to(USER) == [
        "Nhắc việc\n\nKính gửi đồng chí Hùng & tổ\n\n"
        "• Báo cáo quý I mở việc https://dondoc.example.vn/tasks/7\n"
        "• Kế hoạch https://dondoc.example.vn/tasks/8"
    ]


def test_a_long_message_arrives_in_numbered_parts_within_the_limit(receiver: ZaloSink) -> None:
    lines = [f"<p>Việc số {n}: " + "nội dung dài " * 12 + "</p>" for n in range(40)]
    assert _send(_url(receiver), "".join(lines)).ok
    parts = receiver.to(USER)
    assert len(parts) == 4  # about 6,900 characters
    assert [p[:6] for p in parts] == ["(1/4) ", "(2/4) ", "(3/4) ", "(4/4) "]
    assert all(len(p) <= zalo.MAX_TEXT for p in parts)
    joined = "\n".join(p[6:] for p in parts)
    assert [f"Việc số {n}:" in joined for n in range(40)] == [True] * 40
    assert joined.index("Việc số 39") > joined.index("Việc số 0")


def test_splitting_counts_as_the_api_does_and_cuts_between_words() -> None:
    emoji = "🔔" * 1500  # 3,000 UTF-16 units in 1,500 characters
    parts = zalo.split_text(emoji)
    assert len(parts) == 2 and all(len(p.encode("utf-16-le")) // 2 <= 2000 for p in parts)
    words = zalo.split_text("chữ " * 1000)  # one 4,000-character line
    assert all(not p.endswith("ch") and len(p) <= 2000 for p in words)
    assert "".join(p.split(") ", 1)[1].replace(" ", "") for p in words) == "chữ" * 1000
    assert zalo.split_text("ngắn") == ["ngắn"]


@pytest.mark.parametrize(
    ("answer", "permanent", "wording"),
    [
        ("invalid_token", True, "access token is invalid or expired"),
        ("not_follower", True, "does not follow the Official Account"),
        ("rate_limit", False, "rate limit was exceeded (Zalo error -32"),
        ("quota", False, "message quota is used up"),
        ("unknown", False, "Zalo refused the message (Zalo error -999"),
    ],
)
def test_an_error_code_is_a_permanent_or_a_later_failure_never_retried_at_once(
    receiver: ZaloSink, answer: str, permanent: bool, wording: str
) -> None:
    receiver.fail_next(answer)
    outcome = _send(_url(receiver), "<p>x</p>")
    assert (outcome.ok, outcome.permanent, outcome.ambiguous, outcome.tries) == (
        False,
        permanent,
        False,
        1,
    )
    assert wording in (outcome.error or "")
    assert receiver.requests == 1 and receiver.messages == []


def test_a_server_error_is_retried_within_the_run(receiver: ZaloSink) -> None:
    receiver.fail_next("http_500")
    assert _send(_url(receiver), "<p>x</p>") == Outcome(True, tries=2)
    assert receiver.requests == 2 and len(receiver.to(USER)) == 1


def test_an_unanswered_send_is_ambiguous_not_repeated(receiver: ZaloSink) -> None:
    receiver.fail_next("slow")  # the receiver takes the message, then holds its answer
    outcome = _send(_url(receiver, extra="&rto=0.5"), "<p>x</p>")
    receiver.release.set()
    assert (outcome.ok, outcome.ambiguous, outcome.permanent, outcome.tries) == (
        False,
        True,
        False,
        1,
    )
    assert receiver.requests == 1 and len(receiver.to(USER)) == 1


def test_a_failure_after_the_first_part_is_ambiguous(receiver: ZaloSink) -> None:
    receiver.fail_next("ok", "rate_limit")  # the first part passes, the second not
    outcome = _send(_url(receiver), "<p>" + "từ " * 1000 + "</p>")
    assert outcome.ambiguous and "1 of 2 parts sent" in (outcome.error or "")
    assert len(receiver.to(USER)) == 1


def test_the_person_must_follow_the_oa(receiver: ZaloSink) -> None:
    receiver.followers = {OTHER}
    outcome = _send(_url(receiver), "<p>x</p>")
    assert outcome.permanent and "does not follow" in (outcome.error or "")
    assert _send(_url(receiver, OTHER), "<p>x</p>").ok


def test_an_unreachable_api_is_retried_then_left_for_a_later_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with closed_port() as port:  # nobody listens there
        monkeypatch.setenv(zalo.API_ENV, f"http://127.0.0.1:{port}")
        channels = {"zalo": f"zalo://{{address}}?token={ZALO_TOKEN}"}
        url = NotifyConfig(channels=channels).url_for("zalo", USER)
        assert url is not None
        outcome = _send(url, "<p>x</p>", retries=1)
    assert (outcome.ok, outcome.permanent, outcome.ambiguous, outcome.tries) == (
        False,
        False,
        False,
        2,
    )
    assert "Zalo not reached" in (outcome.error or "")


def test_the_throttle_spaces_sends_per_oa_in_reserved_order() -> None:
    waits: list[float] = []
    throttle = zalo.Throttle(clock=lambda: 100.0, sleep=waits.append)
    for _ in range(4):
        throttle.wait("oa-1", rate=2)
    throttle.wait("oa-2", rate=2)  # another OA has its own budget
    throttle.wait("oa-3", rate=0)  # 0: not throttled
    assert waits == [0.5, 1.0, 1.5]


def test_every_send_of_the_plugin_goes_through_the_throttle(
    receiver: ZaloSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(zalo, "THROTTLE", zalo.Throttle(clock=lambda: 0.0, sleep=waits.append))
    url = NotifyConfig(channels={"zalo": receiver.url(rate=4)}).url_for("zalo", USER)
    assert url is not None
    config = NotifyConfig(channels={"zalo": receiver.url(rate=4)})
    outcomes = send_all(
        [Message(url, "t", f"<p>tin {n}</p>") for n in range(5)],
        concurrency=3,
        redactor=config.redactor(),
    )
    assert all(o.ok for o in outcomes)
    assert waits == [0.25, 0.5, 0.75, 1.0]  # five sends, four spaced 1/4 s apart
    assert len(receiver.to(USER)) == 5


def test_only_a_numeric_zalo_user_id_is_a_target() -> None:
    assert normalise_target(ContactChannel.ZALO, f"  {USER} ") == USER
    for bad in ["0912345678", "12345", "abc123456789", USER + "?token=x", "1" * 21, f"{USER}/1"]:
        assert not is_valid_target("zalo", bad)
    with pytest.raises(TrackerError) as refused:
        normalise_target(ContactChannel.ZALO, "zalo.me/hung")
    assert "ID người dùng Zalo" in refused.value.render("vi")
    assert "not a valid Zalo user id" in refused.value.render("en")


def test_a_bad_url_is_refused_without_quoting_the_token() -> None:
    client = apprise.Apprise()
    assert not client.add(f"zalo://hung?token={ZALO_TOKEN}")
    assert not client.add("zalo://2468458835296117922?token=")
    outcome = _send(f"zalo://12?token={ZALO_TOKEN}", "<p>x</p>")
    assert outcome.permanent and outcome.tries == 0
    assert ZALO_TOKEN not in (outcome.error or "")


def test_the_token_never_shows(receiver: ZaloSink, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    config = NotifyConfig(channels={"zalo": receiver.url()})
    url = _url(receiver)
    client = apprise.Apprise()
    client.add(url)
    assert ZALO_TOKEN not in " ".join(client.urls(privacy=True))
    assert ZALO_TOKEN not in str(config.describe())
    assert ZALO_TOKEN not in config.redactor().scrub(f"failed: {url} token {ZALO_TOKEN}")
    texts = []
    for answer in ["invalid_token", "rate_limit", "slow"]:
        receiver.fail_next(answer)
        texts.append(_send(url + "&rto=0.5", "<p>x</p>").error or "")
    receiver.release.set()
    assert all(texts) and not any(ZALO_TOKEN in text for text in texts)
    assert ZALO_TOKEN not in caplog.text


def test_worker_processes_know_the_zalo_channel(
    receiver: ZaloSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large batches are sent from spawned processes: each must register zalo:// too."""
    monkeypatch.setattr(sender, "PROCESS_THRESHOLD", 2)
    config = NotifyConfig(channels={"zalo": receiver.url()})
    users = [str(10**15 + n) for n in range(4)]
    urls = [config.url_for("zalo", user) for user in users]
    outcomes = send_all(
        [Message(url, "t", "<p>x</p>") for url in urls if url],
        concurrency=2,
        redactor=config.redactor(),
        processes=2,
    )
    assert [o.ok for o in outcomes] == [True] * 4
    assert sorted(m["user_id"] for m in receiver.messages) == users


def test_an_import_with_a_bad_zalo_id_names_the_place_and_writes_nothing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    text = BASE.replace('chat: {telegram: "42"}', 'chat: {zalo: "0912 345 678"}')
    with pytest.raises(ImportFailed) as failed:
        _import(engine, tmp_path, text)
    rendered = failed.value.render("en")
    where = "minutes.yaml, line 8, field «chat.zalo»: «0912 345 678» is not a valid Zalo user id"
    assert where in rendered, rendered
    assert snapshot(engine)["contact_target"] == []
    good = BASE.replace('chat: {telegram: "42"}', f'chat: {{zalo: "{USER}"}}')
    _import(engine, tmp_path, good)
    assert USER in repr(snapshot(engine)["contact_target"])
