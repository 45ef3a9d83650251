"""Digests: one message per recipient and channel, listing every item due for them.

Vietnamese by default, English for people who chose it. User text (titles, names) is
escaped, so a task called "<b>" prints as written in HTML e-mail and chat alike.

Two shapes. E-mail gets the full digest: HTML, and a plain-text part written here (not
derived by Apprise, whose conversion drops link addresses). Every other channel is a
chat: a short message (the counts, the three most urgent items, one link) under
``CHAT_MAX_CHARS``, which Apprise converts into the chat's own markup (Markdown for
Mattermost, Google Chat and Teams, mrkdwn for Slack, Telegram's HTML). A group chat (a
Slack ``#channel``, a Telegram group's negative chat id) gets no salutation.

A chat that renders Markdown in a message Apprise sends as plain text would turn a
title like ``[click me](http://...)`` into a live link: ``with_chat_markup`` asks Apprise
for Markdown there, so the conversion escapes it.

Speed: an item's words are the same for every recipient with the same language, role
and stage, so its fragment is built once per run (``Fragments``) and reused; only the
per-person one-click links are added per recipient, and only for the items shown. A run
need not word the items a message only counts: given ``Counts`` of them all, the
renderers take just the most urgent ones, chosen by the same ``urgency`` that orders them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape

import models.awaiting  # noqa: F401  ("awaiting.completion": its words)
from models.duties import DutyKind
from models.duty_groups import DutyGroup
from models.i18n import format_date, label, register, t
from models.item_kinds import ItemKind
from models.links import (
    FooterLinks,
    duties_page,
    footer_links,
    my_work_page,
    task_links,
    task_page,
)
from models.periods import period_words
from models.queries import TaskRow
from models.recipient_roles import RecipientRole
from models.request_queries import WaitingRequest
from models.settings import get_settings
from models.stage_names import StageName

CHAT_MAX_CHARS = 1000  # a chat message (text and markup) never exceeds this
CHAT_ITEMS = 3  # the most urgent items a chat message names
_CHAT_TITLE_CHARS = 140
_UNITS_LISTED = 12  # unit codes named in a duty group; the rest are counted
DEFAULT_MAX_ITEMS = 6  # e-mail: items in full (the rest counted), so a digest stays short
LATE_STAGES = (StageName.OVERDUE, StageName.ESCALATION)
# Requests waiting for the reader's decision come first, before escalations: someone is
# held up until the reader answers (an extension asked for runs into its deadline, work
# reported done is not counted done), the reader alone can settle it, in one visit to
# the task page, and there are few (one per task and kind at most). Ranked after the
# overdue work, they would fall under the ``digest_max_items`` cap exactly in the
# messages of the busy managers they are for.
_STAGE_RANKS: dict[str, int] = {
    StageName.WAITING: 0,
    StageName.ESCALATION: 1,
    StageName.OVERDUE: 2,
    StageName.DUE: 3,
}
_LONGEST_FIRST = (*LATE_STAGES, StageName.WAITING)  # the longest overdue, the longest waiting first


def stage_rank(stage: str) -> int:
    """Requests waiting for a decision first, then escalations, overdue, due today, and
    reminders ahead."""
    return _STAGE_RANKS.get(stage, 4)


def urgency(stage: str, days: int, kind: ItemKind, item_id: int) -> tuple[int, int, str, int]:
    """An item's place in a message, most urgent first: by stage, the longest overdue (or
    waiting) and the soonest due first, then by kind and id. The one rule that orders a
    message's items and so chooses those it shows in full."""
    return (stage_rank(stage), -days if stage in _LONGEST_FIRST else days, kind, item_id)


