"""The weekly manager digest: a row per unit below the manager, counts that match the
lists, real SMTP and webhook delivery once a week, and golden renders in both languages.

Set DONDOC_UPDATE_GOLDEN=1 to rewrite the golden files (then review them by eye).
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import date
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from documents.minutes import import_minutes
from models.db import make_engine
from models.duty_lifecycle import generate_all
from models.links import FooterLinks
from models.queries import TaskFilter, list_tasks, unit_scope
from models.settings import get_settings
from models.sqlread import SqlAlchemyReader
from models.status import TaskStatus
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.kinds.manager_digest import deliver_digests, plan_digests, preview_digests
from notifications.kinds.manager_digest_text import (
    DigestLinks,
    overview_table,
    render_manager_chat,
    render_manager_digest,
)
from notifications.kinds.unit_figures import UnitState, collect, overview
from notifications.render import CHAT_MAX_CHARS
from tests.notifications.conftest import CAL, TZ
from tests.peers import SmtpSink, WebhookSink, body_of

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2024, 4, 22)  # a Monday
MINUTES = """\
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee, manager: bithu}
  - {code: VP, name: Văn phòng Đảng ủy, kind: office, parent: DU, manager: vanthu}
  - {code: CB1, name: Chi bộ Sáng chế, kind: sub_branch, parent: DU, manager: cb1}
  - {code: CB2, name: Chi bộ Nhãn hiệu, kind: sub_branch, parent: DU, manager: cb2}
  - {code: CB3, name: Chi bộ Kiểu dáng, kind: sub_branch, parent: DU}
people:
  - {code: bithu, name: Lưu Hoàng Long, unit: DU, email: bithu@example.org}
  - {code: vanthu, name: Nguyễn Thu Trang, unit: VP, chat: {webhook: vanthu}}
  - {code: cb1, name: Đỗ Thị Mai, unit: CB1, email: cb1@example.org}
  - {code: cb2, name: Phạm Văn Hùng, unit: CB2, email: cb2@example.org, language: en}
duties:
  - {code: SH-CHIBO, title: Sinh hoạt chi bộ, kind: meeting, owed_by_kind: sub_branch,
     cadence: monthly, due_rule: day_of_last_month, due_value: 31,
     roll: previous_working_day, starts_on: 2024-01-01}
  - {code: BC-QUY, title: Báo cáo quý, owed_by_kind: sub_branch, owed_to: DU,
     preset: decree09-quarterly, starts_on: 2024-01-01}
documents:
  - kind: resolution
    number: 01-NQ/ĐU
    issuing_body: Đảng ủy Cục
    issued_on: 2024-01-29
    title: Nghị quyết về nhiệm vụ trọng tâm năm 2024
    tasks:
      - {ref: "1", title: Rà soát quy trình xử lý đơn sáng chế, lead: CB1,
         deadline: 2024-03-15}
      - {ref: "2", title: Tuyên truyền về nhãn hiệu tập thể, lead: CB2, co_owners: [CB1],
         deadline: 2024-04-19}
      - {ref: "3", title: Tổng kết công tác kiểu dáng, lead: CB3, deadline: 2024-04-30,
         completed_on: 2024-04-17}
      - {ref: "4", title: Chuẩn bị hội nghị giữa nhiệm kỳ, lead: VP, deadline: 2024-02-29,
         completed_on: 2024-03-05}
      - {ref: "5", title: Kế hoạch kiểm tra năm 2024, lead: bithu, deadline: 2024-06-28}
      - {ref: "6", title: "Sửa <quy chế> làm việc & lề lối", lead: CB1, deadline: 2024-04-05}
