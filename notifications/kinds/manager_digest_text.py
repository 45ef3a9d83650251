"""The weekly manager digest's words: the e-mail (a table stacked for a phone, the tasks
overdue longest, the duties not delivered, the footer), a chat's short version, and the
operator's overview table, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from models.duty_groups import DutyGroup
from models.i18n import format_date, format_percent, register, t
from models.links import FooterLinks, footer_links, task_list_page, task_page
from models.periods import period_words
from models.queries import TaskRow
from models.settings import get_settings
from models.status import TaskStatus
from notifications.kinds.risk_digest import RiskSection, risk_part
from notifications.kinds.unit_figures import LAST_WEEK, SHOWN, UnitRow, UnitState
from notifications.render import Contact, Rendered, footer_html, footer_text, is_chat

TOP_DUTY_GROUPS = 5  # duty groups listed per managed unit


@dataclass(frozen=True)
class DigestLinks:
    """Where a digest may point: the web application, and the reader's footer links."""

    base_url: str
    footer: FooterLinks


def links_for(person_id: int) -> DigestLinks | None:
    """The web links of a digest to ``person_id`` (None: no DONDOC_WEB_URL, no links)."""
    footer = footer_links(person_id)
    web = get_settings().web_url
    return DigestLinks(web, footer) if footer is not None and web else None


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "±0"


def _rate(value: float | None, lang: str) -> str:
    return "—" if value is None else format_percent(value, lang)


def _rate_change(now: float | None, before: float | None, lang: str) -> str:
    """Percentage points, signed ("+9,1"), or "" when either side has no rate or none moved."""
    if now is None or before is None or round((now - before) * 1000) == 0:
        return ""
    points = format_percent(abs(now - before), lang).rstrip("%")
    return ("+" if now > before else "−") + points


def _rates(row: UnitRow, lang: str) -> list[tuple[str, str, str]]:
    """(key, rate, change) of the on-time rate and the overdue share."""
    before = row.before
    pairs = (
        ("on_time_rate", row.now.on_time_rate, before.on_time_rate if before else None),
        ("overdue_share", row.now.overdue_share, before.overdue_share if before else None),
    )
    return [(key, _rate(now, lang), _rate_change(now, then, lang)) for key, now, then in pairs]


def _unit_label(row: UnitRow, lang: str) -> str:
    return t("manager.whole", lang, code=row.code) if row.total else f"{row.code} — {row.name}"


def _row_text(row: UnitRow, lang: str) -> list[str]:
    counts = []
    for status in SHOWN:
        change = row.change(status)
        counts.append(
            f"{t(f'manager.col.{status.value}', lang)} {row.count(status)}"
            + (f" ({_signed(change)})" if change else "")
        )
    rates = [
        f"{t(f'manager.col.{key}', lang)} {rate}" + (f" ({change})" if change else "")
        for key, rate, change in _rates(row, lang)
    ]
    if not row.now.total and not (row.before and row.before.total):
        return [f"{_unit_label(row, lang)}: {t('manager.no_tasks', lang)}"]
    return [f"{_unit_label(row, lang)}: {'; '.join(rates)}", f"  {', '.join(counts)}"]


def _task_line(row: TaskRow, lang: str) -> str:
    """An overdue task: how long overdue, or, reported done, "chờ xác nhận hoàn thành"
    (``models.awaiting``: the decision is the approver's, not late work of the lead's)."""
    assert row.due_on is not None
    if row.awaiting:
        late = t("awaiting.completion", lang)
    else:
        late = t("notify.overdue_days", lang, n=row.status.days_overdue)
    deadline = t("manager.deadline", lang, day=format_date(row.due_on))
    return f"{row.title} (#{row.id}, {row.document_number}) — {row.lead_name}: {late} ({deadline})"


def _duty_line(group: DutyGroup, lang: str) -> str:
    late = t("notify.overdue_days", lang, n=group.days)
    return t(
        "manager.duty_group",
        lang,
        title=group.duty_title,
        period=period_words(group.period_key, lang),
        n=len(group.rows),
        units=", ".join(r.unit_name for r in group.rows),
        late=late,
    )


def _list_link(links: DigestLinks | None, unit: UnitState) -> str | None:
    return task_list_page(links.base_url, unit.code, "overdue") if links else None


