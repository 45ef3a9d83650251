"""The run report an operator reads: the day's plan, this run's deliveries, and what the
delivery log says was sent today across all runs.

A catch-up run that finds nothing new to send must not read "0 sent, nothing due" when
the morning run sent seventeen: the day's totals come from the delivery log, not from
the run. Labels are in the committee's language, never raw keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.base import table_of
from models.deliveries import DeliveryLog, DeliveryStatus
from models.i18n import format_date, register, t
from models.stage_names import is_before
from notifications.planner import Plan

D = table_of(DeliveryLog)


def plan_counts(planned: Plan) -> dict[str, Any]:
    """Reminders planned by kind and stage (``"task|overdue"``), and how many people."""
    by = Counter(f"{r.item_kind}|{_stage_family(r.stage)}" for r in planned.reminders)
    return {
        "by": dict(sorted(by.items())),
        "recipients": len({r.recipient_id for r in planned.reminders}),
    }


def _stage_family(stage: str) -> str:
    return "before" if is_before(stage) else stage


@dataclass(frozen=True)
class DayTotals:
    """The delivery log's account of one local day (reminders are rows; messages digests)."""

    sent: int = 0
    messages: int = 0
    failed: int = 0
    ambiguous: int = 0
    abandoned: int = 0


def delivered_on(engine: Engine, day: date, timezone: str) -> DayTotals:
    """What every run of ``day`` (committee-local) sent, failed or left uncertain."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), zone)
    end = start + timedelta(days=1)
    with engine.connect() as connection:
        sent, messages = connection.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(D.c.digest_id))).where(
                # Sent rows, and only they, have a send time (``ledger``). No status term:
                # without statistics, SQLite would take the status index for it and
                # read every row ever sent, on every run; the send-time index reads the day's.
                D.c.sent_at >= start,
                D.c.sent_at < end,
            )
        ).one()
        others: dict[Any, int] = dict(
            (status, n)
            for status, n in connection.execute(
                sa.select(D.c.status, sa.func.count())
                .where(
                    D.c.status.in_(
                        [
                            DeliveryStatus.FAILED.value,
                            DeliveryStatus.AMBIGUOUS.value,
                            DeliveryStatus.ABANDONED.value,
                        ]
                    ),
                    D.c.updated_at >= start,
                    D.c.updated_at < end,
                )
                .group_by(D.c.status)
            )
        )

    def count(status: DeliveryStatus) -> int:
        return int(others.get(status.value, others.get(status, 0)))

    return DayTotals(
        int(sent),
        int(messages),
        count(DeliveryStatus.FAILED),
        count(DeliveryStatus.AMBIGUOUS),
        count(DeliveryStatus.ABANDONED),
    )


def _row(lang: str, section: str, what: str, count: int | str) -> dict[str, Any]:
    return {
        t("runrep.col.section", lang): t(f"runrep.section.{section}", lang),
        t("runrep.col.what", lang): what,
        t("runrep.col.count", lang): count,
    }


def report_rows(
    summary: dict[str, Any], deliveries: list[dict[str, Any]], today: DayTotals, lang: str
) -> list[dict[str, Any]]:
    """One table: the plan, today's totals, this run's messages, who cannot be reached."""
    rows = []
    plan = summary.get("plan") or {"by": {}, "recipients": 0}
    for key, n in plan["by"].items():
        kind, stage = key.split("|")
        what = f"{t(f'runrep.kind.{kind}', lang)} — {t(f'runrep.stage.{stage}', lang)}"
        rows.append(_row(lang, "plan", what, n))
    rows.append(_row(lang, "plan", t("runrep.recipients", lang), plan["recipients"]))
    for name in ("sent", "messages", "failed", "ambiguous", "abandoned"):
        rows.append(_row(lang, "today", t(f"runrep.today.{name}", lang), getattr(today, name)))
    for d in deliveries:
        result = "sent" if d["ok"] else ("ambiguous" if d["ambiguous"] else "failed")
        what = t(
            "runrep.delivery",
            lang,
            who=d["recipient"],
            channel=d["channel"],
            result=t(f"runrep.result.{result}", lang),
        )
        if d["error"]:
            what += f" ({d['error']})"
        rows.append(_row(lang, "run", what, d["items"]))
    if not deliveries:
        rows.append(_row(lang, "run", t("runrep.run.none", lang), 0))
    for who in summary["unreachable"]:
        rows.append(_row(lang, "unreachable", who, "—"))
    return rows


def report_title(
    key: str, as_of: date, summary: dict[str, Any], today: DayTotals, lang: str
) -> str:
    return t(
        "runrep.title",
        lang,
        key=key,
        day=format_date(as_of),
        planned=summary["planned"],
        sent=summary["sent"],
        failed=summary["failed"],
        today=today.sent,
        messages=today.messages,
        unreachable=len(summary["unreachable"]),
    )


register(
    {
        "runrep.title": {
            "vi": (
                "{key} ngày {day}: kế hoạch {planned} nhắc việc; lần chạy này gửi {sent} tin,"
                " lỗi {failed}; cả ngày đã gửi {today} nhắc việc trong {messages} tin;"
                " {unreachable} người không liên lạc được"
            ),
            "en": (
                "{key} on {day}: {planned} reminders planned; this run sent {sent} messages,"
                " {failed} failed; today so far {today} reminders sent in {messages} messages;"
                " {unreachable} cannot be reached"
            ),
        },
        "runrep.col.section": {"vi": "Phần", "en": "Section"},
        "runrep.col.what": {"vi": "Nội dung", "en": "What"},
        "runrep.col.count": {"vi": "Số lượng", "en": "Count"},
        "runrep.section.plan": {"vi": "Kế hoạch hôm nay", "en": "Today's plan"},
        "runrep.section.today": {"vi": "Đã gửi hôm nay (mọi lần chạy)", "en": "Today, all runs"},
        "runrep.section.run": {"vi": "Lần chạy này", "en": "This run"},
        "runrep.section.unreachable": {"vi": "Không liên lạc được", "en": "Cannot be reached"},
        "runrep.kind.task": {"vi": "Nhiệm vụ", "en": "Tasks"},
        "runrep.kind.duty": {"vi": "Báo cáo, sinh hoạt định kỳ", "en": "Reports and meetings"},
        "runrep.kind.request": {"vi": "Đề nghị chờ duyệt", "en": "Requests to decide"},
        "runrep.stage.before": {"vi": "sắp đến hạn", "en": "falling due"},
        "runrep.stage.due": {"vi": "đến hạn hôm nay", "en": "due today"},
        "runrep.stage.overdue": {"vi": "quá hạn", "en": "overdue"},
        "runrep.stage.escalation": {"vi": "báo cáo cấp trên", "en": "escalated"},
        "runrep.stage.waiting": {"vi": "nhắc người duyệt", "en": "approver reminded"},
        "runrep.recipients": {"vi": "Số người nhận", "en": "People to remind"},
        "runrep.today.sent": {"vi": "Nhắc việc đã gửi", "en": "Reminders sent"},
        "runrep.today.messages": {"vi": "Tin đã gửi", "en": "Messages sent"},
        "runrep.today.failed": {"vi": "Gửi lỗi, sẽ thử lại", "en": "Failed, to be retried"},
        "runrep.today.ambiguous": {
            "vi": "Không rõ đã đến chưa",
            "en": "Outcome unknown (may have arrived)",
        },
        "runrep.today.abandoned": {"vi": "Bỏ, không gửi được", "en": "Given up"},
        "runrep.delivery": {
            "vi": "{who} qua {channel}: {result}",
            "en": "{who} via {channel}: {result}",
        },
        "runrep.result.sent": {"vi": "đã gửi", "en": "sent"},
        "runrep.result.failed": {"vi": "lỗi", "en": "failed"},
        "runrep.result.ambiguous": {"vi": "không rõ", "en": "unknown"},
        "runrep.run.none": {
            "vi": "Không có tin mới cần gửi",
            "en": "Nothing new to send",
        },
    }
)
