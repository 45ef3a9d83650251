"""``make run`` and ``make web``: the demo's mails carry working links (a web address is
set before any message is built), and "Việc của tôi" opens the reader's own work."""

from __future__ import annotations

import pytest

from cli.demo_commands import DEMO_HOST, DEMO_PORT, _demo_address
from models.links import footer_links
from models.settings import get_settings


def test_the_demo_sets_the_address_make_web_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_WEB_URL", "")  # recorded, so the demo's value is undone
    monkeypatch.delenv("DONDOC_WEB_URL")
    monkeypatch.setenv("DONDOC_WEB_SECRET", "demo-links-secret-0123456789")
    get_settings.cache_clear()
    assert get_settings().web_url is None  # without the demo's address: no links at all
    assert footer_links(7) is None
    try:
        assert _demo_address() == f"http://{DEMO_HOST}:{DEMO_PORT}"
        links = footer_links(7)
        assert links is not None
        assert links.my_work == "http://127.0.0.1:8000/"  # my work, not the account page
        assert links.settings == "http://127.0.0.1:8000/me/notifications"
    finally:
        get_settings.cache_clear()


def test_an_address_set_by_the_user_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_WEB_URL", "https://dondoc.example.vn")
    try:
        assert _demo_address() == "https://dondoc.example.vn"
        assert get_settings().web_url == "https://dondoc.example.vn"
    finally:
        get_settings.cache_clear()