def render_manager_digest(
    name: str,
    units: list[UnitState],
    as_of: date,
    lang: str,
    links: DigestLinks | None = None,
    contact: Contact | None = None,
    risks: dict[int, RiskSection] | None = None,
) -> Rendered:
    """The e-mail: a table of the units (stacked lines in the text part), the tasks
    overdue longest, the duties not delivered, the footer (the morning digest's)."""
    overdue_now = sum(u.overdue_total for u in units)
    subject = t("manager.subject", lang, day=format_date(as_of), n=overdue_now)
    greeting = t("notify.greeting", lang, name=name)
    intro = t("manager.intro", lang, day=format_date(as_of))
    before = format_date(as_of - LAST_WEEK)
    in_text, in_html = (t(f"manager.changes_{k}", lang, before=before) for k in ("text", "html"))
    text = [greeting, "", f"{intro} {in_text}"]
    html = [f"<p>{escape(greeting)}</p>", f"<p>{escape(intro)} {escape(in_html)}</p>"]
    for unit in units:
        heading = f"{unit.code} — {unit.name}"
        text += ["", heading.upper()]
        html += [f'<h3 style="margin:18px 0 6px">{escape(heading)}</h3>', _table(unit.rows, lang)]
        for row in unit.rows:
            text += _row_text(row, lang)
        _overdue_part(unit, lang, links, text, html)
        _duty_part(unit, lang, text, html)
        base = links.base_url if links else None
        risk_part((risks or {}).get(unit.unit_id), as_of, lang, base, text, html)
    text += ["", *footer_text(contact, links.footer if links else None, lang)]
    html.append(footer_html(contact, links.footer if links else None, lang))
    return Rendered(subject, "\n".join(text), "\n".join(html))


def _overdue_part(
    unit: UnitState, lang: str, links: DigestLinks | None, text: list[str], html: list[str]
) -> None:
    if unit.overdue_total:
        shown = len(unit.overdue)
        head = (
            t("manager.overdue_all", lang, n=unit.overdue_total)
            if shown == unit.overdue_total
            else t("manager.overdue_top", lang, shown=shown, n=unit.overdue_total)
        )
        text += ["", head]
        html.append(f"<p><b>{escape(head)}</b></p><ol>")
        for row in unit.overdue:
            line = _task_line(row, lang)
            text.append(f"- {line}")
            title, rest = escape(row.title), escape(line[len(row.title) :])
            if links:
                title = f'<a href="{escape(task_page(links.base_url, row.id))}">{title}</a>'
            html.append(f"<li>{title}{rest}</li>")
        html.append("</ol>")
        full = _list_link(links, unit)
        if full:
            more = t("manager.overdue_link", lang, n=unit.overdue_total)
            text.append(f"{more}: {full}")
            html.append(f'<p><a href="{escape(full)}">{escape(more)}</a></p>')
    else:
        none = t("manager.no_overdue", lang)
        text += ["", none]
        html.append(f"<p>{escape(none)}</p>")
    if unit.co_owned_overdue:
        co = t("manager.co_owned", lang, n=unit.co_owned_overdue)
        text.append(co)
        html.append(f"<p>{escape(co)}</p>")


def _duty_part(unit: UnitState, lang: str, text: list[str], html: list[str]) -> None:
    if not unit.duty_groups:
        return
    head = t("manager.duties", lang, n=sum(len(g.rows) for g in unit.duty_groups))
    text += ["", head]
    html.append(f"<p><b>{escape(head)}</b></p><ul>")
    for group in unit.duty_groups[:TOP_DUTY_GROUPS]:
        line = _duty_line(group, lang)
        text.append(f"- {line}")
        html.append(f"<li>{escape(line)}</li>")
    rest = len(unit.duty_groups) - TOP_DUTY_GROUPS
    if rest > 0:
        more = t("manager.duties_more", lang, n=rest)
        text.append(f"- {more}")
        html.append(f"<li>{escape(more)}</li>")
    html.append("</ul>")


_CELL = "padding:4px 6px;border-bottom:1px solid #ddd;text-align:right;vertical-align:top"
_NAME = "padding:6px 6px 0;text-align:left"
_SMALL = 'style="color:#666;font-size:12px"'


