"""The weekly manager digest: for each manager, the state of follow-up in the units
under them (sub-units included) — counts by status for the year, the tasks overdue
longest, and the reports not delivered. Same routing, ledger and sender as reminders:
one message per manager and channel per week, exactly once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape

from sqlalchemy.engine import Engine

from models.duty_queries import DutyRow, duty_rows
from models.duty_status import DutyStatus
from models.i18n import format_date, label, register, t
from models.periods import parse_period
from models.queries import TaskFilter, TaskRow, overdue, subtree, unit_summaries
from models.sqlread import SqlAlchemyReader
from models.status import TaskStatus
from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, send_and_record
from notifications.planner import Plan, Reminder
from notifications.render import Rendered
from notifications.routing import Router

KIND = "manager_digest"
TOP = 10  # overdue tasks listed per unit


@dataclass
class UnitState:
    unit_id: int
    code: str
    name: str
    counts: dict[TaskStatus, int]
    overdue_total: int
    overdue: list[TaskRow] = field(default_factory=list)
    missing: list[DutyRow] = field(default_factory=list)

    @property
    def worth_sending(self) -> bool:
        return (
            self.overdue_total > 0 or bool(self.missing) or self.counts[TaskStatus.IN_PROGRESS] > 0
        )


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def collect(engine: Engine, as_of: date, unit_ids: list[int]) -> dict[int, UnitState]:
    """The state of each unit (with its sub-units) on ``as_of``."""
    states: dict[int, UnitState] = {}
    with engine.connect() as connection:
        reader = SqlAlchemyReader(connection)
        year = {s.unit_id: s for s in unit_summaries(reader, parse_period(str(as_of.year)), as_of)}
        names = {r[0]: (r[1], r[2]) for r in reader.fetch("SELECT id, code, name FROM unit", {})}
        for unit_id in unit_ids:
            scope = subtree(reader, unit_id)
            page = overdue(reader, TaskFilter(unit_ids=scope, limit=TOP), as_of)
            missing = [
                r
                for r in duty_rows(reader, as_of, unit_ids=scope)
                if r.status.status is DutyStatus.OVERDUE
            ]
            counts = year[unit_id].counts if unit_id in year else dict.fromkeys(TaskStatus, 0)
            code, name = names[unit_id]
            states[unit_id] = UnitState(unit_id, code, name, counts, page.total, page.rows, missing)
    return states


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
    router = Router(directory, config)
    recipients = managed_units(directory, router)
    states = collect(engine, as_of, sorted({u for units in recipients.values() for u in units}))
    plan = Plan(as_of)
    week = week_of(as_of)
    for person_id, units in recipients.items():
        for channel, address, _url in router.channels(person_id):
            for unit_id in units:
                if states[unit_id].worth_sending:
                    plan.reminders.append(
                        Reminder(
                            person_id, channel, address, KIND, unit_id, "weekly", week, week, 0
                        )
                    )
    plan.unreachable = router.unreachable
    return plan, states


def render_manager_digest(name: str, units: list[UnitState], as_of: date, lang: str) -> Rendered:
    subject = t(
        "digest.subject",
        lang,
        day=format_date(as_of),
    )
    text = [t("notify.greeting", lang, name=name), "", t("digest.intro", lang), ""]
    html = [f"<p>{escape(text[0])}</p><p>{escape(text[2])}</p>"]
    for unit in units:
        counts = ", ".join(
            f"{label(s, lang)}: {unit.counts[s]}" for s in TaskStatus if unit.counts[s]
        )
        head = f"{unit.code} — {unit.name}"
        text += [
            head,
            f"  {t('digest.year', lang, year=as_of.year)}: {counts or '0'}",
            f"  {t('digest.overdue', lang, n=unit.overdue_total)}",
        ]
        html += [
            f"<h3>{escape(head)}</h3>",
            f"<p>{escape(t('digest.year', lang, year=as_of.year))}: {escape(counts or '0')}</p>",
            f"<p><b>{escape(t('digest.overdue', lang, n=unit.overdue_total))}</b></p><ul>",
        ]
        for row in unit.overdue:
            late = t("notify.overdue_days", lang, n=row.status.days_overdue)
            document = f"{label(row.document_kind, lang)} {row.document_number}"
            line = f"[{document}] {row.title} — {row.lead_code} — {late}"
            text.append(f"  - {line}")
            html.append(f"<li>{escape(line)}</li>")
        html.append("</ul>")
        if unit.missing:
            text.append(f"  {t('digest.missing', lang, n=len(unit.missing))}")
            html.append(
                f"<p><b>{escape(t('digest.missing', lang, n=len(unit.missing)))}</b></p><ul>"
            )
            for duty in unit.missing:
                line = f"{duty.unit_code}: {duty.duty_title} {duty.period_key} — " + t(
                    "notify.overdue_days", lang, n=duty.status.days
                )
                text.append(f"  - {line}")
                html.append(f"<li>{escape(line)}</li>")
            html.append("</ul>")
        text.append("")
    footer = t("notify.footer", lang)
    return Rendered(
        subject,
        "\n".join([*text, footer]),
        "\n".join([*html, f"<p><small>{escape(footer)}</small></p>"]),
    )


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
    with engine.connect() as connection:
        directory = Directory.load(connection)
    missing_states = sorted({r.item_id for r in rows} - set(states))
    states = {**states, **collect(engine, as_of, missing_states)} if missing_states else states
    groups: dict[tuple[int, str, str], list[ledger.Claimed]] = defaultdict(list)
    for row in rows:
        groups[(row.recipient_id, row.channel, row.address or "")].append(row)
    digests: list[Digest] = []
    settled: list[ledger.Result] = []
    for (person_id, channel, address), members in groups.items():
        person = directory.people.get(person_id)
        url = config.url_for(channel, address)
        ids = tuple(m.id for m in members)
        if person is None or url is None:
            settled.append(
                ledger.Result(
                    ids, ok=False, error="recipient or channel gone", permanent=True, tries=0
                )
            )
            continue
        units = [states[m.item_id] for m in members]
        rendered = render_manager_digest(person.name, units, as_of, person.language)
        digests.append(
            Digest(
                person_id,
                person.code,
                channel,
                address,
                ids,
                len(units),
                rendered,
                url,
                attempts=max(m.attempts for m in members),
            )
        )
    return send_and_record(engine, token, digests, settled, as_of, now, config)


register(
    {
        "digest.subject": {
            "vi": "[Đôn đốc] Tình hình thực hiện nhiệm vụ tuần {day}",
            "en": "[dondoc] Follow-up this week, {day}",
        },
        "digest.intro": {
            "vi": "Tình hình thực hiện nhiệm vụ của các đơn vị do đồng chí phụ trách:",
            "en": "The state of follow-up in the units you lead:",
        },
        "digest.year": {"vi": "Nhiệm vụ có hạn trong năm {year}", "en": "Tasks due in {year}"},
        "digest.overdue": {
            "vi": "{n} nhiệm vụ quá hạn; lâu nhất:",
            "en": "{n} overdue; longest first:",
        },
        "digest.missing": {
            "vi": "{n} báo cáo/sinh hoạt quá hạn chưa thực hiện:",
            "en": "{n} duties overdue:",
        },
    }
)
