"""The emulation page of a large committee in headless Chromium: every unit with its
head count, then one unit's people ranked (the limit lowered to 3 people so the demo
committee counts as large; the server runs in this process)."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

import models.emulation
from tests.web.browser_kit import SECRETARY_MAIL, Site, click_and_wait, shoot, sign_in


def test_secretary_picks_a_unit_to_see_its_people(
    browser: webdriver.Chrome, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.emulation, "PEOPLE_SHOWN", 3)
    sign_in(browser, site, SECRETARY_MAIL)
    browser.get(f"{site.base}/emulation?year=2024")
    people = browser.find_element(By.ID, "emu-people-card")
    assert "chọn một đơn vị" in people.text
    assert not people.find_elements(By.ID, "emu-unit-people")
    shoot(browser, "emulation-by-unit-01-units")
    link = people.find_element(By.CSS_SELECTOR, 'a[href*="unit=DU-SHTT"]')
    click_and_wait(browser, link)
    assert "unit=DU-SHTT" in browser.current_url
    heading = browser.find_element(By.ID, "emu-unit-people")
    assert "Đảng ủy" in heading.text
    rows = browser.find_elements(By.CSS_SELECTOR, "#emu-people-card table.emulation tbody tr")
    assert rows and rows[0].text.startswith("1. ")
    shoot(browser, "emulation-by-unit-02-people")
