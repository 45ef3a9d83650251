"""The weekly manager digest: for each manager, one row per unit below them (the four
statuses, on-time rate, overdue share, change since last week), the tasks overdue
longest and the duties not delivered, grouped. Same routing, ledger and sender as the
reminders: one message per manager and channel per week, exactly once.

Every figure comes from the domain's as-of queries: ``unit_summaries`` (the rule of
``dondoc report units``) for the rows, ``overdue`` for the list. Both count what a unit
*leads* (its sub-units and their people included), so a unit's overdue count is the
length of its overdue list; what it only co-owns is counted on a line of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape

from sqlalchemy.engine import Engine

from models.duty_groups import DutyGroup, group_duties
from models.duty_queries import duty_rows
from models.duty_status import DutyStatus
from models.i18n import format_date, format_percent, register, t
from models.links import FooterLinks, footer_links, task_list_page, task_page
from models.period_statistics import REPORTED_STATUSES
from models.periods import Period, period_words
from models.queries import TaskFilter, TaskRow, UnitSummary, overdue, subtree, unit_summaries
from models.settings import get_settings
from models.sqlread import Reader, SqlAlchemyReader
from models.status import TaskStatus
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import (
    Digest,
    RunReport,
    ready,
    send_and_record,
    tracking_contact,
    unsent,
)
from notifications.planner import Plan, Reminder
from notifications.preferences import PreferenceBook
from notifications.render import Contact, Rendered, footer_html, footer_text, is_chat
from notifications.routing import Router

KIND = "manager_digest"
TOP_OVERDUE = 10  # tasks listed per managed unit; the link leads to all of them
TOP_DUTY_GROUPS = 5  # duty groups listed per managed unit
# Every task with a deadline, whenever it falls: the overdue count is then the length of
# the overdue list (a year's window would drop last year's overdue tasks from the count).
ALL_DEADLINES = Period("all", date(1900, 1, 1), date(2199, 12, 31))
LAST_WEEK = timedelta(days=7)
# The report's four statuses, in the order a manager reads them: open work first.
SHOWN = (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE, TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
assert set(SHOWN) == set(REPORTED_STATUSES)


@dataclass(frozen=True)
class UnitRow:
    """One unit's figures now and a week before (``before`` None: no task then)."""

    code: str
    name: str
    now: UnitSummary
    before: UnitSummary | None
    total: bool = False  # the whole of a manager's unit, below its sub-units

    def count(self, status: TaskStatus) -> int:
        return self.now.counts[status]

    def change(self, status: TaskStatus) -> int:
        return self.now.counts[status] - (self.before.counts[status] if self.before else 0)


@dataclass
class UnitState:
    """What a manager hears about one unit they manage."""

    unit_id: int
    code: str
    name: str
    rows: list[UnitRow]
    overdue_total: int  # the length of the full overdue list (led by the unit)
    overdue: list[TaskRow] = field(default_factory=list)  # the first TOP_OVERDUE of it
    co_owned_overdue: int = 0  # overdue tasks the unit only co-owns
    duty_groups: list[DutyGroup] = field(default_factory=list)  # overdue, longest first

    @property
    def worth_sending(self) -> bool:
        return any(r.now.total for r in self.rows) or bool(self.duty_groups)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _summaries(reader: Reader, as_of: date) -> dict[int, UnitSummary]:
    return {s.unit_id: s for s in unit_summaries(reader, ALL_DEADLINES, as_of)}


def _row(summaries: tuple[dict[int, UnitSummary], dict[int, UnitSummary]], unit: int) -> UnitRow:
    now, before = summaries
    found = now[unit]
    return UnitRow(found.code, found.name, found, before.get(unit))


