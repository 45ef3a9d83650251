"""Digests: one message per recipient and channel, listing every item due for them.

Vietnamese by default, English for people who chose it. User text (titles, names) is
escaped, so a task called "<b>" prints as written in HTML e-mail and chat alike.

The digest is HTML; Apprise converts it into each chat's markup and escapes text as it
does (Markdown for Mattermost, Google Chat and Teams, mrkdwn for Slack, Telegram's
HTML). A chat that renders Markdown in a message Apprise sends as plain text would turn a
title like ``[click me](http://...)`` into a live link: ``with_chat_markup`` asks Apprise
for Markdown there, so the conversion escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from models.duties import DutyKind
from models.duty_queries import DutyRow
from models.i18n import format_date, label, register, t
from models.queries import TaskRow


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest, already in the reader's language (tasks and duties alike)."""

    kind: str  # "task" | "duty"
    id: int
    heading: str  # "[Nghị quyết 01-NQ/ĐU] title" / "[Báo cáo 2024-Q1] title"
    due_on: date
    original_due_on: date | None  # shown when an extension moved the deadline
    owners: str
    stage: str
    days: int
    role: str  # "lead", "co_owner", "escalation"

    @property
    def rank(self) -> int:
        order = {"escalation": 0, "overdue": 1, "due": 2}
        return order.get(self.stage, 3)

    @property
    def late(self) -> bool:
        return self.stage in ("overdue", "escalation")


def task_item(row: TaskRow, stage: str, days: int, role: str, lang: str) -> DigestItem:
    assert row.due_on is not None
    owners = t("notify.lead", lang, who=f"{row.lead_code} — {row.lead_name}")
    if row.co_owners:
        owners += "; " + t("notify.co_owners", lang, who=", ".join(c for c, _ in row.co_owners))
    heading = f"[{label(row.document_kind, lang)} {row.document_number}] {row.title} (#{row.id})"
    original = row.original_due_on if row.extended else None
    return DigestItem("task", row.id, heading, row.due_on, original, owners, stage, days, role)


def duty_item(row: DutyRow, stage: str, days: int, role: str, lang: str) -> DigestItem:
    heading = f"[{label(DutyKind(row.duty_kind), lang)} {row.period_key}] {row.duty_title}"
    owners = t("notify.owing_unit", lang, who=f"{row.unit_code} — {row.unit_name}")
    return DigestItem("duty", row.instance_id, heading, row.due_on, None, owners, stage, days, role)


# Chat apps that render Markdown even in what Apprise sends them as plain text.
_MARKDOWN_RENDERING_TEXT_PLUGINS = ("mmost://", "mmosts://")


def with_chat_markup(url: str) -> str:
    """``url`` asking Apprise to convert digests into the markup the chat app renders."""
    if url.startswith(_MARKDOWN_RENDERING_TEXT_PLUGINS) and "format=" not in url:
        return url + ("&" if "?" in url else "?") + "format=markdown"
    return url


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str  # plain text: dry runs, the outbox, chat services without markup
    html: str  # what Apprise sends: e-mail gets HTML plus a text part derived from it


def _when(item: DigestItem, lang: str) -> str:
    if item.late:
        return t("notify.overdue_days", lang, n=item.days)
    if item.days == 0:
        return t("notify.due_today", lang)
    return t("notify.days_left", lang, n=item.days)


def _deadline(item: DigestItem, lang: str) -> str:
    text = t("notify.deadline", lang, date=_fmt(item.due_on, lang))
    if item.original_due_on is not None:
        text += " " + t("notify.original", lang, date=_fmt(item.original_due_on, lang))
    return text


def _fmt(day: date, lang: str) -> str:
    return format_date(day)  # dd/mm/yyyy in both languages: what people here write


def _sorted(items: list[DigestItem]) -> list[DigestItem]:
    def key(item: DigestItem) -> tuple[int, int, str, int]:
        return (item.rank, -item.days if item.late else item.days, item.kind, item.id)

    return sorted(items, key=key)


DEFAULT_MAX_ITEMS = 50


def _links(recipient_id: int | None, item: DigestItem, lang: str) -> list[tuple[str, str]]:
    """(label, address) of the task's page and its one-click actions, if there is a web app."""
    from models.links import task_links

    found = task_links(recipient_id, item.id) if recipient_id and item.kind == "task" else None
    if found is None:
        return []
    actions = [(t(f"notify.link.{a}", lang), url) for a, url in found.actions.items()]
    return [(t("notify.link.page", lang), found.page), *actions]


