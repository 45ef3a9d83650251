"""Golden files: the morning digest as people receive it, in each shape and language.

One e-mail (HTML and its plain-text part) and one chat message, Vietnamese and English,
rendered from fixed items through the real item builders and renderers; the files under
``golden/`` were reviewed by eye (see docs/digests/). Signed tokens carry a timestamp,
so they are replaced by ``<token>`` before comparing. ``DONDOC_UPDATE_GOLDEN=1``
rewrites the files after an intended change: review the diff before committing it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from models.duty_groups import group_duties
from models.duty_queries import DutyRow
from models.duty_status import duty_status
from models.kinds import DocumentKind
from models.queries import TaskRow
from models.recipient_roles import RecipientRole
from models.request_queries import WaitingRequest
from models.status import task_status
from notifications.render import (
    CHAT_MAX_CHARS,
    Contact,
    DigestItem,
    duty_group_item,
    render_chat,
    render_digest,
    request_item,
    task_item,
)
from tests.notifications.conftest import with_web_address

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2024, 7, 15)
_TOKEN = re.compile(r"/(a|u)/[A-Za-z0-9_.\-]+")


@pytest.fixture(autouse=True)
def web_address(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from with_web_address(
        monkeypatch, "https://dondoc.example.vn", "golden-files-secret-0123456789abcdef"
    )


def _task(task_id: int, title: str, due: date, progress: int, co: list[tuple[str, str]]) -> TaskRow:
    return TaskRow(
        id=task_id,
        document_kind=DocumentKind("resolution"),
        document_number="01-NQ/ĐU",
        issuing_body="Đảng ủy Cục",
        issued_on=date(2024, 1, 10),
        document_title="Nghị quyết về nhiệm vụ năm 2024",
        ref=str(task_id),
        title=title,
        description=None,
        lead_code="CB07",
        lead_name="Chi bộ Trung tâm Thông tin",
        start_on=None,
        original_due_on=date(2024, 4, 30) if task_id == 4 else due,
        due_on=due,
        progress=progress,
        completed_on=None,
        completion_note=None,
        cancelled_on=None,
        cancel_reason=None,
        status=task_status(due_on=due, completed_on=None, cancelled_on=None, as_of=AS_OF),
        co_owners=co,
    )


def _duty(instance: int, unit: str, key: str, due: date) -> DutyRow:
    return DutyRow(
        instance_id=instance,
        duty_id=1 if key != "2024-Q1" else 2,
        duty_code="SH-CHIBO" if key != "2024-Q1" else "BC-QUY",
        duty_title="Sinh hoạt chi bộ định kỳ" if key != "2024-Q1" else "Báo cáo quý",
        duty_kind="meeting" if key != "2024-Q1" else "report",
        unit_id=instance,
        unit_code=unit,
        unit_name=f"Chi bộ {unit[2:]}",
        period_key=key,
        period_end=due,
        due_on=due,
        submitted_on=None,
        reference=None,
        waived_reason=None,
        status=duty_status(due_on=due, submitted_on=None, waived_on=None, as_of=AS_OF),
    )


def _tasks() -> tuple[TaskRow, TaskRow, TaskRow]:
    late = _task(4, "Tăng cường ứng dụng công nghệ thông tin", date(2024, 5, 3), 40, [])
    soon = _task(
        7, "Bồi dưỡng nghiệp vụ cho cấp ủy viên mới", date(2024, 7, 18), 70, [("VP-DU", "VP")]
    )
    today = _task(9, "Tổng kết 6 tháng đầu năm", AS_OF, 90, [])
    return late, soon, today


def items(lang: str) -> list[DigestItem]:
    late, soon, today = _tasks()
    units = [f"CB{n:02d}" for n in range(1, 10)]
    duties = [_duty(100 + i, u, "2024-01", date(2024, 1, 31)) for i, u in enumerate(units)]
    duties += [_duty(200 + i, u, "2024-Q1", date(2024, 3, 20)) for i, u in enumerate(units[3:8])]
    made = [
        task_item(
            late,
            "overdue",
            late.status.days_overdue,
            RecipientRole.LEAD,
            lang,
            "08/07/2024: Đã xong 2/5",
        ),
        task_item(soon, "before-3", soon.status.days_left or 0, RecipientRole.CO_OWNER, lang),
        task_item(
            today, "due", 0, RecipientRole.LEAD, lang, "12/07/2024: Cập nhật tiến độ 60% → 90%"
        ),
    ]
    made += [
        duty_group_item(g, "escalation", RecipientRole.ESCALATION, lang)
        for g in group_duties(duties)
    ]
    return made


def with_requests(lang: str) -> list[DigestItem]:
    """An approver's morning: two requests waiting for their decision, and their work."""
    _, soon, today = _tasks()
    extension = WaitingRequest(
        31, 7, "extension", 5, "Nguyễn Văn Bảy", date(2024, 7, 12), date(2024, 9, 30),
        "Chờ kết quả khảo sát của Vụ Tổ chức",
    )  # fmt: skip
    done = WaitingRequest(
        32, 9, "completion", 6, "Trần Văn Hùng", date(2024, 7, 11), date(2024, 7, 11), None
    )
    asked = [request_item(extension, soon, AS_OF, lang), request_item(done, today, AS_OF, lang)]
    return asked + items(lang)


