"""The leaders' dashboard in headless Chromium: the secretary's quarterly review."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.dashboard import review_quarter


def test_secretary_reviews_the_second_quarter(
    browser: webdriver.Chrome, site: Site, tmp_path: Path
) -> None:
    review_quarter(browser, site, tmp_path)
