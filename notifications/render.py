"""Digests: one message per recipient and channel, listing every item due for them.

Vietnamese by default, English for people who chose it. User text (titles, names) is
escaped, so a task called "<b>" prints as written in HTML e-mail and chat alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from models.i18n import label, register, t
from models.queries import TaskRow


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
    text: str  # plain text: dry runs, the outbox, chat services without markup
    html: str  # what Apprise sends: e-mail gets HTML plus a text part derived from it


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


def _sorted(items: list[DigestItem]) -> list[DigestItem]:
    def key(item: DigestItem) -> tuple[int, int, int]:
        late = item.stage in ("overdue", "escalation")
        return (item.rank, -item.days if late else item.days, item.task.id)

    return sorted(items, key=key)


def render_digest(name: str, items: list[DigestItem], lang: str) -> Rendered:
    items = _sorted(items)
    overdue = sum(1 for i in items if i.stage in ("overdue", "escalation"))
    subject = t("notify.subject", lang, n=len(items), overdue=overdue)
    greeting, intro, footer = (
        t("notify.greeting", lang, name=name),
        t("notify.intro", lang),
        t("notify.footer", lang),
    )
    text = [greeting, "", intro, ""]
    html = [f"<p>{escape(greeting)}</p>", f"<p>{escape(intro)}</p>", "<ul>"]
    for item in items:
        row = item.task
        heading = f"[{label(row.document_kind, lang)} {row.document_number}] {row.title}"
        owners = t("notify.lead", lang, who=f"{row.lead_code} — {row.lead_name}")
        if row.co_owners:
            owners += "; " + t("notify.co_owners", lang, who=", ".join(c for c, _ in row.co_owners))
        role = t("notify.role", lang, role=t(f"notify.role.{item.role}", lang))
        when, deadline = _when(item, lang), _deadline(row, lang)
        text += [f"- {heading} (#{row.id})", f"  {deadline} — {when}", f"  {owners}. {role}"]
        html.append(
            f"<li><b>{escape(heading)}</b> (#{row.id})<br>{escape(deadline)} — "
            f"<b>{escape(when)}</b><br>{escape(owners)}. {escape(role)}</li>"
        )
    text += ["", footer]
    html += ["</ul>", f"<p><small>{escape(footer)}</small></p>"]
    return Rendered(subject, "\n".join(text), "\n".join(html))


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
