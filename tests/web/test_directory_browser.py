"""The directory lane's journeys in a real Chromium (see ``tests/web/journeys/directory``)."""

from __future__ import annotations

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.directory import add_and_deactivate, secretary_submits_duty


def test_the_office_adds_a_person_and_hands_over_anothers_task(
    browser: webdriver.Chrome, site: Site
) -> None:
    add_and_deactivate(browser, site)


def test_a_branch_secretary_records_the_meeting_with_its_date(
    browser: webdriver.Chrome, site: Site
) -> None:
    secretary_submits_duty(browser, site)
