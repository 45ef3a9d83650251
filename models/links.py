"""Addresses in the web application that messages carry: a task's page, one-click actions.

A one-click link is a signed token bound to one person, one task and one action,
expiring in days and spent on use (``models.tokens``). Without ``DONDOC_WEB_URL`` there is
no web application to point to, and messages carry no links.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.settings import Settings, get_settings
from models.tokens import ACTION, ACTIONS, UNSUBSCRIBE, mint, secret_key


@dataclass(frozen=True)
class TaskLinks:
    page: str
    actions: dict[str, str]  # action ("done", "progress", "extend") -> one-click address


def task_page(base_url: str, task_id: int) -> str:
    return f"{base_url}/tasks/{task_id}"


def duties_page(base_url: str) -> str:
    """Where reports and meetings owed are listed (and recorded as delivered)."""
    return f"{base_url}/duties"


def action_link(base_url: str, secret: str, person_id: int, task_id: int, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return f"{base_url}/a/{mint(secret, ACTION, person_id, t=task_id, a=action)}"


def signin_link(base_url: str, token: str) -> str:
    return f"{base_url}/login/{token}"


def task_list_page(base_url: str, unit_code: str, status: str) -> str:
    """The web task list filtered as a digest counts: a unit's tasks (sub-units included,
    led by them) in one status."""
    from urllib.parse import urlencode

    return f"{base_url}/tasks?{urlencode({'unit': unit_code, 'status': status})}"


def task_links(person_id: int, task_id: int, settings: Settings | None = None) -> TaskLinks | None:
    """The links a message to ``person_id`` about ``task_id`` carries (None: no web address)."""
    settings = settings or get_settings()
    if not settings.web_url:
        return None
    secret = secret_key(settings)
    return TaskLinks(
        task_page(settings.web_url, task_id),
        {a: action_link(settings.web_url, secret, person_id, task_id, a) for a in ACTIONS},
    )


@dataclass(frozen=True)
class FooterLinks:
    """What every message's footer points to: the person's work, their settings, and a
    link that stops non-essential messages without signing in."""

    my_work: str
    settings: str
    unsubscribe: str


def my_work_page(base_url: str) -> str:
    """The reader's own work (the home page, "Việc của tôi" in the menu): what they lead
    or co-own, overdue and due soon; not the account page."""
    return f"{base_url}/"


def notification_settings_page(base_url: str) -> str:
    return f"{base_url}/me/notifications"


def unsubscribe_link(base_url: str, secret: str, person_id: int) -> str:
    return f"{base_url}/u/{mint(secret, UNSUBSCRIBE, person_id)}"


def footer_links(person_id: int, settings: Settings | None = None) -> FooterLinks | None:
    """The footer links of a message to ``person_id`` (None: no web address configured)."""
    settings = settings or get_settings()
    if not settings.web_url:
        return None
    base = settings.web_url
    return FooterLinks(
        my_work_page(base),
        notification_settings_page(base),
        unsubscribe_link(base, secret_key(settings), person_id),
    )