def _units(reader: Reader) -> tuple[dict[int, tuple[str, str]], dict[int, list[int]]]:
    units = reader.fetch("SELECT id, code, name, parent_id FROM unit WHERE active", {})
    names = {int(r[0]): (str(r[1]), str(r[2])) for r in units}
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, _code, _name, parent_id in sorted(units, key=lambda r: r[1]):
        if parent_id is not None:
            children[int(parent_id)].append(int(unit_id))
    return names, children


def collect(
    engine: Engine, as_of: date, unit_ids: list[int], top: int = TOP_OVERDUE
) -> dict[int, UnitState]:
    """The state of each unit on ``as_of``: a row per sub-unit (or the unit itself when it
    has none), then the whole; its overdue tasks and duties."""
    states: dict[int, UnitState] = {}
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        summaries = (_summaries(reader, as_of), _summaries(reader, as_of - LAST_WEEK))
        names, children = _units(reader)
        for unit_id in unit_ids:
            if unit_id not in names:
                continue
            code, name = names[unit_id]
            empty = UnitSummary(unit_id, code, name, 0, dict.fromkeys(TaskStatus, 0))
            summaries[0].setdefault(unit_id, empty)
            for child in children.get(unit_id, []):  # a sub-unit without tasks: a row of 0
                summaries[0].setdefault(
                    child, UnitSummary(child, *names[child], 1, dict.fromkeys(TaskStatus, 0))
                )
            rows = [_row(summaries, c) for c in children.get(unit_id, [])]
            whole = _row(summaries, unit_id)
            rows.append(UnitRow(whole.code, whole.name, whole.now, whole.before, total=True))
            scope = subtree(reader, unit_id)
            page = overdue(reader, TaskFilter(unit_ids=scope, limit=top), as_of)
            with_co = overdue(reader, TaskFilter(unit_ids=scope, co_owned=True, limit=1), as_of)
            late_duties = [
                r
                for r in duty_rows(reader, as_of, unit_ids=scope)
                if r.status.status is DutyStatus.OVERDUE
            ]
            states[unit_id] = UnitState(
                unit_id,
                code,
                name,
                rows,
                page.total,
                page.rows,
                with_co.total - page.total,
                group_duties(late_duties),
            )
    return states


def overview(engine: Engine, as_of: date) -> list[UnitRow]:
    """Every active unit in tree order (those without tasks too): the operator's table."""
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        now, before = _summaries(reader, as_of), _summaries(reader, as_of - LAST_WEEK)
        names, children = _units(reader)
    below = {c for parent, kids in children.items() if parent in names for c in kids}
    rows: list[UnitRow] = []

    def visit(unit_id: int) -> None:
        code, name = names[unit_id]
        empty = UnitSummary(unit_id, code, name, 0, dict.fromkeys(TaskStatus, 0))
        rows.append(UnitRow(code, name, now.get(unit_id, empty), before.get(unit_id)))
        for child in children.get(unit_id, []):
            visit(child)

    for root in sorted((u for u in names if u not in below), key=lambda u: names[u][0]):
        visit(root)
    return rows


def managed_units(directory: Directory, router: Router) -> dict[int, list[int]]:
    """person id -> the units whose digest they receive."""
    found: dict[int, list[int]] = defaultdict(list)
    for unit_id in sorted(directory.units):
        for person_id in router.unit_people(unit_id):
            found[person_id].append(unit_id)
    return found


def plan_digests(
    engine: Engine, as_of: date, config: NotifyConfig
) -> tuple[Plan, dict[int, UnitState]]:
    with engine.connect() as connection:
        directory = Directory.load(connection)
        book = PreferenceBook.load(connection, as_of, snoozes=False)
    router = Router(directory, config)
    recipients = managed_units(directory, router)
    states = collect(engine, as_of, sorted({u for units in recipients.values() for u in units}))
    plan = Plan(as_of)
    week = week_of(as_of)
    for person_id, units in recipients.items():
        worth = [u for u in units if u in states and states[u].worth_sending]
        if not worth:
            continue
        # This digest is non-essential: the person's choices pick its channels (none when
        # non-essential messages are off; the primary channel only), before any claim.
        channels = book.manager_digest_channels(person_id, router.channels(person_id))
        for channel, address, _url in channels:
            for unit_id in worth:
                plan.reminders.append(
                    Reminder(person_id, channel, address, KIND, unit_id, "weekly", week, week, 0)
                )
    plan.unreachable = router.unreachable
    return plan, states


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
    assert row.due_on is not None
    late = t("notify.overdue_days", lang, n=row.status.days_overdue)
    deadline = t("manager.deadline", lang, day=format_date(row.due_on))
    return f"{row.title} (#{row.id}, {row.document_number}) — {row.lead_code}: {late} ({deadline})"