@dataclass(frozen=True)
class DigestItem:
    """One entry of a digest, already in the reader's language (a task, a duty group, or a
    request waiting for the reader's decision)."""

    kind: ItemKind  # TASK, DUTY or REQUEST
    id: int  # the task, the first duty instance of the group, or the request
    heading: str  # "[Nghị quyết 01-NQ/ĐU] title (#12)" / "Sinh hoạt chi bộ — tháng 1 năm 2024"
    due_on: date  # a request: the deadline asked for, or the day reported done
    original_due_on: date | None  # shown when an extension moved the deadline
    owners: str  # lead and co-owners, the units that have not delivered, or who asked when
    stage: str
    days: int  # days left or overdue; a request: days it has waited
    role: RecipientRole
    progress: int | None = None  # tasks: per cent done
    note: str | None = None  # the latest note or change, with its date; a request's reason
    task_id: int | None = None  # a request: its task (whose page decides it)
    asked: str | None = None  # a request: what is asked ("extension" | "completion")
    at_risk: bool = False  # a task before its deadline: advisory warning (``models.risk``)

    @property
    def late(self) -> bool:
        return self.stage in LATE_STAGES


def task_item(
    row: TaskRow,
    stage: str,
    days: int,
    role: RecipientRole,
    lang: str,
    note: str | None = None,
    at_risk: bool = False,
) -> DigestItem:
    assert row.due_on is not None
    owners = t("notify.lead", lang, who=row.lead_name)  # names, never codes, in people's view
    if row.co_owners:
        owners += "; " + t("notify.co_owners", lang, who=", ".join(n for _, n in row.co_owners))
    heading = task_heading(row, lang)
    original = row.original_due_on if row.extended else None
    return DigestItem(
        ItemKind.TASK, row.id, heading, row.due_on, original, owners, stage, days, role,
        row.progress, note, at_risk=at_risk,
    )  # fmt: skip


def task_heading(row: TaskRow, lang: str) -> str:
    """How an item names its task: "[Nghị quyết 01-NQ/ĐU] title (#12)"."""
    return f"[{label(row.document_kind, lang)} {row.document_number}] {row.title} (#{row.id})"


def request_item(request: WaitingRequest, task: TaskRow, as_of: date, lang: str) -> DigestItem:
    """A request waiting for the reader's decision, under its task's heading."""
    asked_by = t("notify.request.by", lang, who=request.requested_by, date=request.requested_on)
    return DigestItem(
        ItemKind.REQUEST,
        request.id,
        task_heading(task, lang),
        request.asked_on,
        None,
        asked_by,
        StageName.WAITING,
        request.waited(as_of),
        RecipientRole.APPROVER,
        note=request.note,
        task_id=request.task_id,
        asked=request.kind,
    )


def duty_group_item(group: DutyGroup, stage: str, role: RecipientRole, lang: str) -> DigestItem:
    """A duty owed by several units for one period, as one item naming who is missing."""
    names = [r.unit_name for r in group.rows]
    shown = ", ".join(names[:_UNITS_LISTED])
    if len(names) > _UNITS_LISTED:
        shown += ", " + t("notify.units_more", lang, n=len(names) - _UNITS_LISTED)
    if len(names) == 1:
        owners = t("notify.owing_unit", lang, who=group.rows[0].unit_name)
    else:
        owners = t("notify.units_missing", lang, n=len(names), units=shown)
    kind = label(DutyKind(group.duty_kind), lang)
    heading = f"[{kind}] {group.duty_title} — {period_words(group.period_key, lang)}"
    return DigestItem(
        ItemKind.DUTY,
        group.instance_ids[0],
        heading,
        group.due_on,
        None,
        owners,
        stage,
        group.days,
        role,
    )


# Chat apps that render Markdown even in what Apprise sends them as plain text.
_MARKDOWN_RENDERING_TEXT_PLUGINS = ("mmost://", "mmosts://")


def with_chat_markup(url: str) -> str:
    """``url`` asking Apprise to convert digests into the markup the chat app renders."""
    if url.startswith(_MARKDOWN_RENDERING_TEXT_PLUGINS) and "format=" not in url:
        return url + ("&" if "?" in url else "?") + "format=markdown"
    return url


def is_chat(channel: str) -> bool:
    """Every channel but e-mail is a chat (telegram, slack, zalo, webhooks...)."""
    return channel != "email"


def is_group_target(channel: str, address: str) -> bool:
    """A chat many people read: a Slack ``#channel`` or a Telegram group (negative id)."""
    return (channel == "slack" and address.startswith("#")) or (
        channel == "telegram" and address.startswith("-")
    )


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str  # plain text: the e-mail's text part, dry runs, the outbox
    html: str  # what Apprise sends: e-mail HTML, or the chat message it converts


