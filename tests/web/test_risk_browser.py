"""Acting before a deadline slips, in a real browser: the explanation request journey
(``tests/web/journeys/risk.py``)."""

from __future__ import annotations

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.risk import request_explanation


def test_the_secretary_requests_an_explanation_and_reads_the_answer(
    site: Site, browser: webdriver.Chrome
) -> None:
    request_explanation(browser, site)
