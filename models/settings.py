"""Runtime settings, read from the environment (prefix ``DONDOC_``) or a ``.env`` file.

Plain standard library on purpose: the command line reads settings on every call,
and a settings framework would cost more to import than the query it serves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("vi", "en")


class SettingsError(ValueError):
    pass


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dondoc"


def _dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file (comments and blank lines ignored)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclass(frozen=True)
class Settings:
    """Where data lives and how the committee keeps time.

    Channel credentials are deliberately *not* here: they live in the notification
    configuration, which is never stored in the task database.
    """

    home: Path
    database_url: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    # Extra non-working days (ISO dates, one per line) announced each year, e.g. the
    # Government's extended Tết break, which the statutory calendar does not list.
    extra_holidays_file: Path | None = None
    # How long a write waits for a row or file another writer holds before it fails with
    # "the database is locked" (SQLite busy_timeout, PostgreSQL lock_timeout).
    lock_timeout_seconds: float = 30.0
    # The web application: its public address (links in reminders point there), the key
    # that signs its cookies and links (default: a random one kept in ``home``), and the
    # people (codes) who may see and change everything besides the tracking office.
    web_url: str | None = None
    web_secret: str | None = None
    web_admins: tuple[str, ...] = ()
    # A web session ends after this long without a request, and this long after sign-in
    # whatever happens: a copied cookie is worth no more than that.
    web_session_idle_minutes: int = 60
    web_session_hours: int = 12
    # A year unattended: the delivery log's settled rows about closed items go after this
    # many days (notifications/compaction.py), and Prefect's finished runs, their logs and
    # events after that many (its own vacuum service, switched on by ``dondoc serve``).
    keep_deliveries_days: int = 400
    keep_prefect_runs_days: int = 90
    # The largest file one may attach (evidence on a report, a signed document), in MB.
    file_max_mb: int = 10

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'dondoc.sqlite3'}"

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        env = {**_dotenv(Path(".env")), **(dict(os.environ) if environ is None else environ)}

        def get(name: str) -> str | None:
            value = env.get(f"DONDOC_{name}")
            return value if value else None

        language = get("LANGUAGE") or get("LANG") or "vi"
        if language not in LANGUAGES:
            raise SettingsError(
                f"DONDOC_LANG must be one of {', '.join(LANGUAGES)}, not {language!r}"
            )
        timezone = get("TIMEZONE") or "Asia/Ho_Chi_Minh"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"DONDOC_TIMEZONE: unknown timezone {timezone!r}") from None
        holidays = get("EXTRA_HOLIDAYS_FILE")
        try:
            lock_timeout = float(get("LOCK_TIMEOUT_SECONDS") or 30)
        except ValueError:
            raise SettingsError("DONDOC_LOCK_TIMEOUT_SECONDS must be a number of seconds") from None
        idle = _positive(get("WEB_SESSION_IDLE_MINUTES"), 60, "DONDOC_WEB_SESSION_IDLE_MINUTES")
        hours = _positive(get("WEB_SESSION_HOURS"), 12, "DONDOC_WEB_SESSION_HOURS")
        deliveries = _positive(get("KEEP_DELIVERIES_DAYS"), 400, "DONDOC_KEEP_DELIVERIES_DAYS")
        runs = _positive(get("KEEP_PREFECT_RUNS_DAYS"), 90, "DONDOC_KEEP_PREFECT_RUNS_DAYS")
        file_max_mb = _positive(get("FILE_MAX_MB"), 10, "DONDOC_FILE_MAX_MB")
        return cls(
            home=Path(get("HOME") or _default_home()),
            database_url=get("DATABASE_URL"),
            timezone=timezone,
            language=language,
            extra_holidays_file=Path(holidays) if holidays else None,
            lock_timeout_seconds=lock_timeout,
            web_url=(get("WEB_URL") or "").rstrip("/") or None,
            web_secret=get("WEB_SECRET"),
            web_admins=tuple(c.strip() for c in (get("WEB_ADMINS") or "").split(",") if c.strip()),
            web_session_idle_minutes=idle,
            web_session_hours=hours,
            keep_deliveries_days=deliveries,
            keep_prefect_runs_days=runs,
            file_max_mb=file_max_mb,
        )


def _positive(value: str | None, default: int, name: str) -> int:
    """A whole number of minutes or hours, at least 1."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise SettingsError(f"{name} must be at least 1, not {number}")
    return number


def mask_password(text: str) -> str:
    """``text`` with the secrets of every URL in it masked (see ``models.secrets``)."""
    from models.secrets import mask_secrets

    return mask_secrets(text)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_environment()