def _duty_line(group: DutyGroup, lang: str) -> str:
    late = t("notify.overdue_days", lang, n=group.days)
    return t(
        "manager.duty_group",
        lang,
        title=group.duty_title,
        period=period_words(group.period_key, lang),
        n=len(group.rows),
        units=", ".join(group.unit_codes),
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
    units: list[UnitState], as_of: date, lang: str, links: DigestLinks | None
) -> Rendered:
    """A chat's short version: per unit, the counts that matter and one link."""
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
    return Rendered(subject, "\n".join(text), "\n".join(html))


def render_for(
    channel: str,
    name: str,
    person_id: int,
    units: list[UnitState],
    as_of: date,
    lang: str,
    contact: Contact | None = None,
) -> Rendered:
    """E-mail gets the full digest; every chat channel the short one."""
    links = links_for(person_id)
    if not is_chat(channel):
        return render_manager_digest(name, units, as_of, lang, links, contact)
    return render_manager_chat(units, as_of, lang, links)


def _digests(
    engine: Engine,
    rows: list[ledger.Claimed],
    as_of: date,
    config: NotifyConfig,
    states: dict[int, UnitState],
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per manager and channel over the claimed (or, dry, pending) units."""
    with engine.connect() as connection:
        directory = Directory.load(connection)
    contact = tracking_contact(directory, config)
    missing = sorted({r.item_id for r in rows} - set(states))
    states = {**states, **collect(engine, as_of, missing)} if missing else states
    groups: dict[tuple[int, str, str], list[ledger.Claimed]] = defaultdict(list)
    for row in rows:
        groups[(row.recipient_id, row.channel, row.address or "")].append(row)
    digests: list[Digest] = []
    settled: list[ledger.Result] = []
    for (person_id, channel, address), members in groups.items():
        person = directory.people.get(person_id)
        url = config.url_for(channel, address)
        ids = tuple(m.id for m in members)
        if person is None or url is None or any(m.item_id not in states for m in members):
            settled.append(
                ledger.Result(
                    ids, ok=False, error="recipient or channel gone", permanent=True, tries=0
                )
            )
            continue
        units = [states[m.item_id] for m in sorted(members, key=lambda m: m.item_id)]
        rendered = render_for(
            channel, person.name, person_id, units, as_of, person.language, contact
        )
        digests.append(
            Digest(
                person_id,
                person.code,
                channel,
                address,
                ids,
                len(units),
                rendered.subject,
                ready(rendered),
                url,
                attempts=max(m.attempts for m in members),
            )
        )
    return digests, settled


def deliver_digests(
    engine: Engine,
    token: str,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    states: dict[int, UnitState],
) -> RunReport:
    """One message per manager and channel over their claimed units, sent and recorded."""
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind == KIND]
    digests, settled = _digests(engine, rows, as_of, config, states)
    return send_and_record(engine, token, digests, settled, as_of, now, config)


def preview_digests(engine: Engine, as_of: date, config: NotifyConfig) -> list[Digest]:
    """The digests a run would send now (dry run): nothing claimed, nothing sent."""
    planned, states = plan_digests(engine, as_of, config)
    rows = unsent(engine, planned)
    return _digests(engine, rows, as_of, config, states)[0]


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
