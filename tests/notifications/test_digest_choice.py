"""A run words only the items its messages show: the chosen ones must be the renderer's.

``build_digests`` reads every claimed task's status, then full rows, owners and notes
only for the most urgent ``digest_max_items`` (e-mail) or three (chat) of each message.
The same run with every item worded and handed to the renderer, which then orders and
cuts them itself (the way it worked before), must give the same messages, byte for byte
(signed tokens aside: they carry a random nonce).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from documents.minutes import import_minutes
from models.duty_lifecycle import find_instance, generate_all
from models.lifecycle import complete_task, create_task, update_progress
from models.org import ContactChannel, ContactTarget, Person, Unit
from notifications import ledger, pipeline
from notifications.config import NotifyConfig
from tests.builders import add_document, ident
from tests.notifications.conftest import CAL

D = date
AS_OF = D(2024, 4, 25)
RULES = """\
units:
  - {code: DU, name: Đảng ủy, kind: committee, manager: bithu}
  - {code: VP, name: Văn phòng, kind: office, parent: DU, manager: vanthu}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU, manager: cb1}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU, manager: cb2}
people:
  - {code: bithu, name: Bí thư, unit: DU, email: bithu@example.org}
  - {code: vanthu, name: Văn thư, unit: VP, email: vanthu@example.org}
  - {code: cb1, name: Bí thư CB1, unit: CB1, email: cb1@example.org}
  - {code: cb2, name: Bí thư CB2, unit: CB2, email: cb2@example.org, language: en}
duties:
  - {code: BC-QUY, title: Báo cáo quý, owed_by_kind: sub_branch, owed_to: DU,
     preset: decree09-quarterly, starts_on: 2024-01-01}
