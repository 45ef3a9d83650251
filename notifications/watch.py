"""The dead-man's switch: the tracking office hears when a working morning had no run.

Prefect's hooks tell the office of a run that failed or crashed, but a run that never
starts has no hook: the server is down, the runner or worker stopped, the deployment is
paused, or a leaked concurrency slot makes ``CANCEL_NEW`` cancel every run (a run
cancelled or crashed under a limit may skip its hook too). So a watcher outside Prefect
(``dondoc watch``: run by ``dondoc serve`` every few minutes, or by a systemd timer)
looks for the morning run's check-in (``models.checkins``) once the configured hour
(``watch_after``, 09:00) has passed on a working day, and when there is none tells the
tracking office's people, saying why when Prefect's server can tell (``Finding``s, asked
only when someone is to be told).

The message goes through the delivery log as its own kind (``watch``, one item per
day), so each person and channel hears of a missing morning once, and a message that
could not be sent is retried by the next watcher run after back-off, like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import escape
from typing import Any

import pendulum
from sqlalchemy.engine import Engine

from models.calendar import WorkCalendar
from models.checkins import checked_in
from models.i18n import format_date, register, t
from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.addressing import addressed
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.pipeline import Digest, RunReport, claim, ready_digest, send_and_record
from notifications.planner import Plan, Reminder
from notifications.render import Rendered
from notifications.routing import Router

KIND = ItemKind.WATCH  # item_id: the day's ordinal; one message per person, channel and day
STAGE = StageName.MISSED  # one stage: the day it went missing
WATCHED_FLOW = "deadline-reminders"  # the morning run, and its deployment's name


@dataclass(frozen=True)
class Finding:
    """One thing Prefect's server says about the missing run: a text key and its values."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str) -> str:
        return t(self.key, language, **self.params)


Diagnose = Callable[[date, datetime], list[Finding]]  # (the day, now) -> findings


@dataclass
class WatchReport:
    """What one look found: ``quiet`` says why nobody was told (or None)."""

    day: date
    # Why nobody was told now: "not_working_day", "too_early", "checked_in", "told"
    # (already, today), "nobody" (no one in the tracking office can be reached).
    quiet: str | None = None
    findings: list[Finding] = field(default_factory=list)
    run: RunReport | None = None
    unreachable: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return 0 if self.run is None else self.run.sent

    @property
    def failed(self) -> int:
        return 0 if self.run is None else self.run.failed


def missing_morning(
    engine: Engine, now: datetime, config: NotifyConfig, calendar: WorkCalendar, timezone: str
) -> WatchReport:
    """Whether ``now`` is past the watch hour of a working day with no morning check-in."""
    local = pendulum.instance(now).in_timezone(timezone)
    day = date(local.year, local.month, local.day)
    if not calendar.is_working_day(day):
        return WatchReport(day, "not_working_day")
    if time(local.hour, local.minute, local.second) < config.watch_after:
        return WatchReport(day, "too_early")
    with engine.connect() as connection:
        if checked_in(connection, WATCHED_FLOW, day) is not None:
            return WatchReport(day, "checked_in")
    return WatchReport(day)


def plan_alerts(engine: Engine, day: date, config: NotifyConfig) -> Plan:
    """One ledger row per tracking-office person and channel for the day."""
    plan = Plan(day, kinds=(KIND,))
    with engine.connect() as connection:
        directory = Directory.load(connection)
    router = Router(directory, config)
    office = directory.unit_ids_by_code.get(config.tracking_office or "")
    for person_id in router.unit_people_or_none(office):
        plan.reminders += [
            Reminder(person_id, channel, address, KIND, day.toordinal(), STAGE, day, day, 0)
            for channel, address, _url in router.channels(person_id)
        ]
    plan.unreachable = router.unreachable
    return plan


def watch(
    engine: Engine,
    now: datetime,
    config: NotifyConfig,
    calendar: WorkCalendar,
    timezone: str,
    diagnose: Diagnose,
) -> WatchReport:
    """Look once: tell the tracking office of a missing morning (once per day)."""
    report = missing_morning(engine, now, config, calendar, timezone)
    if report.quiet is not None:
        return report
    token = str(uuid.uuid4())
    planned = plan_alerts(engine, report.day, config)
    report.unreachable = sorted(f"{u.who} ({u.reason})" for u in planned.unreachable)
    claim(engine, planned, token, now, config)
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind == KIND]
    if not rows:
        report.quiet = "told" if planned.reminders else "nobody"
        return report
    report.findings = diagnose(report.day, now)
    with engine.connect() as connection:
        directory = Directory.load(connection)
    settled: list[ledger.Result] = []
    digests: list[Digest] = []
    for message in addressed(rows, directory, config, settled):
        days = sorted({date.fromordinal(r.item_id) for r in message.rows})
        rendered = _word(days, report.findings, message.person.language)
        digests.append(ready_digest(message, len(days), rendered))
    report.run = send_and_record(engine, token, digests, settled, report.day, now, config)
    return report