def paragraphs(subject: str, lines: list[str], links: list[tuple[str, str]]) -> Rendered:
    """A short message of paragraphs then links (label, address): the instant notices'
    form, the same in the text part and the HTML part."""
    html = "".join(f"<p>{escape(line)}</p>" for line in lines)
    text = "\n\n".join(lines)
    for caption, url in links:
        html += f'<p><a href="{escape(url)}">{escape(caption)}</a></p>'
        text += f"\n\n{caption}: {url}"
    return Rendered(subject, text, html)


@dataclass(frozen=True)
class Counts:
    """What a message says of all its items, shown in full or not."""

    total: int  # every item, requests included
    overdue: int  # overdue or escalated
    today: int  # due today
    requests: int = 0  # waiting for the reader's decision

    @classmethod
    def of(cls, stages: Iterable[str]) -> Counts:
        by_stage = Counter(stages)  # counted in C: a run counts every claimed item
        late = sum(by_stage[stage] for stage in LATE_STAGES)
        return cls(by_stage.total(), late, by_stage[StageName.DUE], by_stage[StageName.WAITING])


def items_shown(channel: str, max_items: int) -> int:
    """How many items a message on ``channel`` shows in full (``max_items`` in e-mail)."""
    return CHAT_ITEMS if is_chat(channel) else max_items


@dataclass(frozen=True)
class Contact:
    """Whom to ask about the messages: the tracking office and its manager."""

    office: str
    person: str
    address: str | None = None


@dataclass
class Fragments:
    """Each item's words, built once per language and reused for every recipient."""

    parts: dict[tuple[DigestItem, str], tuple[list[str], str, str]] = field(default_factory=dict)

    def of(self, item: DigestItem, lang: str) -> tuple[list[str], str, str]:
        """(plain-text lines, HTML, one short chat line)."""
        key = (item, lang)
        found = self.parts.get(key)
        if found is None:
            found = self.parts[key] = _fragment(item, lang)
        return found


def _when(item: DigestItem, lang: str) -> str:
    if item.stage == StageName.AWAITING:  # reported done: no longer the owners' to finish
        return t("awaiting.completion", lang)
    if item.late:
        return t("notify.overdue_days", lang, n=item.days)
    if item.days == 0:
        return t("notify.due_today", lang)
    return t("notify.days_left", lang, n=item.days)


def _deadline(item: DigestItem, lang: str) -> str:
    text = t("notify.deadline", lang, date=format_date(item.due_on))
    if item.original_due_on is not None:
        text += " " + t("notify.original", lang, date=format_date(item.original_due_on))
    return text


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fragment(item: DigestItem, lang: str) -> tuple[list[str], str, str]:
    if item.kind == ItemKind.REQUEST:
        return _request_fragment(item, lang)
    role = t("notify.role", lang, role=t(f"notify.role.{item.role}", lang))
    when, deadline = _when(item, lang), _deadline(item, lang)
    status = f"{deadline} — {when}"
    if item.progress is not None:
        status += " · " + t("notify.progress", lang, n=item.progress)
    advisory = item.at_risk and not item.late and item.stage != StageName.AWAITING
    risk = t("risk.badge", lang) if advisory else ""
    if risk:
        status += f" · {risk}"
    text = [f"- {item.heading}", f"  {status}", f"  {item.owners}. {role}"]
    html = (
        '<li style="margin-bottom:10px">'
        f"<b>{escape(item.heading)}</b><br>{escape(deadline)} — <b>{escape(when)}</b>"
        + (
            f" · {escape(t('notify.progress', lang, n=item.progress))}"
            if item.progress is not None
            else ""
        )
        + (f' · <b style="color:#8a5a00">{escape(risk)}</b>' if risk else "")
        + f"<br>{escape(item.owners)}. {escape(role)}"
    )
    if item.note:
        note = t("notify.note", lang, note=_short(item.note, 200))
        text.append(f"  {note}")
        html += f"<br><i>{escape(note)}</i>"
    chat = f"{_short(item.heading, _CHAT_TITLE_CHARS)} — {when}"
    if item.progress:  # "0%" says nothing in a short message
        chat += f" ({item.progress}%)"
    if risk:
        chat += f" — {risk}"
    return text, html, chat


