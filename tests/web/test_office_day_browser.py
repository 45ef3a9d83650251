"""The tracking office's day and a branch secretary's month, each one browser session on
one live site (real Chromium, real SMTP sink; every page shot at desktop and phone widths
and checked by axe-core). The steps are the journeys in ``tests/web/journeys/``, run in
the order the people do them, so each step starts from what the previous ones left.
"""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.directory import add_and_deactivate, secretary_submits_duty
from tests.web.journeys.evidence import confirm_completion_with_pdf, delegate_and_discuss
from tests.web.journeys.office import enter_resolution, page_meetings
from tests.web.journeys.uploads import download_report, extract_resolution, upload_spreadsheet


def test_the_clerks_day(site: Site, browser: webdriver.Chrome, tmp_path: Path) -> None:
    """After the review conference: a resolution with five tasks typed in, a 50-row
    spreadsheet with two errors read, fixed and committed, the next resolution read from
    its own text, a completion carrying a PDF confirmed, a person added and another
    deactivated with their tasks handed over, the Q2 report downloaded, and a year of a
    branch's meetings paged through."""
    enter_resolution(browser, site)
    upload_spreadsheet(browser, site)
    extract_resolution(browser, site)
    confirm_completion_with_pdf(browser, site)
    add_and_deactivate(browser, site)
    download_report(browser, site, tmp_path)
    page_meetings(browser, site)


def test_a_branch_secretarys_month(site: Site, browser: webdriver.Chrome) -> None:
    """The monthly meeting recorded with its own date; a part of a task given to a member,
    a comment answered; the member told of each step that concerns them."""
    secretary_submits_duty(browser, site)
    delegate_and_discuss(browser, site)