def _word(days: list[date], findings: list[Finding], language: str) -> Rendered:
    when = ", ".join(format_date(d) for d in days)
    subject = t("watch.subject", language, date=when)
    intro = t("watch.intro", language, date=when)
    lines = [f.render(language) for f in findings] or [t("watch.no_reason", language)]
    hint = t("watch.hint", language)
    text = "\n".join([intro, "", *(f"- {line}" for line in lines), "", hint])
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    html = f"<p>{escape(intro)}</p><ul>{items}</ul><p>{escape(hint)}</p>"
    return Rendered(subject, text, html)


register(
    {
        "watch.subject": {
            "vi": "[Đôn đốc] Sáng {date} chưa có lượt nhắc việc nào chạy xong",
            "en": "[dondoc] No reminder run completed on the morning of {date}",
        },
        "watch.intro": {
            "vi": "Đến giờ kiểm tra, lượt nhắc việc buổi sáng ngày {date} vẫn chưa chạy xong: "
            "chưa ai nhận được tin nhắc việc hôm nay. Nguyên nhân tìm thấy:",
            "en": "By the check time, the morning reminder run of {date} had not completed: "
            "nobody has been reminded today. What was found:",
        },
        "watch.no_reason": {
            "vi": "không rõ nguyên nhân; xem Prefect UI và nhật ký của runner hoặc worker",
            "en": "no cause found; see the Prefect UI and the runner's or worker's log",
        },
        "watch.hint": {
            "vi": "Khi đã khắc phục, chạy `dondoc remind run` (hoặc chờ lượt chạy bù kế tiếp): "
            "không tin nào bị gửi hai lần.",
            "en": "Once fixed, run `dondoc remind run` (or wait for the next catch-up run): "
            "nothing is sent twice.",
        },
        "watch.no_server": {
            "vi": "chưa cấu hình máy chủ Prefect (PREFECT_API_URL) và `dondoc serve` không chạy",
            "en": "no Prefect server is configured (PREFECT_API_URL) and `dondoc serve` is "
            "not running",
        },
        "watch.unreachable": {
            "vi": "máy chủ Prefect {url} không trả lời",
            "en": "the Prefect server {url} does not answer",
        },
        "watch.no_deployment": {
            "vi": "máy chủ Prefect không có deployment {name}",
            "en": "the Prefect server has no deployment {name}",
        },
        "watch.paused": {
            "vi": "deployment {name} đang tạm dừng (paused)",
            "en": "deployment {name} is paused",
        },
        "watch.schedules_off": {
            "vi": "mọi lịch chạy của deployment {name} đều đang tắt",
            "en": "every schedule of deployment {name} is inactive",
        },
        "watch.not_ready": {
            "vi": "không runner hay worker nào đang nhận lượt chạy của {name} (trạng thái "
            "NOT_READY): runner hoặc worker đã dừng?",
            "en": "no runner or worker is picking up runs of {name} (status NOT_READY): "
            "has the runner or worker stopped?",
        },
        "watch.no_runs": {
            "vi": "máy chủ không tạo lượt chạy nào của {name} hôm nay (bộ lập lịch không chạy?)",
            "en": "the server created no run of {name} today (is its scheduler running?)",
        },
        "watch.waiting": {
            "vi": "{n} lượt chạy đến hạn từ {since} vẫn đang chờ, chưa được bắt đầu",
            "en": "{n} run(s) due since {since} are still waiting to start",
        },
        "watch.running": {
            "vi": "một lượt chạy bắt đầu lúc {since} vẫn chưa kết thúc",
            "en": "a run started at {since} has not finished",
        },
        "watch.cancelled": {
            "vi": "{n} lượt chạy hôm nay bị hủy ({message})",
            "en": "{n} run(s) today were cancelled ({message})",
        },
        "watch.failed": {
            "vi": "{n} lượt chạy hôm nay không thành công; lượt cuối: {state} ({message})",
            "en": "{n} run(s) today did not succeed; the last: {state} ({message})",
        },
        "watch.completed": {
            "vi": "{n} lượt chạy hôm nay kết thúc nhưng không gửi gì (chạy thử, hoặc bị hoãn)",
            "en": "{n} run(s) today finished without sending (dry runs, or held)",
        },
        "watch.slot_leaked": {
            "vi": "giới hạn đồng thời {limit_name} đã đầy ({taken}/{limit}) trong khi không "
            "lượt nào đang chạy: một chỗ bị giữ lại (leaked), mọi lượt mới sẽ bị hủy. Giải "
            "phóng: `prefect gcl update {limit_name} --active-slots 0`",
            "en": "concurrency limit {limit_name} is full ({taken}/{limit}) while no run is "
            "running: a slot leaked, and every new run is cancelled. Release it with "
            "`prefect gcl update {limit_name} --active-slots 0`",
        },
    }
)
