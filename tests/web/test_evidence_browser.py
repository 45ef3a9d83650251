"""The evidence journeys in a real Chromium (``tests/web/journeys/evidence.py``): every
page they visit is shot at desktop and phone widths and checked by axe-core."""

from __future__ import annotations

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.evidence import confirm_completion_with_pdf, delegate_and_discuss


def test_confirm_completion_with_pdf(site: Site, browser: webdriver.Chrome) -> None:
    confirm_completion_with_pdf(browser, site)


def test_delegate_and_discuss(site: Site, browser: webdriver.Chrome) -> None:
    delegate_and_discuss(browser, site)