def _table(rows: list[UnitRow], lang: str) -> str:
    """Stacked for a phone: each unit's name on a line of its own across the table, its
    six figures on the line below, changes small under them."""
    heads = [
        t(f"manager.col.{key}", lang)
        for key in (*(s.value for s in SHOWN), "on_time_rate", "overdue_share")
    ]
    out = [
        '<table style="border-collapse:collapse;font-size:14px;width:100%;max-width:640px">',
        "<tr>"
        + "".join(f'<th style="{_CELL};font-size:12px">{escape(h)}</th>' for h in heads)
        + "</tr>",
    ]
    for row in rows:
        bold = "font-weight:bold;" if row.total else ""
        unit = (
            escape(t("manager.whole", lang, code=row.code))
            if row.total
            else f"<b>{escape(row.code)}</b> <span {_SMALL}>{escape(row.name)}</span>"
        )
        out.append(f'<tr><td colspan="{len(heads)}" style="{bold}{_NAME}">{unit}</td></tr>')
        cells = []
        for status in SHOWN:
            change = row.change(status)
            small = f"<br><span {_SMALL}>{_signed(change)}</span>" if change else ""
            cells.append(f'<td style="{bold}{_CELL}">{row.count(status)}{small}</td>')
        for _key, rate, rate_change in _rates(row, lang):
            small = f"<br><span {_SMALL}>{escape(rate_change)}</span>" if rate_change else ""
            cells.append(f'<td style="{bold}{_CELL}">{escape(rate)}{small}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_manager_chat(
    units: list[UnitState],
    as_of: date,
    lang: str,
    links: DigestLinks | None,
    risks: dict[int, RiskSection] | None = None,
) -> Rendered:
    """A chat's short version: per unit, the counts that matter and one link, then the
    unit's at-risk, stale and explanation lines, worded as in the e-mail (``risk_part``)."""
    overdue_now = sum(u.overdue_total for u in units)
    subject = t("manager.subject", lang, day=format_date(as_of), n=overdue_now)
    text: list[str] = []
    html: list[str] = []
    for unit in units:
        whole = unit.rows[-1]
        change = whole.change(TaskStatus.OVERDUE)
        line = t(
            "manager.chat",
            lang,
            code=unit.code,
            n=unit.overdue_total,
            change=f" ({_signed(change)})" if change else "",
            rate=_rate(whole.now.on_time_rate, lang),
            duties=sum(len(g.rows) for g in unit.duty_groups),
        )
        full = _list_link(links, unit)
        text.append(line + (f" {full}" if full else ""))
        html.append(
            f"<p>{escape(line)}"
            + (f' <a href="{escape(full)}">{escape(full)}</a>' if full else "")
            + "</p>"
        )
        base = links.base_url if links else None
        risk_part((risks or {}).get(unit.unit_id), as_of, lang, base, text, html, chat=True)
    return Rendered(subject, "\n".join(text), "\n".join(html))


def render_for(
    channel: str,
    name: str,
    person_id: int,
    units: list[UnitState],
    as_of: date,
    lang: str,
    contact: Contact | None = None,
    risks: dict[int, RiskSection] | None = None,
) -> Rendered:
    """E-mail gets the full digest; every chat channel the short one (both with the
    same at-risk, stale and explanation lines)."""
    links = links_for(person_id)
    if not is_chat(channel):
        return render_manager_digest(name, units, as_of, lang, links, contact, risks)
    return render_manager_chat(units, as_of, lang, links, risks)


def overview_table(rows: list[UnitRow], lang: str) -> list[dict[str, str | int]]:
    """The overview artifact's rows: the digest's figures for every unit, labels localized."""
    table: list[dict[str, str | int]] = []
    for row in rows:
        entry: dict[str, str | int] = {t("manager.col.unit", lang): f"{row.code} — {row.name}"}
        for status in SHOWN:
            change = row.change(status)
            entry[t(f"manager.col.{status.value}", lang)] = (
                f"{row.count(status)} ({_signed(change)})" if change else row.count(status)
            )
        for key, rate, rate_change in _rates(row, lang):
            entry[t(f"manager.col.{key}", lang)] = rate + (
                f" ({rate_change})" if rate_change else ""
            )
        table.append(entry)
    return table


