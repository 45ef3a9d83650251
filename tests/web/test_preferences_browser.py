"""Notification settings, snoozing and unsubscribing in a real headless Chromium, at
desktop and phone widths (screenshots in ``var/screenshots/``, for a reviewer's eyes).

The order buttons are plain submit buttons: the page works without any script."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.common.by import By
from sqlmodel import Session

from models.preferences import channel_choices, preference_of
from models.tokens import UNSUBSCRIBE, mint
from tests.web.browser_kit import (
    MEMBER_MAIL,
    SECRETARY_MAIL,
    SIZES,
    Site,
    click_and_wait,
    shoot,
    sign_in,
)
from tests.web.conftest import SECRET


def _person_id(site: Site, code: str) -> int:
    from sqlmodel import select

    from models.org import Person

    with Session(site.engine) as session:
        found = session.exec(select(Person.id).where(Person.code == code)).one()
        assert found is not None
        return found


def test_settings_page_on_desktop_and_phone(site: Site, browser: webdriver.Chrome) -> None:
    driver = browser
    sign_in(driver, site, SECRETARY_MAIL)
    driver.get(f"{site.base}/me")
    click_and_wait(driver, driver.find_element(By.ID, "me-notifications"))
    assert driver.current_url.endswith("/me/notifications")
    shoot(driver, "20-notification-settings")
    rows = driver.find_elements(By.CSS_SELECTOR, "ol.channels li")
    assert len(rows) == 2
    first = rows[0].find_element(By.CSS_SELECTOR, "small").text
    # Move the first channel down on a phone-sized window: no script needed.
    driver.set_window_size(*SIZES["phone"])
    down = rows[0].find_element(By.CSS_SELECTOR, "button[value$=':down']")
    click_and_wait(driver, down)
    assert "Đã lưu cài đặt." in driver.find_element(By.ID, "notice").text
    rows = driver.find_elements(By.CSS_SELECTOR, "ol.channels li")
    assert rows[1].find_element(By.CSS_SELECTOR, "small").text == first
    assert "kênh chính" in rows[0].text
    # Untick every channel: refused, the reason shown on the page.
    for box in driver.find_elements(By.CSS_SELECTOR, "ol.channels input[type=checkbox]"):
        box.click()
    click_and_wait(driver, driver.find_element(By.ID, "save"))
    assert "Phải giữ ít nhất một kênh" in driver.find_element(By.ID, "error").text
    shoot(driver, "21-notification-settings-error")
    driver.find_element(By.ID, "co-weekly").click()
    click_and_wait(driver, driver.find_element(By.ID, "save"))
    with Session(site.engine) as session:
        person_id = _person_id(site, "long.lh")
        assert preference_of(session, person_id).co_owned_every == "weekly"
        assert all(c.enabled for c in channel_choices(session, person_id))


def test_snooze_from_the_task_page_then_unsubscribe(site: Site, browser: webdriver.Chrome) -> None:
    driver = browser
    sign_in(driver, site, MEMBER_MAIL)
    driver.get(f"{site.base}/tasks/7")
    field = driver.find_element(By.ID, "snooze-until")
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    field.send_keys("31/12/2024")
    click_and_wait(driver, driver.find_element(By.ID, "snooze-button"))
    assert "tối đa 60 ngày" in driver.find_element(By.ID, "snooze-error").text
    driver.execute_script("document.getElementById('snooze').scrollIntoView()")
    shoot(driver, "22-task-snooze-error")
    field = driver.find_element(By.ID, "snooze-until")
    field.clear()
    field.send_keys("01/08/2024")
    click_and_wait(driver, driver.find_element(By.ID, "snooze-button"))
    assert "đến 01/08/2024" in driver.find_element(By.ID, "snoozed").text
    driver.get(f"{site.base}/me/notifications")
    assert "đến 01/08/2024" in driver.find_element(By.ID, "snoozes").text
    shoot(driver, "23-notification-settings-snoozed")
    # The unsubscribe link of a message footer: no sign-in needed.
    driver.delete_all_cookies()
    token = mint(SECRET, UNSUBSCRIBE, _person_id(site, "bay.nv"))
    driver.get(f"{site.base}/u/{token}")
    assert "vẫn tiếp tục được gửi" in driver.find_element(By.ID, "still").text
    shoot(driver, "24-unsubscribe-confirm")
    click_and_wait(driver, driver.find_element(By.ID, "unsubscribe-confirm"))
    assert "Đã tắt tin không thiết yếu." in driver.find_element(By.ID, "notice").text
    shoot(driver, "25-unsubscribe-done")
    with Session(site.engine) as session:
        assert preference_of(session, _person_id(site, "bay.nv")).non_essential_off_at
