"""The manager digest's part about acting before a deadline slips, per managed unit (its
subtree): the tasks at risk (``models.risk``, advisory, never an official status), the
stale ones (nothing recorded for their kind's number of days), and the explanation
requests (``models.explanations``) answered in the last week or still waiting.

Gathered in three queries for all the digest's units; worded in the reader's language
by ``risk_part``, which the manager digest's e-mail calls after each unit's duties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from sqlalchemy.engine import Engine

from models.explanations import ExplanationRow, explanation_rows
from models.i18n import format_date, register, t
from models.links import task_page
from models.queries import subtree
from models.risk import TaskRisk, task_risks
from models.sqlread import SqlAlchemyReader
from models.status import open_on
from notifications.render import CHAT_ITEMS

SHOWN = 5  # tasks listed per kind and unit (the count says how many in all)
RECENT = timedelta(days=7)  # answers from the last week
CHAT_TITLE = 80  # characters of a title in a chat's lines


@dataclass
class RiskTask:
    task_id: int
    title: str
    lead: str
    found: TaskRisk


@dataclass
class RiskSection:
    at_risk: list[RiskTask] = field(default_factory=list)
    stale: list[RiskTask] = field(default_factory=list)
    answered: list[ExplanationRow] = field(default_factory=list)
    waiting: list[ExplanationRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.at_risk or self.stale or self.answered or self.waiting)


def risk_sections(engine: Engine, as_of: date, unit_ids: list[int]) -> dict[int, RiskSection]:
    """Each unit's section (its subtree's tasks), for the units asked."""
    found: dict[int, RiskSection] = {}
    if not unit_ids:
        return found
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        risks = {i: r for i, r in task_risks(reader, as_of).items() if r.risk or r.stale}
        homes: dict[int, tuple[int, str, str]] = {}
        if risks:
            for task_id, home, title, lead in reader.fetch(
                "SELECT t.id, COALESCE(t.lead_unit_id, p.unit_id), t.title,"
                " COALESCE(u.name, p.full_name) FROM task t"
                " LEFT JOIN person p ON p.id = t.lead_person_id"
                " LEFT JOIN unit u ON u.id = t.lead_unit_id"
                f" WHERE {open_on()}",
                {"as_of": as_of},
            ):
                if int(task_id) in risks:
                    homes[int(task_id)] = (int(home), str(title), str(lead))
        answered = explanation_rows(
            reader, answered_from=as_of - RECENT + timedelta(1), until=as_of
        )
        waiting = explanation_rows(reader, open_on=as_of)
        trees = {u: set(subtree(reader, u)) for u in unit_ids}
    by_home: dict[int, list[RiskTask]] = defaultdict(list)
    for task_id, (home, title, lead) in homes.items():
        by_home[home].append(RiskTask(task_id, title, lead, risks[task_id]))
    for unit_id, tree in trees.items():
        section = RiskSection()
        for home in tree:
            for item in by_home.get(home, []):
                if item.found.risk:
                    section.at_risk.append(item)
                if item.found.stale:
                    section.stale.append(item)
        section.at_risk.sort(key=lambda i: i.found.progress - _expected(i))
        section.stale.sort(key=lambda i: -i.found.idle_days)
        section.answered = [x for x in answered if x.unit_id in tree]
        section.waiting = [x for x in waiting if x.unit_id in tree]
        found[unit_id] = section
    return found


def _expected(item: RiskTask) -> int:
    return item.found.risk.expected if item.found.risk else 0


def _task_html(task_id: int, title: str, rest: str, base: str | None, tag: str) -> str:
    label = escape(title)
    if base:
        label = f'<a href="{escape(task_page(base, task_id))}">{label}</a>'
    return f"<{tag}>{label}{escape(rest)}</{tag}>" if tag else f"- {label}{escape(rest)}"


@dataclass(frozen=True)
class RiskBlock:
    """One heading of a unit's section and its lines: (task id, title, the rest)."""

    head: str
    lines: list[tuple[int, str, str]]


