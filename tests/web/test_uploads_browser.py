"""The office's files in and out, in a real Chromium against a live server (journeys in
``tests/web/journeys/uploads.py``)."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver

from tests.web.browser_kit import Site
from tests.web.journeys.uploads import download_report, extract_resolution, upload_spreadsheet


def test_upload_spreadsheet(site: Site, browser: webdriver.Chrome) -> None:
    upload_spreadsheet(browser, site)


def test_download_report(site: Site, browser: webdriver.Chrome, tmp_path: Path) -> None:
    download_report(browser, site, tmp_path)


def test_extract_resolution(site: Site, browser: webdriver.Chrome) -> None:
    extract_resolution(browser, site)
