"""Telling the tracking office when a scheduled run fails or crashes.

Flows call this from their Prefect ``on_failure`` / ``on_crashed`` hooks (the runner or
worker runs the crashed hook when the flow's process dies), so no Prefect automation or
notification block has to be set up on the server: the office hears it through the
tracker's own channels. Each person of the tracking office gets one short message per
channel; the error text is scrubbed of channel secrets.
"""

from __future__ import annotations

from html import escape

from models.db import get_engine
from models.i18n import register, t
from notifications.config import load_config
from notifications.directory import Directory
from notifications.routing import Router
from notifications.sender import Message, send_all


def alert_office(flow: str, run: str, state: str, error: str) -> int:
    """Send the alert; returns how many messages were delivered."""
    config = load_config()
    with get_engine().connect() as connection:
        directory = Directory.load(connection)
    router = Router(directory, config)
    office = directory.unit_ids_by_code.get(config.tracking_office or "")
    redactor = config.redactor()
    messages = []
    for person_id in router.unit_people_or_none(office):
        lang = directory.people[person_id].language
        subject = t("run_alert.subject", lang, flow=flow, state=state)
        body = t("run_alert.body", lang, flow=flow, run=run, state=state)
        detail = redactor.scrub(error)[:2000]
        html = f"<p>{escape(body)}</p><pre>{escape(detail)}</pre>"
        messages += [Message(url, subject, html) for _c, _a, url in router.channels(person_id)]
    outcomes = send_all(messages, concurrency=config.concurrency, redactor=redactor, retries=2)
    return sum(o.ok for o in outcomes)


register(
    {
        "run_alert.subject": {
            "vi": "[Đôn đốc] Lượt chạy {flow} không thành công ({state})",
            "en": "[dondoc] A {flow} run did not succeed ({state})",
        },
        "run_alert.body": {
            "vi": "Lượt chạy «{run}» của {flow} kết thúc ở trạng thái {state}. Các tin chưa "
            "gửi được sẽ được lượt chạy sau gửi tiếp; xem chi tiết trong Prefect UI.",
            "en": "Run “{run}” of {flow} ended {state}. What it did not deliver is picked up "
            "by the next run; details are in the Prefect UI.",
        },
    }
)
