"""Digest rendering: the most urgent items first, a readable length, escaped HTML."""

from __future__ import annotations

from datetime import date

from models.item_kinds import ItemKind
from models.recipient_roles import RecipientRole
from notifications.render import DigestItem, render_chat, render_digest


def item(i: int, stage: str, days: int) -> DigestItem:
    return DigestItem(
        ItemKind.TASK,
        i,
        f"[Nghị quyết 0{i}-NQ] <Việc {i}>",
        date(2024, 3, 1),
        None,
        "Chủ trì: CB1",
        stage,
        days,
        RecipientRole.LEAD,
    )


def test_long_digests_list_the_most_urgent_and_count_the_rest() -> None:
    items = [item(i, "before-7", 7) for i in range(40)] + [
        item(100 + i, "overdue", i + 1) for i in range(20)
    ]
    rendered = render_digest("Mai", items, "vi", max_items=25)
    lines = [line for line in rendered.text.splitlines() if line.startswith("- ")]
    assert len(lines) == 26  # 25 items and the "more" line
    assert lines[0].startswith("- [Nghị quyết 0119-NQ]")  # overdue longest first (20 days)
    assert lines[-1] == "- … và 35 việc khác ít khẩn cấp hơn."  # no web address: no link
    assert rendered.subject == "[Đôn đốc] 60 việc cần chú ý (20 quá hạn)"
    assert "&lt;Việc 119&gt;" in rendered.html and "<Việc" not in rendered.html


def test_short_digests_are_whole() -> None:
    rendered = render_digest("Mai", [item(1, "due", 0)], "en")
    assert "less urgent" not in rendered.text
    assert "due today" in rendered.text and "Dear Mai," in rendered.text


def request(i: int, waited: int, kind: str = "extension") -> DigestItem:
    """A request waiting for the reader's decision, as ``render.request_item`` makes it."""
    return DigestItem(
        ItemKind.REQUEST,
        i,
        f"[Nghị quyết 01-NQ/ĐU] Việc {i} (#{i + 500})",
        date(2024, 3, 29),
        None,
        "Người gửi: đồng chí Person hung, ngày 12/03/2024",
        "waiting",
        waited,
        RecipientRole.APPROVER,
        note="Chờ số liệu",
        task_id=i + 500,
        asked=kind,
    )


def test_requests_waiting_come_first_in_a_part_of_their_own() -> None:
    """Twenty overdue tasks do not push a waiting request under the cap."""
    items = [item(100 + i, "overdue", i + 1) for i in range(20)]
    items += [request(1, 2), request(2, 5, "completion")]
    rendered = render_digest("Mai", items, "vi", max_items=6)
    text = rendered.text
    assert rendered.subject == (
        "[Đôn đốc] 2 đề nghị chờ đồng chí quyết định, 20 việc cần chú ý (20 quá hạn)"
    )
    assert "2 đề nghị chờ đồng chí quyết định; 20 việc cần chú ý: 20 quá hạn." in text
    asks, work = text.index("ĐỀ NGHỊ CHỜ ĐỒNG CHÍ QUYẾT ĐỊNH"), text.index("VIỆC CẦN CHÚ Ý")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines[0] == "- [Nghị quyết 01-NQ/ĐU] Việc 2 (#502)"  # the longest waiting first
    assert asks < text.index(lines[0]) < text.index(lines[1]) < work < text.index(lines[2])
    assert "Báo cáo đã hoàn thành ngày 29/03/2024, chờ xác nhận — đã chờ 5 ngày" in text
    assert "Đề nghị gia hạn đến 29/03/2024 — đã chờ 2 ngày" in text
    assert len(lines) == 7 and lines[-1] == "- … và 16 việc khác ít khẩn cấp hơn."
    english = render_digest("Mai", items, "en", max_items=6)
    assert english.subject == (
        "[dondoc] 2 request(s) waiting for your decision, 20 item(s) need attention (20 overdue)"
    )
    assert "Asks for an extension to 29/03/2024 — waiting for 2 day(s)" in english.text


def test_a_digest_of_requests_alone_and_its_chat_form() -> None:
    rendered = render_digest("Mai", [request(1, 1)], "vi")
    assert rendered.subject == "[Đôn đốc] 1 đề nghị chờ đồng chí quyết định"
    assert "1 đề nghị chờ đồng chí quyết định.\n" in rendered.text
    assert "VIỆC CẦN CHÚ Ý" not in rendered.text and "Việc cần chú ý" not in rendered.html
    chat = render_chat("Mai", [item(7, "overdue", 4), request(1, 1)], "vi")
    assert chat.text.splitlines()[1:4] == [
        "1 đề nghị chờ đồng chí quyết định; 1 việc cần chú ý: 1 quá hạn.",
        "1. Đề nghị gia hạn đến 29/03/2024: [Nghị quyết 01-NQ/ĐU] Việc 1 (#501) — đã chờ 1 ngày",
        "2. [Nghị quyết 07-NQ] <Việc 7> — quá hạn 4 ngày",
    ]
