"""Digests: one message per recipient and channel, listing every item due for them.

Vietnamese by default, English for people who chose it. User text (titles, names) is
escaped, so a task called "<b>" prints as written in HTML e-mail and chat alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.i18n import label, register, t
from models.queries import TaskRow

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~>-])")


def escape(text: str) -> str:
    """Make user text inert in Markdown and in the HTML made from it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class DigestItem:
    task: TaskRow
    stage: str
    days: int
    role: str  # "lead", "co_owner", "escalation"

    @property
    def rank(self) -> int:
        order = {"escalation": 0, "overdue": 1, "due": 2}
        return order.get(self.stage, 3)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def _when(item: DigestItem, lang: str) -> str:
    if item.stage in ("overdue", "escalation"):
        return t("notify.overdue_days", lang, n=item.days)
    if item.days == 0:
        return t("notify.due_today", lang)
    return t("notify.days_left", lang, n=item.days)


def _deadline(row: TaskRow, lang: str) -> str:
    assert row.due_on is not None
    text = t("notify.deadline", lang, date=_fmt(row.due_on, lang))
    if row.extended and row.original_due_on is not None:
        text += " " + t("notify.original", lang, date=_fmt(row.original_due_on, lang))
    return text


def _fmt(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def render_digest(name: str, items: list[DigestItem], lang: str) -> Rendered:
    items = sorted(
        items,
        key=lambda i: (
            i.rank,
            -i.days if i.stage in ("overdue", "escalation") else i.days,
            i.task.id,
        ),
    )
    overdue = sum(1 for i in items if i.stage in ("overdue", "escalation"))
    subject = t("notify.subject", lang, n=len(items), overdue=overdue)
    lines = [t("notify.greeting", lang, name=escape(name)), "", t("notify.intro", lang), ""]
    for item in items:
        row = item.task
        owners = t("notify.lead", lang, who=escape(f"{row.lead_code} — {row.lead_name}"))
        if row.co_owners:
            co = ", ".join(escape(code) for code, _ in row.co_owners)
            owners += "; " + t("notify.co_owners", lang, who=co)
        heading = f"{label(row.document_kind, lang)} {escape(row.document_number)}"
        lines += [
            f"- **[{heading}] {escape(row.title)}** (#{row.id})",
            f"  {_deadline(row, lang)} — **{_when(item, lang)}**",
            f"  {owners}. {t('notify.role', lang, role=t(f'notify.role.{item.role}', lang))}",
        ]
    lines += ["", t("notify.footer", lang)]
    return Rendered(subject, "\n".join(lines))


register(
    {
        "notify.subject": {
            "vi": "[Đôn đốc] {n} nhiệm vụ cần chú ý ({overdue} quá hạn)",
            "en": "[dondoc] {n} task(s) need attention ({overdue} overdue)",
        },
        "notify.greeting": {"vi": "Kính gửi đồng chí {name},", "en": "Dear {name},"},
        "notify.intro": {
            "vi": "Các nhiệm vụ sau sắp đến hạn hoặc đã quá hạn:",
            "en": "These tasks fall due soon or are overdue:",
        },
        "notify.deadline": {"vi": "Thời hạn {date}", "en": "Deadline {date}"},
        "notify.original": {"vi": "(ban đầu {date})", "en": "(originally {date})"},
        "notify.overdue_days": {"vi": "quá hạn {n} ngày", "en": "overdue for {n} days"},
        "notify.due_today": {"vi": "hết hạn hôm nay", "en": "due today"},
        "notify.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
        "notify.lead": {"vi": "Chủ trì: {who}", "en": "Lead: {who}"},
        "notify.co_owners": {"vi": "Phối hợp: {who}", "en": "Co-owners: {who}"},
        "notify.role": {"vi": "Vai trò của đồng chí: {role}.", "en": "Your role: {role}."},
        "notify.role.lead": {"vi": "chủ trì", "en": "lead"},
        "notify.role.co_owner": {"vi": "phối hợp", "en": "co-operating"},
        "notify.role.escalation": {
            "vi": "theo dõi, đôn đốc (báo cáo vượt cấp)",
            "en": "follow-up (escalated to you)",
        },
        "notify.footer": {
            "vi": "Thư tự động của hệ thống theo dõi thực hiện nghị quyết (dondoc).",
            "en": "An automatic message from the resolution follow-up tracker (dondoc).",
        },
    }
)
