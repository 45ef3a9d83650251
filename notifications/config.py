"""Notification configuration: channel URL templates, routing overrides, policy.

Read from a YAML file (``DONDOC_NOTIFY_FILE``) and environment variables
(``DONDOC_CHANNEL_EMAIL``, ``DONDOC_CHANNEL_TELEGRAM``...). It is never stored in the
task database. ``${VAR}`` in the file is replaced from the environment, so secrets can
stay out of the file too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from models.contacts import is_valid_target
from notifications.policy import ReminderPolicy
from notifications.redact import Redactor
from notifications.render import DEFAULT_MAX_ITEMS, with_chat_markup

_ENV_REF = re.compile(r"\$\{([A-Z0-9_]+)\}")
ENV_CHANNEL_PREFIX = "DONDOC_CHANNEL_"
# A channel given as "prefect-secret:<block name>" is read from a Prefect Secret block
# when first used, so the URL (and its password or token) lives only in Prefect.
SECRET_PREFIX = "prefect-secret:"  # noqa: S105 - a marker, not a secret


def resolve_secret(reference: str) -> str:
    from typing import cast

    from prefect.blocks.system import Secret

    try:
        block = cast("Secret[str]", Secret.load(reference[len(SECRET_PREFIX) :]))
        value = block.get()
    except ValueError as error:
        raise ConfigError(f"{reference}: no such Prefect Secret block") from error
    return str(value)


class ConfigError(ValueError):
    pass


# Kept-open SMTP sessions per server and sending process. Submission servers often cap
# the sessions of one account, and a fast one needs no more: each session sends back
# to back, and more threads only fight over the interpreter lock (four sessions send
# faster than sixteen: docs/benchmarks.md).
EMAIL_SESSIONS = 4


@dataclass
class NotifyConfig:
    # channel name (as in ContactChannel) -> Apprise URL template with {address}
    channels: dict[str, str] = field(default_factory=dict)
    tracking_office: str | None = None  # unit code whose manager hears escalations
    unit_contacts: dict[str, list[str]] = field(default_factory=dict)  # unit code -> people
    policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    concurrency: int = 16
    digest_max_items: int = DEFAULT_MAX_ITEMS  # listed in full per e-mail; the rest counted
    send_processes: int = 1  # >1 shares large batches among worker processes
    email_sessions: int = EMAIL_SESSIONS  # kept-open SMTP sessions per server and process
    send_retries: int = 2  # within a run, before the delivery waits for the next run
    retry_backoff_seconds: float = 0.5
    # Channels whose every target is read by many (a team's webhook): no salutation.
    # Slack "#channel" and Telegram group (negative) chat ids are recognised anyway.
    group_channels: frozenset[str] = frozenset()
    # By this committee-local time on a working day the morning run must have checked in,
    # or the watcher (`dondoc watch`) tells the tracking office.
    watch_after: time = time(9, 0)

    def url_for(self, channel: str, address: str) -> str | None:
        """The Apprise URL for one target, or None when the channel is not configured or
        the target is not one valid recipient (a stored address never adds recipients,
        headers or URL parameters: it is checked again here, then quoted).
        """
        template = self.channels.get(channel)
        if template is None or not is_valid_target(channel, address):
            return None
        if template.startswith(SECRET_PREFIX):
            template = self.channels[channel] = resolve_secret(template)
        # "+" is quoted too: in a query string it would arrive as a space.
        url = template.replace("{address_raw}", address).replace(
            "{address}", quote(address, safe="@.-_")
        )
        return with_chat_markup(url)

    def redactor(self) -> Redactor:
        return Redactor(v for v in self.channels.values() if not v.startswith(SECRET_PREFIX))

    def describe(self) -> dict[str, str]:
        """Each channel's template, secrets masked: what logs and health checks show."""
        scrub = self.redactor().scrub
        return {name: scrub(template) for name, template in sorted(self.channels.items())}


