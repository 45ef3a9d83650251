"""The sender: outcomes in order, permanent vs transient failures, worker processes."""

from __future__ import annotations

import pytest

from notifications import sender
from notifications.redact import Redactor
from notifications.sender import Message, send_all
from tests.peers import SMTP_MODES, SMTP_PASSWORD, SmtpSink


def _messages(smtp: SmtpSink, n: int) -> list[Message]:
    url = smtp.url()
    return [
        Message(url.replace("{address}", f"p{i}@example.org"), f"S{i}", f"<p>{i}</p>")
        for i in range(n)
    ]


@pytest.mark.parametrize("smtp", SMTP_MODES, indirect=True)
def test_outcomes_keep_order_and_classify_failures(smtp: SmtpSink) -> None:
    good = _messages(smtp, 3)
    bad_url = Message("nosuchscheme://x", "S", "<p>x</p>")
    closed = Message(good[0].url.replace(str(smtp.port), "1"), "S", "<p>x</p>")
    outcomes = send_all(
        [good[0], bad_url, good[1], closed, good[2]],
        concurrency=4,
        redactor=Redactor([smtp.url()]),
        retries=0,
    )
    assert [o.ok for o in outcomes] == [True, False, True, False, True]
    assert outcomes[1].permanent and not outcomes[3].permanent
    assert all(SMTP_PASSWORD not in (o.error or "") for o in outcomes)
    assert sorted(str(m["To"]) for m in smtp.messages) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]


@pytest.mark.parametrize("smtp", SMTP_MODES, indirect=True)
def test_worker_processes_send_everything_once_in_order(
    smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender, "PROCESS_THRESHOLD", 5)
    messages = _messages(smtp, 9)
    outcomes = send_all(messages, concurrency=4, redactor=Redactor(), processes=2)
    assert [o.ok for o in outcomes] == [True] * 9
    assert sorted(str(m["Subject"]) for m in smtp.messages) == sorted(f"S{i}" for i in range(9))


def test_overlapping_sends_keep_apprise_quiet_until_the_last_ends() -> None:
    """Apprise's lines (which can quote a token) stay off the application's log while any
    send in the process is under way: the first send to end must not turn them back on
    while another still sends, nor leave them off for good after the last."""
    import logging

    from tests.notifications.faulty_smtp import FaultySmtp, faulty_smtp
    from tests.threads import started

    apprise_log = logging.getLogger("apprise")
    assert apprise_log.propagate
    with faulty_smtp(FaultySmtp(mode="hold")) as smtp:
        first, second = smtp.holds
        url = smtp.url(timeout=120).replace("{address}", "mai@example.org")

        def send() -> list[sender.Outcome]:
            return send_all([Message(url, "S", "<p>x</p>")], concurrency=1, redactor=Redactor([]))

        one = started(send, "send 1")
        assert first.arrived.wait(120)
        two = started(send, "send 2")
        assert second.arrived.wait(120)
        first.release.set()
        assert [o.ok for o in one.outcome()] == [True]
        assert not apprise_log.propagate  # send 2 is still under way
        second.release.set()
        assert [o.ok for o in two.outcome()] == [True]
    assert apprise_log.propagate