"""
LINKS = DigestLinks(
    "https://dondoc.example.vn",
    FooterLinks(
        "https://dondoc.example.vn/",
        "https://dondoc.example.vn/me/notifications",
        "https://dondoc.example.vn/u/TOKEN",
    ),
)


def load(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "minutes.yaml"
    path.write_text(MINUTES, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        generate_all(session, date(2024, 1, 1), date(2024, 12, 31), CAL)
        session.commit()


def unit_id(engine: sa.Engine, code: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(sa.text("SELECT id FROM unit WHERE code = :c"), {"c": code}).one()[0]
        )


def committee(engine: sa.Engine, top: int = 10) -> UnitState:
    du = unit_id(engine, "DU")
    return collect(engine, AS_OF, [du], top)[du]


def test_a_row_per_unit_below_and_counts_that_match_the_lists(
    engine: sa.Engine, tmp_path: Path
) -> None:
    load(engine, tmp_path)
    state = committee(engine)
    assert [r.code for r in state.rows] == ["CB1", "CB2", "CB3", "VP", "DU"]
    assert state.rows[-1].total and not any(r.total for r in state.rows[:-1])
    by_code = {r.code: r for r in state.rows}
    # Week over week: task 2 fell overdue, task 3 was done on time.
    assert by_code["CB2"].change(TaskStatus.OVERDUE) == 1
    assert by_code["CB2"].change(TaskStatus.IN_PROGRESS) == -1
    assert by_code["CB3"].count(TaskStatus.DONE_ON_TIME) == 1
    assert by_code["CB3"].change(TaskStatus.DONE_ON_TIME) == 1
    assert by_code["VP"].count(TaskStatus.DONE_LATE) == 1
    # The counts and the lists come from the same scope (what each unit leads): every
    # unit's overdue count is the length of a plain reading of its overdue tasks.
    ids = {code: unit_id(engine, code) for code in ("DU", "CB1", "CB2", "CB3", "VP")}
    states = collect(engine, AS_OF, list(ids.values()))
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        for code, uid in ids.items():
            led = list_tasks(reader, TaskFilter(unit_ids=unit_scope(reader, code)), AS_OF)
            late = [r.id for r in led if r.status.status is TaskStatus.OVERDUE]
            state = states[uid]
            assert state.rows[-1].count(TaskStatus.OVERDUE) == state.overdue_total == len(late)
            assert sorted(r.id for r in state.overdue) == sorted(late)
    cb1 = collect(engine, AS_OF, [unit_id(engine, "CB1")])[unit_id(engine, "CB1")]
    assert [r.code for r in cb1.rows] == ["CB1"]  # a unit without sub-units: its own row
    assert cb1.co_owned_overdue == 1  # task 2, led by CB2: counted apart, not in the list
    assert [r.title for r in cb1.overdue] == [
        "Rà soát quy trình xử lý đơn sáng chế",
        "Sửa <quy chế> làm việc & lề lối",
    ]  # longest overdue first
    capped = committee(engine, top=2)
    assert len(capped.overdue) == 2 and capped.overdue_total == 3
    groups = {(g.duty_code, g.period_key): len(g.rows) for g in capped.duty_groups}
    assert groups[("SH-CHIBO", "2024-01")] == 3  # one item for the three sub-branches


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DONDOC_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with DONDOC_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (DONDOC_UPDATE_GOLDEN=1)"


def test_golden_renders_in_both_languages(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)  # one backend: the render, not the database, is the subject
    load(engine, tmp_path)
    state = committee(engine, top=2)
    for lang, name in (("vi", "Lưu Hoàng Long"), ("en", "Luu Hoang Long")):
        mail = render_manager_digest(name, [state], AS_OF, lang, LINKS)
        _golden(f"manager_{lang}.html", f"<!-- {mail.subject} -->\n{mail.html}\n")
        _golden(f"manager_{lang}.txt", f"{mail.subject}\n\n{mail.text}\n")
        chat = render_manager_chat([state], AS_OF, lang, LINKS)
        _golden(f"manager_chat_{lang}.txt", f"{chat.text}\n")
        assert len(chat.text) < 300 and "\n" not in chat.text
    english = render_manager_digest("Long", [state], AS_OF, "en", None)
    for wrong in ("item(s)", "2024-04", "longest first:\n\n", "http"):
        assert wrong not in english.text  # no web address configured: no links at all
    assert "2 of 3 overdue tasks, longest first:" in english.text
    assert "&lt;quy chế&gt; làm việc &amp; lề lối" in english.html  # titles escaped


def test_overview_compares_every_unit_in_one_table(engine: sa.Engine, tmp_path: Path) -> None:
    load(engine, tmp_path)
    table = overview_table(overview(engine, AS_OF), "vi")
    assert [row["Đơn vị"] for row in table] == [
        "DU — Đảng ủy Cục",
        "CB1 — Chi bộ Sáng chế",
        "CB2 — Chi bộ Nhãn hiệu",
        "CB3 — Chi bộ Kiểu dáng",
        "VP — Văn phòng Đảng ủy",
    ]
    assert table[0]["Quá hạn"] == "3 (+1)" and table[0]["Tỷ lệ đúng hạn"] == "50,0% (+50,0)"
    assert table[2]["Tỷ lệ quá hạn"] == "100,0% (+100,0)"


def run(engine: sa.Engine, config: NotifyConfig, day: date) -> int:
    at = pendulum.datetime(day.year, day.month, day.day, 8, 0, tz=TZ).in_timezone("UTC")
    token = str(uuid.uuid4())
    planned, states = plan_digests(engine, day, config)
    ledger.claim_new(engine, planned.reminders, token, at)
    return deliver_digests(engine, token, day, at, config, states).sent


def test_each_manager_hears_once_a_week_by_mail_and_chat(
    engine: sa.Engine, config: NotifyConfig, smtp: SmtpSink, webhook: WebhookSink, tmp_path: Path
) -> None:
    load(engine, tmp_path)
    assert run(engine, config, AS_OF) == 4
    mails = {str(m["To"]): m for m in smtp.messages}
    assert sorted(mails) == ["bithu@example.org", "cb1@example.org", "cb2@example.org"]
    committee_mail = mails["bithu@example.org"]
    html, text = body_of(committee_mail, "html"), body_of(committee_mail, "plain")
    assert (
        "<table" in html and html.count("<tr>") == 11
    )  # a header, then a name and a figures line per unit
    assert "Toàn DU" in text and "quá hạn 38 ngày" in text
    assert "Sinh hoạt chi bộ, tháng 1 năm 2024: 3 đơn vị chưa thực hiện" in text
    english = body_of(mails["cb2@example.org"], "plain")
    assert "Overdue tasks (1), longest first:" in english and "overdue for 3 days" in english
    (chat,) = webhook.to("vanthu")
    message = json.dumps(chat, ensure_ascii=False)
    assert "VP: quá hạn 0" in message and "Kính gửi" not in message and len(message) < 600
    assert run(engine, config, date(2024, 4, 24)) == 0  # same week: nothing again
    assert run(engine, config, date(2024, 4, 29)) == 4  # next week: again
    assert len(smtp.messages) == 6


def test_the_demo_digests_stay_short(
    sqlite_url: str, config: NotifyConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo committee on its Monday (15/07/2024), links on: no manager's e-mail runs
    over 60 lines; a chat message stays within the chats' bound (``CHAT_MAX_CHARS``)
    though it carries the e-mail's at-risk lines (three a heading, titles shortened)."""
    from cli.demo_commands import _demo_submissions
    from tests.web.conftest import load_demo

    monkeypatch.setenv("DONDOC_WEB_URL", "https://dondoc.example.vn")
    monkeypatch.setenv("DONDOC_WEB_SECRET", "s" * 40)
    get_settings.cache_clear()
    engine = make_engine(sqlite_url)
    load_demo(engine)
    with Session(engine) as session:
        _demo_submissions(session)
        session.commit()
    config.channels["telegram"] = config.channels["webhook"]  # the demo's chat targets
    try:
        digests = preview_digests(engine, date(2024, 7, 15), config)
    finally:
        get_settings.cache_clear()
    mails = {
        d.recipient: len(d.rendered.text.splitlines()) for d in digests if d.channel == "email"
    }
    assert len(mails) >= 10 and max(mails.values()) <= 60, mails
    assert mails["long.lh"] == max(mails.values())  # the committee secretary's is the longest
    chats = [d.rendered for d in digests if d.channel != "email"]
    assert chats and all(max(len(c.text), len(c.html)) <= CHAT_MAX_CHARS for c in chats)
    (secretary,) = [
        d.rendered.text for d in digests if d.recipient == "long.lh" and d.channel != "email"
    ]
    assert "Nhiệm vụ có nguy cơ chậm (4; cảnh báo" in secretary
    assert secretary.count("\n- ") == 3  # the first three of four, as in the e-mail


