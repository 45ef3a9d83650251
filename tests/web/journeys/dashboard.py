"""The secretary's quarterly review on the leaders' dashboard, in a real browser."""

from __future__ import annotations

import re
import tempfile
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

from openpyxl import load_workbook
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.web.browser_kit import SECRETARY_MAIL, Site, click_and_wait, shoot, sign_in


def _wait_for_file(folder: Path, pattern: str) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {pattern} downloaded into {folder}")


def review_quarter(driver: webdriver.Chrome, site: Site, downloads: Path | None = None) -> None:
    """The secretary picks Q2, sees the charts, opens an overdue count and lands on
    exactly those tasks, then downloads the table as XLSX (into ``downloads``, default a
    new temporary folder)."""
    downloads = downloads or Path(tempfile.mkdtemp(prefix="dondoc-downloads-"))
    sign_in(driver, site, SECRETARY_MAIL)
    click_and_wait(driver, driver.find_element(By.ID, "nav-dashboard"))
    shoot(driver, "dashboard-01-current-quarter")
    Select(driver.find_element(By.ID, "period")).select_by_value("2024-Q2")
    click_and_wait(driver, driver.find_element(By.ID, "show"))
    assert "period=2024-Q2" in driver.current_url
    assert "quý II năm 2024" in driver.find_element(By.ID, "units-heading").text
    charts = driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")
    assert len(charts) == 2 and all(c.size["width"] > 200 for c in charts)
    shoot(driver, "dashboard-02-q2")

    # An overdue count: the committee's, which holds every unit's below it.
    link = driver.find_element(
        By.CSS_SELECTOR, 'a.count[data-unit="DU-SHTT"][data-status="overdue"]'
    )
    count = int(link.text)
    assert count > 0
    click_and_wait(driver, link)
    assert "/tasks?" in driver.current_url
    assert "due_from=01/04/2024" in unquote(driver.current_url)
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    assert len(rows) == count
    for row in rows:
        assert "Quá hạn" in row.text
        due = re.search(r"(\d\d)/(\d\d)/2024", row.find_elements(By.TAG_NAME, "td")[3].text)
        assert due and 4 <= int(due[2]) <= 6, row.text
    shoot(driver, "dashboard-03-overdue-tasks")

    # A reversed custom range is refused, and the dates stay as typed.
    driver.back()
    Select(driver.find_element(By.ID, "period")).select_by_value("custom")
    for field, value in (("start", "30/06/2024"), ("end", "01/04/2024")):
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    click_and_wait(driver, driver.find_element(By.ID, "show"))
    assert driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert driver.find_element(By.ID, "start").get_attribute("value") == "30/06/2024"
    shoot(driver, "dashboard-04-range-refused")

    driver.get(f"{site.base}/dashboard?period=2024-Q2")
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.find_element(By.ID, "export-xlsx").click()
    sheet = load_workbook(BytesIO(_wait_for_file(downloads, "*.xlsx").read_bytes())).active
    committee = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "DU-SHTT")
    assert committee[5] == count  # the overdue column, as on the page

    driver.get(f"{site.base}/emulation?year=2024")
    assert "Kết quả thi đua năm 2024" in driver.find_element(By.TAG_NAME, "h1").text
    shoot(driver, "dashboard-05-emulation")