def risk_blocks(section: RiskSection | None, as_of: date, lang: str) -> list[RiskBlock]:
    """The unit's at-risk, stale and explanation lines in the reader's language: the one
    wording both the e-mail and the chat version of the manager digest show."""
    if section is None or section.empty:
        return []
    parts: list[RiskBlock] = []
    if section.at_risk:
        lines = []
        for item in section.at_risk[:SHOWN]:
            risk = item.found.risk
            assert risk is not None
            why = (
                t("risk.behind", lang, progress=item.found.progress, expected=risk.expected)
                if risk.reason.value == "behind"
                else t("risk.idle", lang, days=item.found.idle_days, progress=item.found.progress)
            )
            lines.append((item.task_id, item.title, f" (#{item.task_id}) — {item.lead}: {why}"))
        parts.append(RiskBlock(t("riskdigest.at_risk", lang, n=len(section.at_risk)), lines))
    if section.stale:
        lines = [
            (
                i.task_id,
                i.title,
                f" (#{i.task_id}) — {i.lead}: {t('risk.stale', lang, days=i.found.idle_days)}",
            )
            for i in section.stale[:SHOWN]
        ]
        parts.append(RiskBlock(t("riskdigest.stale", lang, n=len(section.stale)), lines))
    if section.answered:
        lines = [
            (
                x.task_id,
                x.title,
                f" (#{x.task_id}) — "
                + t(
                    "riskdigest.answer",
                    lang,
                    lead=x.lead,
                    day=format_date(x.answered_on or x.due_on),
                )
                + f" «{_short(x.answer or '')}»"
                + (t("riskdigest.files", lang, names="; ".join(x.files)) if x.files else ""),
            )
            for x in section.answered
        ]
        parts.append(RiskBlock(t("riskdigest.answered", lang, n=len(section.answered)), lines))
    if section.waiting:
        lines = [
            (
                x.task_id,
                x.title,
                f" (#{x.task_id}) — "
                + t(
                    "riskdigest.wait_late" if x.due_on < as_of else "riskdigest.wait",
                    lang,
                    lead=x.lead,
                    due=format_date(x.due_on),
                ),
            )
            for x in section.waiting
        ]
        parts.append(RiskBlock(t("riskdigest.waiting", lang, n=len(section.waiting)), lines))
    return parts


def risk_part(
    section: RiskSection | None,
    as_of: date,
    lang: str,
    base: str | None,
    text: list[str],
    html: list[str],
    *,
    chat: bool = False,
) -> None:
    """Appends the unit's ``risk_blocks`` to a digest's parts, the same words in both
    channels. A chat keeps to the chat reminders' measure: the first ``CHAT_ITEMS``
    lines of each heading (the heading counts them all), titles shortened, lines broken
    by ``<br>`` in its HTML (chats know no lists)."""
    for block in risk_blocks(section, as_of, lang):
        text += ["", block.head]
        items = []
        for task_id, title, rest in block.lines[:CHAT_ITEMS] if chat else block.lines:
            shown = _short(title, CHAT_TITLE) if chat else title
            text.append(f"- {shown}{rest}")
            items.append(_task_html(task_id, shown, rest, base, "" if chat else "li"))
        if chat:
            html.append(f"<p><b>{escape(block.head)}</b><br>" + "<br>".join(items) + "</p>")
        else:
            html += [f"<p><b>{escape(block.head)}</b></p><ul>", *items, "</ul>"]


def _short(answer: str, most: int = 200) -> str:
    flat = " ".join(answer.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"


register(
    {
        "riskdigest.at_risk": {
            "vi": "Nhiệm vụ có nguy cơ chậm ({n}; cảnh báo, không phải tình trạng chính thức):",
            "en": "Tasks at risk ({n}; a warning, not an official status):",
        },
        "riskdigest.stale": {
            "vi": "Nhiệm vụ lâu chưa cập nhật ({n}):",
            "en": "Tasks with no update for a long time ({n}):",
        },
        "riskdigest.answered": {
            "vi": "Giải trình nhận được trong tuần ({n}):",
            "en": "Explanations received this week ({n}):",
        },
        "riskdigest.answer": {
            "vi": "{lead} giải trình ngày {day}:",
            "en": "{lead} explained on {day}:",
        },
        "riskdigest.waiting": {
            "vi": "Yêu cầu giải trình chưa được trả lời ({n}):",
            "en": "Explanation requests not answered yet ({n}):",
        },
        "riskdigest.files": {"vi": " (tệp: {names})", "en": " (files: {names})"},
        "riskdigest.wait": {"vi": "{lead}, hạn {due}", "en": "{lead}, due {due}"},
        "riskdigest.wait_late": {
            "vi": "{lead}, hạn {due} (đã quá hạn)",
            "en": "{lead}, due {due} (past due)",
        },
    }
)
