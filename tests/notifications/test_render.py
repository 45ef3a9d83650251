"""Digest rendering: the most urgent items first, a readable length, escaped HTML."""

from __future__ import annotations

from datetime import date

from notifications.render import DigestItem, render_digest


def item(i: int, stage: str, days: int) -> DigestItem:
    return DigestItem(
        "task",
        i,
        f"[Nghị quyết 0{i}-NQ] <Việc {i}>",
        date(2024, 3, 1),
        None,
        "Chủ trì: CB1",
        stage,
        days,
        "lead",
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