"""
# CB1's tasks: (title, deadline, stage claimed for cb1); ties on a deadline are ordered by id.
TASKS = [
    ("Rà soát đảng viên", D(2024, 4, 1), "overdue"),
    ("Kiểm tra đảng phí", D(2024, 3, 1), "overdue"),
    ("Tổng kết công tác dân vận", D(2024, 4, 1), "overdue"),
    ("Báo cáo chuyên đề", D(2024, 4, 20), "overdue"),
    ("Học tập nghị quyết", AS_OF, "due"),
    ("Kế hoạch quý III", D(2024, 5, 2), "before-7"),
    ("Sơ kết 6 tháng", D(2024, 4, 28), "before-3"),
    ("Phát triển đảng viên mới", D(2024, 4, 30), "before-7"),
]
_TOKEN = re.compile(r"/(a|u)/[A-Za-z0-9_.\-]+")


def _claims(engine: sa.Engine, tmp_path: Path) -> tuple[list[ledger.Claimed], int, int]:
    """Claims for cb1 (e-mail and a chat) and cb2; the first task's id; the closed one's."""
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    with Session(engine, expire_on_commit=False) as session:
        import_minutes(session, path, "test", CAL)
        generate_all(session, D(2024, 1, 1), D(2024, 6, 30), CAL)
        people = {p.code: p for p in session.exec(select(Person))}
        units = {u.code: u for u in session.exec(select(Unit))}
        cb1, cb2 = ident(people["cb1"]), ident(people["cb2"])
        session.add(ContactTarget(person_id=cb1, channel=ContactChannel.WEBHOOK, address="cb1"))
        document = add_document(session, issued_on=D(2024, 1, 29))
        made = [
            create_task(
                session, document=document, ref=str(n), title=title, lead=units["CB1"],
                due_on=due, actor="t",
            )
            for n, (title, due, _) in enumerate(TASKS, 1)
        ]  # fmt: skip
        update_progress(session, made[1], 40, "cb1", note="Đã kiểm tra 2 trên 5 tổ")
        co_owned = create_task(
            session, document=document, ref="co", title="Phối hợp tuyên truyền",
            lead=units["CB2"], co_owners=[people["cb1"]], due_on=D(2024, 4, 10), actor="t",
        )  # fmt: skip
        closed = create_task(
            session, document=document, ref="done", title="Đã xong", lead=units["CB1"],
            due_on=D(2024, 4, 15), actor="t",
        )  # fmt: skip
        complete_task(session, closed, D(2024, 4, 20), "t", today=AS_OF)
        duties: list[int] = []  # the first quarter's report, owed by both branches
        for unit in ("CB1", "CB2"):
            instance = find_instance(session, "BC-QUY", unit, "2024-Q1")
            assert instance.id is not None
            duties.append(instance.id)
        session.commit()
    rows: list[tuple[int, str, str, str, int, str]] = []
    for channel, address in (("email", "cb1@example.org"), ("webhook", "cb1")):
        rows += [
            (cb1, channel, address, "task", ident(task), stage)
            for task, (_, _, stage) in zip(made, TASKS, strict=True)
        ]
        rows += [
            # Heard of as an owner and as escalation: as the owner (lead), once.
            (cb1, channel, address, "task", ident(made[1]), "escalation"),
            (cb1, channel, address, "task", ident(co_owned), "overdue"),
            (cb1, channel, address, "task", ident(closed), "overdue"),
            (cb1, channel, address, "duty", duties[0], "overdue"),
            (cb1, channel, address, "duty", duties[1], "escalation"),
        ]
    rows.append((cb2, "email", "cb2@example.org", "task", ident(co_owned), "overdue"))
    claims = [
        ledger.Claimed(n, who, channel, address, kind, item, stage, AS_OF.isoformat(), 0)
        for n, (who, channel, address, kind, item, stage) in enumerate(rows, 1)
    ]
    return claims, ident(made[1]), ident(closed)


def _masked(text: str) -> str:
    return _TOKEN.sub(r"/\1/<token>", text)


def _seen(digests: list[pipeline.Digest]) -> list[tuple[object, ...]]:
    return [
        (
            d.recipient,
            d.channel,
            d.row_ids,
            d.size,
            d.rendered.subject,
            *map(_masked, (d.rendered.text, d.rendered.html)),
        )
        for d in digests
    ]


@pytest.mark.usefixtures("web_address")
def test_the_items_shown_are_those_wording_every_item_shows(
    engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims, oldest, closed = _claims(engine, tmp_path)
    config = NotifyConfig(
        channels={"email": "mailto://127.0.0.1:25?from=dondoc@example.org", "webhook": "json://x"},
        tracking_office="VP",
    )
    digests, settled = pipeline.build_digests(engine, claims, AS_OF, config)
    email, chat, english = digests
    assert (email.channel, chat.channel, english.recipient) == ("email", "webhook", "cb2")
    assert email.size == chat.size == 10  # 8 led + 1 co-owned tasks, 2 duty periods as 1 item
    assert "… và 4 việc khác" in email.rendered.text and "… và 7 việc khác" in chat.rendered.text
    # The oldest overdue task is heard of as its lead, not as an escalation.
    first = email.rendered.text.split("\n- ")[2]  # after the escalated duty group
    assert first.startswith("[") and f"(#{oldest})" in first and "chủ trì" in first
    assert "Đã kiểm tra 2 trên 5 tổ" in first
    assert [s.row_ids for s in settled] == [
        (c.id,) for c in claims if (c.item_kind, c.item_id) == ("task", closed)
    ]
    # Every item worded, and cut by the renderer itself: the same messages.
    monkeypatch.setattr(pipeline, "items_shown", lambda channel, max_items: 1000)
    everything, settled_too = pipeline.build_digests(engine, claims, AS_OF, config)
    assert _seen(everything) == _seen(digests)
    assert settled_too == settled


def _unordered(digests: list[pipeline.Digest]) -> list[tuple[str, ...]]:
    """``_seen``, each message's row ids sorted, the messages in one order."""
    return sorted(
        (
            d.recipient,
            d.channel,
            repr(sorted(d.row_ids)),
            str(d.size),
            d.rendered.subject,
            _masked(d.rendered.text),
            _masked(d.rendered.html),
        )
        for d in digests
    )


@pytest.mark.usefixtures("web_address")
def test_claimed_rows_in_any_order_make_the_same_messages(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """``claimed_by`` hands over a message's rows together, and ``build_digests`` gathers
    them a run at a time; rows in any other order (a dry run's come in planning order)
    make the same messages: a task heard of as an owner stays so when its escalation row
    comes first, and a message's rows scattered among others' are one message."""
    claims, oldest, closed = _claims(engine, tmp_path)
    config = NotifyConfig(
        channels={"email": "mailto://127.0.0.1:25?from=dondoc@example.org", "webhook": "json://x"},
        tracking_office="VP",
    )
    together, settled = pipeline.build_digests(engine, claims, AS_OF, config)
    for order in (
        claims[::-1],
        claims[1::2] + claims[::2],
        claims[::3] + claims[1::3] + claims[2::3],
    ):
        assert order != claims
        digests, settled_too = pipeline.build_digests(engine, order, AS_OF, config)
        assert _unordered(digests) == _unordered(together)
        assert sorted(s.row_ids for s in settled_too) == sorted(s.row_ids for s in settled)
    first = next(d for d in together if d.channel == "email" and d.recipient == "cb1")
    assert f"(#{oldest})" in first.rendered.text and f"(#{closed})" not in first.rendered.text
