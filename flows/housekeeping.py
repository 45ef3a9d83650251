"""What ``dondoc serve`` runs beside Prefect, and apart from it: the watcher and the
nightly backup, followed by the compaction of the delivery log.

Both must keep working when Prefect does not (the watcher exists to notice exactly
that), so they are not Prefect flows but one small process of their own, supervised by
``serve`` like the server, the runner and the web application. It looks every
``--watch-every`` seconds (``notifications.watch``: the office hears of a missing
morning once a day), and takes a backup once a day after ``--backup-at`` (committee
time) unless one was already taken that day, so a restart neither skips nor repeats
it. An error in one job is logged and the job is tried again at its next turn; the
process itself only stops on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import FrameType

import pendulum

from flows.prefect_env import quiet_defaults

log = logging.getLogger("dondoc.housekeeping")


@dataclass(frozen=True)
class Plan:
    watch_every: timedelta | None  # None: no watcher
    backup_dir: Path | None  # None: no nightly backup
    backup_at: time = time(2, 0)
    keep: int = 7


def backup_due(plan: Plan, now: datetime, timezone: str, last: date | None) -> bool:
    """After ``backup_at`` on a day without a backup yet (``last``: the newest one's day)."""
    if plan.backup_dir is None:
        return False
    local = pendulum.instance(now).in_timezone(timezone)
    today = date(local.year, local.month, local.day)
    return last != today and time(local.hour, local.minute) >= plan.backup_at


def last_backup_day(folder: Path, timezone: str) -> date | None:
    """The committee's day of the newest backup in ``folder``, from its name (UTC)."""
    from models.backup import PREFIX, backups

    found = backups(folder)
    if not found:
        return None
    stamp = found[-1].name[len(PREFIX) :][:16]  # 20240322T190000Z
    taken = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    local = pendulum.instance(taken).in_timezone(timezone)
    return date(local.year, local.month, local.day)


def turn(plan: Plan, now: datetime, watched_at: datetime | None) -> datetime | None:
    """One turn of the loop at ``now``: the jobs that are due; returns the new time of
    the last look."""
    from models.settings import get_settings

    settings = get_settings()
    if plan.watch_every is not None and (
        watched_at is None or now - watched_at >= plan.watch_every
    ):
        watched_at = now
        try:
            from flows.watch import look

            report = look(now)
            if report.quiet not in ("not_working_day", "too_early", "checked_in", "told"):
                log.warning(
                    "watch %s: %s; sent %d, failed %d, unreachable %s",
                    report.day,
                    report.quiet or "told the office",
                    report.sent,
                    report.failed,
                    report.unreachable,
                )
        except Exception:
            log.exception("the watcher failed; it looks again at its next turn")
    folder = plan.backup_dir
    if folder is not None and backup_due(
        plan, now, settings.timezone, last_backup_day(folder, settings.timezone)
    ):
        try:
            from models.backup import take_backup

            made = take_backup(
                settings.resolved_database_url, settings.home, folder, keep=plan.keep, now=now
            )
            log.info("backup written: %s", made)
        except Exception:
            log.exception("the nightly backup failed; it is tried again at the next turn")
        else:  # the log's old rows go only once tonight's backup holds them
            try:
                from models.db import get_engine
                from notifications.compaction import compact

                gone = compact(get_engine(), now, settings.keep_deliveries_days)
                log.info("delivery log compacted: %d settled rows removed", gone)
            except Exception:
                log.exception("compacting the delivery log failed; it is tried tomorrow")
    return watched_at


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--watch-every", type=float, default=600, help="seconds; 0: off")
    parser.add_argument("--backup-dir", type=Path, default=None)
    parser.add_argument("--backup-at", type=time.fromisoformat, default=time(2, 0))
    parser.add_argument("--keep", type=int, default=7)
    parser.add_argument("--tick", type=float, default=30, help="seconds between turns")
    args = parser.parse_args(argv)
    quiet_defaults()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    plan = Plan(
        timedelta(seconds=args.watch_every) if args.watch_every > 0 else None,
        args.backup_dir,
        args.backup_at,
        args.keep,
    )
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    log.info("housekeeping: %s", plan)
    watched_at: datetime | None = None
    while not stopping.is_set():
        watched_at = turn(plan, datetime.now(UTC), watched_at)
        stopping.wait(args.tick)


if __name__ == "__main__":
    main()
