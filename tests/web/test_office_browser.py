"""The tracking office's clerk in a real headless Chromium (desktop and phone widths,
axe-core on every page): see ``tests/web/journeys/office.py``."""

from __future__ import annotations

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.office import enter_resolution


def test_the_clerk_enters_a_resolution_after_the_review_conference(
    site: Site, browser: webdriver.Chrome
) -> None:
    enter_resolution(browser, site)
