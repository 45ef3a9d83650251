"""The approver's morning digest as it arrives, opened in a real headless Chromium.

A member's extension request of yesterday waits; the secretary's digest (through the
real SMTP server) opens with it, the screenshot goes to ``var/screenshots/`` for a
reviewer; its link leads to the task page on the live server, where he approves it;
the next morning's run reminds him of it no more.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum
from selenium import webdriver
from selenium.webdriver.common.by import By
from sqlmodel import Session, select

from models.deliveries import DeliveryLog
from models.org import Person
from models.requests import request_extension
from models.tasks import Task
from tests.peers import body_of
from tests.web.browser_kit import (
    SECRETARY_MAIL,
    Site,
    click_and_wait,
    digest_run,
    shoot,
    sign_in,
)

ASKED = pendulum.datetime(2024, 7, 15, 10, 0, tz="Asia/Ho_Chi_Minh")  # Monday, 10:00


def test_the_approver_reads_the_request_decides_and_hears_no_more(
    site: Site, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    driver = browser
    with Session(site.engine) as session:
        bay = session.exec(select(Person).where(Person.code == "bay.nv")).one()
        task = session.get(Task, 7)
        assert task is not None
        request_extension(session, task, bay, date(2024, 9, 30), "Chờ kết quả khảo sát", at=ASKED)
        session.commit()

    digest_run(site, date(2024, 7, 16))
    (mail,) = site.smtp.to(SECRETARY_MAIL)
    assert mail["Subject"].startswith("[Đôn đốc] 1 đề nghị chờ đồng chí quyết định, ")
    # As a mail client shows it (the charset comes from the part's header there).
    page = tmp_path / "approver-digest.html"
    page.write_text('<meta charset="utf-8">\n' + body_of(mail, "html"), encoding="utf-8")
    driver.get(page.as_uri())
    shoot(driver, "10-approver-digest", page=False)
    assert driver.find_element(By.TAG_NAME, "h3").text == "Đề nghị chờ đồng chí quyết định"
    first = driver.find_element(By.CSS_SELECTOR, "ul li").text
    assert "Đề nghị gia hạn đến 30/09/2024 — đã chờ 1 ngày" in first
    assert "Người gửi: đồng chí Nguyễn Văn Bảy, ngày 15/07/2024." in first
    assert "Lý do / ghi chú: Chờ kết quả khảo sát" in first
    link = driver.find_element(By.LINK_TEXT, "Xem và quyết định")
    assert link.get_attribute("href") == f"{site.base}/tasks/7"

    sign_in(driver, site, SECRETARY_MAIL)
    driver.get(page.as_uri())
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Xem và quyết định"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[id^=approve-]"))
    assert driver.find_element(By.ID, "deadline").text == "30/09/2024"

    site.smtp.clear()
    digest_run(site, date(2024, 7, 17))
    for later in site.smtp.to(SECRETARY_MAIL):
        assert "đề nghị" not in later["Subject"] and "ĐỀ NGHỊ CHỜ" not in body_of(later)
    with Session(site.engine) as session:
        sent = session.exec(select(DeliveryLog).where(DeliveryLog.item_kind == "request")).all()
        assert [(row.occurrence, row.status.value) for row in sent] == [("2024-07-16", "sent")]