def render_digest(
    name: str,
    items: list[DigestItem],
    lang: str,
    max_items: int = DEFAULT_MAX_ITEMS,
    recipient_id: int | None = None,
) -> Rendered:
    """The most urgent ``max_items`` in full, then how many more: a digest people read."""
    items = _sorted(items)
    overdue = sum(1 for i in items if i.late)
    subject = t("notify.subject", lang, n=len(items), overdue=overdue)
    items, rest = items[:max_items], len(items) - min(len(items), max_items)
    greeting, intro, footer = (
        t("notify.greeting", lang, name=name),
        t("notify.intro", lang),
        t("notify.footer", lang),
    )
    text = [greeting, "", intro, ""]
    html = [f"<p>{escape(greeting)}</p>", f"<p>{escape(intro)}</p>", "<ul>"]
    for item in items:
        role = t("notify.role", lang, role=t(f"notify.role.{item.role}", lang))
        when, deadline = _when(item, lang), _deadline(item, lang)
        text += [f"- {item.heading}", f"  {deadline} — {when}", f"  {item.owners}. {role}"]
        links = _links(recipient_id, item, lang)
        text += [f"  {label}: {url}" for label, url in links]
        html.append(
            f"<li><b>{escape(item.heading)}</b><br>{escape(deadline)} — "
            f"<b>{escape(when)}</b><br>{escape(item.owners)}. {escape(role)}"
            + "".join(f'<br><a href="{escape(u)}">{escape(n)}</a>' for n, u in links)
            + "</li>"
        )
    html.append("</ul>")
    if rest:
        more = t("notify.more", lang, n=rest)
        text += [f"- {more}"]
        html.append(f"<p>{escape(more)}</p>")
    text += ["", footer]
    html.append(f"<p><small>{escape(footer)}</small></p>")
    return Rendered(subject, "\n".join(text), "\n".join(html))


register(
    {
        "notify.subject": {
            "vi": "[Đôn đốc] {n} việc cần chú ý ({overdue} quá hạn)",
            "en": "[dondoc] {n} item(s) need attention ({overdue} overdue)",
        },
        "notify.greeting": {"vi": "Kính gửi đồng chí {name},", "en": "Dear {name},"},
        "notify.intro": {
            "vi": "Các việc sau sắp đến hạn hoặc đã quá hạn:",
            "en": "These fall due soon or are overdue:",
        },
        "notify.deadline": {"vi": "Thời hạn {date}", "en": "Deadline {date}"},
        "notify.original": {"vi": "(ban đầu {date})", "en": "(originally {date})"},
        "notify.overdue_days": {"vi": "quá hạn {n} ngày", "en": "overdue for {n} days"},
        "notify.due_today": {"vi": "hết hạn hôm nay", "en": "due today"},
        "notify.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
        "notify.lead": {"vi": "Chủ trì: {who}", "en": "Lead: {who}"},
        "notify.co_owners": {"vi": "Phối hợp: {who}", "en": "Co-owners: {who}"},
        "notify.owing_unit": {"vi": "Đơn vị thực hiện: {who}", "en": "Owed by: {who}"},
        "notify.role": {"vi": "Vai trò của đồng chí: {role}.", "en": "Your role: {role}."},
        "notify.role.lead": {"vi": "chủ trì", "en": "lead"},
        "notify.role.co_owner": {"vi": "phối hợp", "en": "co-operating"},
        "notify.role.escalation": {
            "vi": "theo dõi, đôn đốc (báo cáo vượt cấp)",
            "en": "follow-up (escalated to you)",
        },
        "notify.more": {
            "vi": "… và {n} việc khác ít khẩn cấp hơn (xem đầy đủ trong hệ thống theo dõi).",
            "en": "… and {n} less urgent items (see the tracker for all of them).",
        },
        "notify.link.page": {"vi": "Xem nhiệm vụ", "en": "Open the task"},
        "notify.link.done": {"vi": "Báo đã hoàn thành", "en": "Report it done"},
        "notify.link.progress": {"vi": "Cập nhật tiến độ", "en": "Report progress"},
        "notify.link.extend": {"vi": "Đề nghị gia hạn", "en": "Ask for an extension"},
        "notify.footer": {
            "vi": "Thư tự động của hệ thống theo dõi thực hiện nghị quyết (dondoc).",
            "en": "An automatic message from the resolution follow-up tracker (dondoc).",
        },
    }
)