def _request_fragment(item: DigestItem, lang: str) -> tuple[list[str], str, str]:
    """What is asked, of which task, by whom and when, and how long it has waited."""
    asked = t(f"notify.request.{item.asked}", lang, date=item.due_on)
    waited = t("notify.request.waited", lang, n=item.days)
    text = [f"- {item.heading}", f"  {asked} — {waited}", f"  {item.owners}."]
    html = (
        '<li style="margin-bottom:10px">'
        f"<b>{escape(item.heading)}</b><br>{escape(asked)} — <b>{escape(waited)}</b>"
        f"<br>{escape(item.owners)}."
    )
    if item.note:
        note = t("notify.request.note", lang, note=_short(item.note, 200))
        text.append(f"  {note}")
        html += f"<br><i>{escape(note)}</i>"
    chat = f"{asked}: {_short(item.heading, _CHAT_TITLE_CHARS)} — {waited}"
    return text, html, chat


def _sorted(items: list[DigestItem]) -> list[DigestItem]:
    return sorted(items, key=lambda i: urgency(i.stage, i.days, i.kind, i.id))


def _counted(items: list[DigestItem], counts: Counts | None) -> Counts:
    if counts is None:
        return Counts.of(i.stage for i in items)
    assert counts.total >= len(items), "counts must count every item given"
    return counts


def _links(recipient_id: int | None, item: DigestItem, lang: str) -> list[tuple[str, str]]:
    """(label, address) of the item's page and, for a task's owners, its one-click actions
    (signed tokens cost tens of microseconds each: minted only for items shown)."""
    if not recipient_id:
        return []
    if item.kind == ItemKind.REQUEST:  # the task's page holds the approve and refuse buttons
        base = get_settings().web_url
        assert item.task_id is not None
        return [(t("notify.link.decide", lang), task_page(base, item.task_id))] if base else []
    if item.kind == ItemKind.DUTY:
        base = get_settings().web_url
        return [(t("notify.link.duties", lang), duties_page(base))] if base else []
    base = get_settings().web_url
    if not base:
        return []
    page = (t("notify.link.page", lang), task_page(base, item.id))
    if item.role == RecipientRole.ESCALATION or item.stage == StageName.AWAITING:
        return [page]  # a manager follows up on the page; owners act in one click
    found = task_links(recipient_id, item.id)
    assert found is not None
    return [page, *((t(f"notify.link.{a}", lang), url) for a, url in found.actions.items())]


def _summary(counts: Counts, lang: str) -> str:
    """ "12 việc cần chú ý: 5 quá hạn, 2 hết hạn hôm nay." (zero counts left out), after
    "2 đề nghị chờ đồng chí quyết định; " when requests wait."""
    said = [t("notify.count.requests", lang, n=counts.requests)] if counts.requests else []
    work = counts.total - counts.requests
    if work or not said:
        parts = [t("notify.count.overdue", lang, n=counts.overdue)] if counts.overdue else []
        parts += [t("notify.count.today", lang, n=counts.today)] if counts.today else []
        said.append(t("notify.counts", lang, n=work) + (": " + ", ".join(parts) if parts else ""))
    return "; ".join(said) + "."


def _section(
    items: list[DigestItem], recipient_id: int | None, lang: str, fragments: Fragments
) -> tuple[list[str], list[str]]:
    """Items in full: their plain-text lines, and the HTML list."""
    text: list[str] = []
    html = ["<ul>"]
    for item in items:
        lines, fragment, _ = fragments.of(item, lang)
        links = _links(recipient_id, item, lang)
        text += lines + [f"  {label}: {url}" for label, url in links]
        html.append(
            fragment
            + "".join(
                f'{"<br>" if i == 0 else " · "}<a href="{escape(u)}">{escape(n)}</a>'
                for i, (n, u) in enumerate(links)
            )
            + "</li>"
        )
    html.append("</ul>")
    return text, html


_SECTION_STYLE = "margin:20px 0 6px;font-size:17px;border-bottom:1px solid #bbb;padding-bottom:3px"


