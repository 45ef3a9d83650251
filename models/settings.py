"""Runtime settings, read from the environment (prefix ``DONDOC_``) or a ``.env`` file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["vi", "en"]


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dondoc"


class Settings(BaseSettings):
    """Where data lives and how the committee keeps time.

    Channel credentials are deliberately *not* here: they live in the notification
    configuration, which is never stored in the task database.
    """

    model_config = SettingsConfigDict(env_prefix="DONDOC_", env_file=".env", extra="ignore")

    home: Path = _default_home()
    database_url: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    language: Language = "vi"
    # Extra non-working days (ISO dates, one per line) announced each year, e.g. the
    # Government's extended Tết break, which the statutory calendar does not list.
    extra_holidays_file: Path | None = None

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'dondoc.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