def _expand(value: str, where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name not in os.environ:
            raise ConfigError(f"{where}: environment variable {name} is not set")
        return os.environ[name]

    return _ENV_REF.sub(replace, value)


def _number(value: Any, where: str, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{where}: expected a whole number, got {value!r}") from None
    if number < least:
        raise ConfigError(f"{where}: must be at least {least}, got {number}")
    return number


def _days(value: Any, where: str, least: int = 0) -> set[int]:
    """A non-empty list of day counts, e.g. ``[7, 30, 90]``."""
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: expected a list of days such as [7, 30, 90], got {value!r}")
    return {_number(v, where, least) for v in value}


def _names(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of channel names such as [webhook]")
    return frozenset(value)


def _policy(raw: dict[str, Any], where: str) -> ReminderPolicy:
    known = {
        "before_days",
        "overdue_every_days",
        "escalate_at_days",
        "working_days_only",
        "quiet_hours",
        "max_attempts",
        "claim_lease_minutes",
    }
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{where}: unknown policy keys {sorted(unknown)}; known: {sorted(known)}")
    values: dict[str, Any] = {}
    if "before_days" in raw:
        days = _days(raw["before_days"], f"{where}.before_days")
        values["before_days"] = tuple(sorted(days, reverse=True))
    if "escalate_at_days" in raw:
        values["escalate_at_days"] = tuple(
            sorted(_days(raw["escalate_at_days"], f"{where}.escalate_at_days", least=1))
        )
    for key in ("overdue_every_days", "max_attempts"):
        if key in raw:
            values[key] = _number(raw[key], f"{where}.{key}")
    if "working_days_only" in raw:
        values["working_days_only"] = bool(raw["working_days_only"])
    if "claim_lease_minutes" in raw:
        values["claim_lease"] = timedelta(minutes=int(raw["claim_lease_minutes"]))
    if "quiet_hours" in raw:
        quiet = raw["quiet_hours"]
        if quiet in (None, "", False):
            values["quiet_start"] = values["quiet_end"] = None
        else:
            try:
                start, end = (time.fromisoformat(p.strip()) for p in str(quiet).split("-"))
            except ValueError:
                raise ConfigError(f"{where}: quiet_hours must look like 21:00-07:00") from None
            values["quiet_start"], values["quiet_end"] = start, end
    return ReminderPolicy(**values)


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> NotifyConfig:
    env = os.environ if environ is None else environ
    path = path or (Path(env["DONDOC_NOTIFY_FILE"]) if env.get("DONDOC_NOTIFY_FILE") else None)
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"{path}: cannot read notification settings: {error}") from None
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping at the top")
    where = str(path) if path else "environment"
    channels = {
        str(name): _expand(str(url), f"{where}: channels.{name}")
        for name, url in (raw.get("channels") or {}).items()
    }
    for key, value in env.items():
        if key.startswith(ENV_CHANNEL_PREFIX) and value:
            channels[key[len(ENV_CHANNEL_PREFIX) :].lower()] = value
    return NotifyConfig(
        channels=channels,
        tracking_office=env.get("DONDOC_TRACKING_OFFICE") or raw.get("tracking_office"),
        unit_contacts={
            str(k): [str(p) for p in v] for k, v in (raw.get("unit_contacts") or {}).items()
        },
        policy=_policy(raw.get("policy") or {}, f"{where}: policy"),
        concurrency=_number(raw.get("concurrency", 16), f"{where}: concurrency", 1),
        send_processes=_number(raw.get("send_processes", 1), f"{where}: send_processes", 1),
        email_sessions=_number(
            raw.get("email_sessions", EMAIL_SESSIONS), f"{where}: email_sessions", 1
        ),
        digest_max_items=_number(
            raw.get("digest_max_items", DEFAULT_MAX_ITEMS), f"{where}: digest_max_items"
        ),
        group_channels=_names(raw.get("group_channels"), f"{where}: group_channels"),
        watch_after=_clock(
            env.get("DONDOC_WATCH_AFTER") or raw.get("watch_after", "09:00"),
            f"{where}: watch_after",
        ),
    )


def _clock(value: Any, where: str) -> time:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)  # YAML 1.1 reads an unquoted 9:00 as 540
    try:
        return time.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{where}: expected a time such as 09:00, got {value!r}") from None