def render_digest(
    name: str,
    items: list[DigestItem],
    lang: str,
    max_items: int = DEFAULT_MAX_ITEMS,
    recipient_id: int | None = None,
    *,
    contact: Contact | None = None,
    fragments: Fragments | None = None,
    counts: Counts | None = None,
) -> Rendered:
    """The e-mail digest: the most urgent ``max_items`` in full, then how many more.

    With ``counts`` (of all the items), ``items`` may be only the most urgent ones: a run
    words only what its messages show."""
    fragments = fragments or Fragments()
    items = _sorted(items)
    counts = _counted(items, counts)
    subject = digest_subject(counts, lang)
    footer = footer_links(recipient_id) if recipient_id else None
    shown = items[:max_items]
    rest = counts.total - len(shown)
    greeting, summary = t("notify.greeting", lang, name=name), _summary(counts, lang)
    text = [greeting, "", summary, ""]
    html = [f"<p>{escape(greeting)}</p>", f"<p>{escape(summary)}</p>"]
    # Requests waiting for the reader's decision are a part of their own, headed, before
    # the work (they rank first); a digest without any reads as it always did.
    asks = [item for item in shown if item.kind == ItemKind.REQUEST]
    work = [item for item in shown if item.kind != ItemKind.REQUEST]
    parts = [("notify.section.requests", asks), ("notify.section.work", work)] if asks else []
    for key, part in parts or [("", work)]:
        if not part:
            continue
        lines, listed = _section(part, recipient_id, lang, fragments)
        if key:
            title = t(key, lang)
            if text[-1] != "":
                text.append("")
            text += [title.upper(), ""]
            html.append(f'<h3 style="{_SECTION_STYLE}">{escape(title)}</h3>')
        text += lines
        html += listed
    if rest:
        more = _more(rest, footer, lang)
        text.append(f"- {more}")
        html.append(f"<p>{_more_html(rest, footer, lang)}</p>")
    text += ["", *footer_text(contact, footer, lang)]
    html.append(footer_html(contact, footer, lang))
    return Rendered(subject, "\n".join(text), "\n".join(html))


def render_chat(
    name: str,
    items: list[DigestItem],
    lang: str,
    recipient_id: int | None = None,
    *,
    group: bool = False,
    fragments: Fragments | None = None,
    counts: Counts | None = None,
) -> Rendered:
    """The chat message: counts, the three most urgent items, one link; no salutation in a
    group; never longer than ``CHAT_MAX_CHARS`` (titles are shortened further if needed).
    ``counts`` as in ``render_digest``."""
    fragments = fragments or Fragments()
    items = _sorted(items)
    counts = _counted(items, counts)
    subject = digest_subject(counts, lang)
    base = get_settings().web_url if recipient_id else None
    my_work = my_work_page(base) if base else None  # the one link (no token to mint)
    head = [] if group else [t("notify.greeting", lang, name=name)]
    head.append(_summary(counts, lang))
    lines = [fragments.of(item, lang)[2] for item in items[:CHAT_ITEMS]]
    rest = counts.total - len(lines)
    tail = [t("notify.chat_more", lang, n=rest)] if rest else []
    if my_work is not None:
        tail.append(f"{t('notify.link.my_work', lang)}: {my_work}")
    limit = _CHAT_TITLE_CHARS
    while True:
        text = "\n".join(head + [f"{i}. {line}" for i, line in enumerate(lines, 1)] + tail)
        html = "<br>".join(
            [escape(h) for h in head]
            + [f"{i}. {escape(line)}" for i, line in enumerate(lines, 1)]
            + [escape(x) for x in tail[: len(tail) - (my_work is not None)]]
            + (
                # The address is the link's text: chats that get plain text keep it.
                [
                    f"{escape(t('notify.link.my_work', lang))}: "
                    f'<a href="{escape(my_work)}">{escape(my_work)}</a>'
                ]
                if my_work is not None
                else []
            )
        )
        if max(len(text), len(html)) <= CHAT_MAX_CHARS or limit <= 20:
            break
        limit -= 20
        lines = [_short(line, limit) for line in lines]
    assert max(len(text), len(html)) <= CHAT_MAX_CHARS, "chat message over its bound"
    return Rendered(subject, text, html)


