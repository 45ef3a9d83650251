"""One look of the watcher, with this installation's parts: the database, the channels,
the calendar, and the Prefect server the runs should come from (``PREFECT_API_URL``, or
a running ``dondoc serve``). No Prefect import: the watcher must work when Prefect does
not (``dondoc watch`` on a systemd timer, or ``dondoc serve``'s housekeeping process).
"""

from __future__ import annotations

from datetime import datetime

from flows.prefect_env import configured_api, running_local_api
from flows.prefect_status import diagnose
from flows.runtime import moment_or_now
from models.calendar import default_calendar
from models.db import get_engine
from models.settings import get_settings
from notifications.config import load_config
from notifications.watch import WATCHED_FLOW, WatchReport, watch


def look(at: datetime | None = None) -> WatchReport:
    """Check the morning run now (or as if at ``at``: naive is committee-local time)."""
    settings = get_settings()
    api = configured_api() or running_local_api(settings.home)
    return watch(
        get_engine(),
        moment_or_now(at),
        load_config(),
        default_calendar(),
        settings.timezone,
        lambda day, now: diagnose(api, WATCHED_FLOW, day, now, settings.timezone),
    )