def _ledger_of(engine: sa.Engine, kind: str) -> list[tuple[object, ...]]:
    """Each row of one item kind as a run would leave it: status, tries, owner."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, status, attempts, uncertain_sends, claim_token, last_error"
                " FROM delivery_log WHERE item_kind = :k ORDER BY id"
            ),
            {"k": kind},
        )
        return [tuple(r) for r in rows]


def _manager_run(engine: sa.Engine, config: NotifyConfig, at: pendulum.DateTime) -> int:
    """The manager-digest run as the flow does it: plan, claim (and reclaim), send."""
    from notifications.pipeline import claim

    day = at.in_timezone(TZ).date()
    token = str(uuid.uuid4())
    planned, states = plan_digests(engine, day, config)
    claim(engine, planned, token, at, config)
    return deliver_digests(engine, token, day, at, config, states).sent


def test_each_run_settles_and_retries_only_its_own_kind(
    engine: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, tmp_path: Path
) -> None:
    """A failed manager digest survives a morning run and is retried by the next manager
    run; a failed task reminder is left alone by a manager run, for the next morning's."""
    from notifications.run import run_once
    from tests.peers import free_port, smtp_url

    load(engine, tmp_path)
    down = NotifyConfig(
        channels={"email": smtp_url(free_port()), "webhook": webhook.url()},
        tracking_office="VP",
        send_retries=0,
    )
    up = NotifyConfig(
        channels={"email": smtp.url(), "webhook": webhook.url()}, tracking_office="VP"
    )
    monday = pendulum.datetime(2024, 4, 22, 8, 0, tz=TZ)
    # 08:00: the manager digests by e-mail fail (the chat one goes).
    assert _manager_run(engine, down, monday) == 1
    failed_digests = _ledger_of(engine, "manager_digest")
    assert {r[1] for r in failed_digests} == {"failed", "sent"}
    # 10:00, after the back-off: a morning run with mail working leaves them as they are.
    morning = run_once(engine, AS_OF, monday.add(hours=2), up, CAL, TZ)
    assert morning.sent > 0
    assert _ledger_of(engine, "manager_digest") == failed_digests
    assert all("Toàn DU" not in body_of(m, "plain") for m in smtp.messages)
    # The next morning, mail down: task reminders fail ...
    tuesday = monday.add(days=1)
    smtp.clear()
    failing = run_once(engine, date(2024, 4, 23), tuesday, down, CAL, TZ)
    assert failing.failed > 0
    failed_tasks = _ledger_of(engine, "task")
    # ... and the manager run that retries its own digests leaves them to the morning run.
    assert _manager_run(engine, up, tuesday.add(hours=2)) == 3
    assert sorted(str(m["To"]) for m in smtp.messages) == [
        "bithu@example.org",
        "cb1@example.org",
        "cb2@example.org",
    ]
    assert {r[1] for r in _ledger_of(engine, "manager_digest")} == {"sent"}
    assert _ledger_of(engine, "task") == failed_tasks