def digest_subject(counts: Counts, lang: str) -> str:
    """A digest's subject, known from its counts before its words are made; requests
    waiting for the reader's decision are named first."""
    work = counts.total - counts.requests
    if not counts.requests:
        return t("notify.subject", lang, n=work, overdue=counts.overdue)
    if not work:
        return t("notify.subject.requests", lang, r=counts.requests)
    return t("notify.subject.both", lang, r=counts.requests, n=work, overdue=counts.overdue)


def _more(rest: int, footer: FooterLinks | None, lang: str) -> str:
    if footer is None:
        return t("notify.more", lang, n=rest)
    return t("notify.more_link", lang, n=rest, url=footer.my_work)


def _more_html(rest: int, footer: FooterLinks | None, lang: str) -> str:
    if footer is None:
        return escape(t("notify.more", lang, n=rest))
    link = f'<a href="{escape(footer.my_work)}">{escape(t("notify.link.my_work", lang))}</a>'
    return escape(t("notify.more_see", lang, n=rest)) + " " + link


def _contact_line(contact: Contact | None, lang: str) -> str | None:
    if contact is None:
        return None
    who = contact.person + (f" ({contact.address})" if contact.address else "")
    return t("notify.contact", lang, office=contact.office, who=who)


def footer_text(contact: Contact | None, footer: FooterLinks | None, lang: str) -> list[str]:
    lines = ["--"]
    line = _contact_line(contact, lang)
    if line:
        lines.append(line)
    if footer is not None:
        lines += [
            f"{t('notify.link.my_work', lang)}: {footer.my_work}",
            f"{t('notify.link.settings', lang)}: {footer.settings}",
            f"{t('notify.link.unsubscribe', lang)}: {footer.unsubscribe}",
        ]
    lines.append(t("notify.footer", lang))
    return lines


def footer_html(contact: Contact | None, footer: FooterLinks | None, lang: str) -> str:
    parts = []
    line = _contact_line(contact, lang)
    if line:
        parts.append(escape(line))
    if footer is not None:
        parts.append(
            " · ".join(
                f'<a href="{escape(url)}">{escape(t(key, lang))}</a>'
                for key, url in (
                    ("notify.link.my_work", footer.my_work),
                    ("notify.link.settings", footer.settings),
                    ("notify.link.unsubscribe", footer.unsubscribe),
                )
            )
        )
    parts.append(escape(t("notify.footer", lang)))
    return '<hr><p style="color:#555"><small>' + "<br>".join(parts) + "</small></p>"