register(
    {
        "manager.subject": {
            "vi": "[Đôn đốc] Tình hình thực hiện nhiệm vụ đến {day} — quá hạn: {n}",
            "en": "[dondoc] Follow-up as of {day} — overdue: {n}",
        },
        "manager.intro": {
            "vi": "Tình hình thực hiện nhiệm vụ đến ngày {day} của các đơn vị do đồng chí"
            " phụ trách. Số liệu tính các nhiệm vụ có thời hạn do đơn vị chủ trì (kể cả đơn vị"
            " trực thuộc).",
            "en": "Follow-up as of {day} in the units you lead. The figures count the tasks"
            " with a deadline that each unit leads (its sub-units included).",
        },
        "manager.changes_text": {
            "vi": "Trong ngoặc: thay đổi so với ngày {before} (tỷ lệ: điểm phần trăm).",
            "en": "In brackets: the change since {before} (rates in percentage points).",
        },
        "manager.changes_html": {
            "vi": "Số nhỏ màu xám: thay đổi so với ngày {before} (tỷ lệ: điểm phần trăm).",
            "en": "Small grey figures: the change since {before} (rates in percentage points).",
        },
        "manager.no_tasks": {
            "vi": "chưa có nhiệm vụ có thời hạn",
            "en": "no task with a deadline",
        },
        "manager.whole": {"vi": "Toàn {code}", "en": "All of {code}"},
        "manager.col.unit": {"vi": "Đơn vị", "en": "Unit"},
        "manager.col.in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
        "manager.col.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "manager.col.done_on_time": {"vi": "Xong đúng hạn", "en": "Done on time"},
        "manager.col.done_late": {"vi": "Xong trễ hạn", "en": "Done late"},
        "manager.col.on_time_rate": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
        "manager.col.overdue_share": {"vi": "Tỷ lệ quá hạn", "en": "Overdue share"},
        "manager.deadline": {"vi": "hạn {day}", "en": "due {day}"},
        "manager.overdue_all": {
            "vi": "Nhiệm vụ quá hạn ({n}), lâu nhất trước:",
            "en": "Overdue tasks ({n}), longest first:",
        },
        "manager.overdue_top": {
            "vi": "{shown} trong {n} nhiệm vụ quá hạn, lâu nhất trước:",
            "en": "{shown} of {n} overdue tasks, longest first:",
        },
        "manager.overdue_link": {
            "vi": "Xem đủ {n} nhiệm vụ quá hạn",
            "en": "See all {n} overdue tasks",
        },
        "manager.no_overdue": {
            "vi": "Không có nhiệm vụ quá hạn.",
            "en": "No task is overdue.",
        },
        "manager.co_owned": {
            "vi": "Ngoài ra, đơn vị phối hợp thực hiện {n} nhiệm vụ quá hạn do đơn vị khác"
            " chủ trì (không tính ở trên).",
            "en": "Besides, the unit co-owns overdue tasks led by other units: {n}"
            " (not counted above).",
        },
        "manager.duties": {
            "vi": "Báo cáo, sinh hoạt quá hạn chưa thực hiện ({n} lượt):",
            "en": "Reports and meetings overdue, not delivered ({n} in all):",
        },
        "manager.duty_group": {
            "vi": "{title}, {period}: {n} đơn vị chưa thực hiện ({units}), {late}",
            "en": "{title}, {period}: not delivered by {n} units ({units}), {late}",
        },
        "manager.duties_more": {
            "vi": "… và {n} mục khác (xem trang Nghĩa vụ báo cáo).",
            "en": "… and {n} more (see the duties page).",
        },
        "manager.chat": {
            "vi": "{code}: quá hạn {n}{change}, tỷ lệ đúng hạn {rate}, báo cáo/sinh hoạt"
            " chưa thực hiện {duties}.",
            "en": "{code}: overdue {n}{change}, on-time rate {rate}, reports/meetings"
            " not delivered {duties}.",
        },
        "manager.overview": {
            "vi": "Tình hình thực hiện nhiệm vụ của các đơn vị đến {day} (nhiệm vụ đơn vị"
            " chủ trì; trong ngoặc: thay đổi trong 7 ngày)",
            "en": "Follow-up in every unit as of {day} (tasks each unit leads; in brackets:"
            " the change over 7 days)",
        },
    }
)