CONTACT = Contact("Văn phòng Đảng ủy", "Trần Thị Hà", "ha.vt@example.vn")


def renders(lang: str) -> dict[str, str]:
    email = render_digest("Lưu Hoàng Long", items(lang), lang, 4, 42, contact=CONTACT)
    chat = render_chat("Lưu Hoàng Long", items(lang), lang, 42)
    group = render_chat("Lưu Hoàng Long", items(lang), lang, 42, group=True)
    asked = render_digest("Lưu Hoàng Long", with_requests(lang), lang, 4, 42, contact=CONTACT)
    asked_chat = render_chat("Lưu Hoàng Long", with_requests(lang), lang, 42)
    return {
        f"email-requests-{lang}.html": f"<!-- {asked.subject} -->\n{asked.html}\n",
        f"email-requests-{lang}.txt": f"Subject: {asked.subject}\n\n{asked.text}\n",
        f"chat-requests-{lang}.txt": f"{asked_chat.subject}\n\n{asked_chat.text}\n",
        f"email-{lang}.html": f"<!-- {email.subject} -->\n{email.html}\n",
        f"email-{lang}.txt": f"Subject: {email.subject}\n\n{email.text}\n",
        f"chat-{lang}.txt": f"{chat.subject}\n\n{chat.text}\n",
        f"chat-group-{lang}.html": f"{group.html}\n",
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_digests_match_their_golden_files(lang: str) -> None:
    update = os.environ.get("DONDOC_UPDATE_GOLDEN") == "1"
    for name, rendered in renders(lang).items():
        rendered = _TOKEN.sub(r"/\1/<token>", rendered)
        path = GOLDEN / name
        if update:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(rendered, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == rendered, f"{name} differs from its golden file"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chat_messages_are_short_and_a_group_is_not_greeted(lang: str) -> None:
    chat = render_chat("Lưu Hoàng Long", items(lang), lang, 42)
    group = render_chat("Lưu Hoàng Long", items(lang), lang, 42, group=True)
    assert max(len(chat.text), len(chat.html), len(group.text), len(group.html)) <= CHAT_MAX_CHARS
    assert "Lưu Hoàng Long" in chat.text and "Lưu Hoàng Long" not in group.text
    assert chat.text.count("\n1. ") == 1 and "\n3. " in chat.text and "\n4. " not in chat.text
    assert chat.text.endswith(": https://dondoc.example.vn/")  # my work: the home page
    assert "/a/" not in chat.text


def test_the_email_leads_somewhere() -> None:
    email = render_digest("Long", items("vi"), "vi", 4, 42, contact=CONTACT)
    text = email.text
    assert "9 đơn vị chưa thực hiện: Chi bộ 01, Chi bộ 02" in text  # one item, nine units by name
    assert "CB01" not in text  # people read names, never codes
    assert text.count("Sinh hoạt chi bộ định kỳ") == 1
    assert "tiến độ 40%" in text and "Cập nhật gần nhất: 08/07/2024: Đã xong 2/5" in text
    assert "https://dondoc.example.vn/tasks/4" in text and "/a/" in text  # page, one click
    assert "https://dondoc.example.vn/duties" in text
    assert "xem tất cả tại: https://dondoc.example.vn/\n" in text  # the cap leads to my work
    assert "https://dondoc.example.vn/me/notifications" in text and "/u/" in text
    assert "Trần Thị Hà (ha.vt@example.vn)" in text


def test_a_full_email_stays_within_sixty_lines() -> None:
    """The longest e-mail there can be: every shown item a task with a note, links on."""
    base = _task(4, "Tăng cường ứng dụng công nghệ thông tin " * 3, date(2024, 5, 3), 40, [])
    many = [
        task_item(
            base, "overdue", 60 + i, RecipientRole.LEAD, "vi", "08/07/2024: " + "ghi chú dài " * 40
        )
        for i in range(30)
    ]
    many = [DigestItem(**{**vars(item), "id": 100 + i}) for i, item in enumerate(many)]
    email = render_digest("Long", many, "vi", recipient_id=42, contact=CONTACT)
    assert email.text.count("\n- [") == 6  # DEFAULT_MAX_ITEMS in full, the rest counted
    assert len(email.text.splitlines()) <= 60