register(
    {
        "notify.subject": {
            "vi": "[Đôn đốc] {n} việc cần chú ý ({overdue} quá hạn)",
            "en": "[dondoc] {n} item(s) need attention ({overdue} overdue)",
        },
        "notify.subject.requests": {
            "vi": "[Đôn đốc] {r} đề nghị chờ đồng chí quyết định",
            "en": "[dondoc] {r} request(s) waiting for your decision",
        },
        "notify.subject.both": {
            "vi": "[Đôn đốc] {r} đề nghị chờ đồng chí quyết định, {n} việc cần chú ý"
            " ({overdue} quá hạn)",
            "en": "[dondoc] {r} request(s) waiting for your decision, {n} item(s) need"
            " attention ({overdue} overdue)",
        },
        "notify.greeting": {"vi": "Kính gửi đồng chí {name},", "en": "Dear {name},"},
        "notify.counts": {"vi": "{n} việc cần chú ý", "en": "{n} item(s) to look at"},
        "notify.count.requests": {
            "vi": "{n} đề nghị chờ đồng chí quyết định",
            "en": "{n} request(s) waiting for your decision",
        },
        "notify.section.requests": {
            "vi": "Đề nghị chờ đồng chí quyết định",
            "en": "Requests waiting for your decision",
        },
        "notify.section.work": {"vi": "Việc cần chú ý", "en": "Items to look at"},
        "notify.request.extension": {
            "vi": "Đề nghị gia hạn đến {date}",
            "en": "Asks for an extension to {date}",
        },
        "notify.request.completion": {
            "vi": "Báo cáo đã hoàn thành ngày {date}, chờ xác nhận",
            "en": "Reports it done on {date}, to be confirmed",
        },
        "notify.request.by": {
            "vi": "Người gửi: đồng chí {who}, ngày {date}",
            "en": "Sent by {who} on {date}",
        },
        "notify.request.waited": {"vi": "đã chờ {n} ngày", "en": "waiting for {n} day(s)"},
        "notify.request.note": {"vi": "Lý do / ghi chú: {note}", "en": "Reason / note: {note}"},
        "notify.count.overdue": {"vi": "{n} quá hạn", "en": "{n} overdue"},
        "notify.count.today": {"vi": "{n} hết hạn hôm nay", "en": "{n} due today"},
        "notify.deadline": {"vi": "Thời hạn {date}", "en": "Deadline {date}"},
        "notify.original": {"vi": "(ban đầu {date})", "en": "(originally {date})"},
        "notify.overdue_days": {"vi": "quá hạn {n} ngày", "en": "overdue for {n} days"},
        "notify.due_today": {"vi": "hết hạn hôm nay", "en": "due today"},
        "notify.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
        "notify.progress": {"vi": "tiến độ {n}%", "en": "{n}% done"},
        "notify.note": {"vi": "Cập nhật gần nhất: {note}", "en": "Latest update: {note}"},
        "notify.lead": {"vi": "Chủ trì: {who}", "en": "Lead: {who}"},
        "notify.co_owners": {"vi": "Phối hợp: {who}", "en": "Co-owners: {who}"},
        "notify.owing_unit": {"vi": "Đơn vị thực hiện: {who}", "en": "Owed by: {who}"},
        "notify.units_missing": {
            "vi": "{n} đơn vị chưa thực hiện: {units}",
            "en": "{n} units have not delivered: {units}",
        },
        "notify.units_more": {"vi": "và {n} đơn vị khác", "en": "and {n} more"},
        "notify.role": {"vi": "Vai trò của đồng chí: {role}.", "en": "Your role: {role}."},
        "notify.role.lead": {"vi": "chủ trì", "en": "lead"},
        "notify.role.co_owner": {"vi": "phối hợp", "en": "co-operating"},
        "notify.role.escalation": {
            "vi": "theo dõi, đôn đốc (báo cáo vượt cấp)",
            "en": "follow-up (escalated to you)",
        },
        "notify.more": {
            "vi": "… và {n} việc khác ít khẩn cấp hơn.",
            "en": "… and {n} more, less urgent.",
        },
        "notify.more_link": {
            "vi": "… và {n} việc khác ít khẩn cấp hơn, xem tất cả tại: {url}",
            "en": "… and {n} more, less urgent; all of them at: {url}",
        },
        "notify.more_see": {
            "vi": "… và {n} việc khác ít khẩn cấp hơn, xem tất cả tại:",
            "en": "… and {n} more, less urgent; all of them at:",
        },
        "notify.chat_more": {"vi": "… và {n} việc khác.", "en": "… and {n} more."},
        "notify.contact": {
            "vi": "Cần hỏi thêm, xin liên hệ {office}: đồng chí {who}.",
            "en": "Questions: {office}, {who}.",
        },
        "notify.link.page": {"vi": "Xem nhiệm vụ", "en": "Open the task"},
        "notify.link.decide": {"vi": "Xem và quyết định", "en": "Open and decide"},
        "notify.link.duties": {"vi": "Xem báo cáo, sinh hoạt", "en": "Open reports and meetings"},
        "notify.link.done": {"vi": "Báo đã hoàn thành", "en": "Report it done"},
        "notify.link.progress": {"vi": "Cập nhật tiến độ", "en": "Report progress"},
        "notify.link.extend": {"vi": "Đề nghị gia hạn", "en": "Ask for an extension"},
        "notify.link.my_work": {"vi": "Việc của tôi", "en": "My work"},
        "notify.link.settings": {"vi": "Cài đặt nhận thông báo", "en": "Notification settings"},
        "notify.link.unsubscribe": {
            "vi": "Ngừng nhận thư không bắt buộc",
            "en": "Unsubscribe from non-essential messages",
        },
        "notify.footer": {
            "vi": "Thư tự động của hệ thống theo dõi thực hiện nghị quyết (dondoc).",
            "en": "An automatic message from the resolution follow-up tracker (dondoc).",
        },
    }
)
