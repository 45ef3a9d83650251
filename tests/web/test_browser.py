"""The web application in a real headless Chromium (Debian's chromium + chromedriver),
against a real uvicorn server and a real SMTP server on loopback.

A member signs in through the link that arrives by mail, reports progress and asks for
an extension; the secretary signs in and approves it; the member's next digest shows
the new deadline, and its one-click "done" link completes the task after the confirm
page. Screenshots of the main pages, at desktop and phone widths, go to
``var/screenshots/`` (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import Session

from models.tasks import Task
from tests.peers import body_of
from tests.threads import wait_for
from tests.web.browser_kit import (
    MEMBER_MAIL,
    SECRETARY_MAIL,
    Site,
    click_and_wait,
    digest_run,
    fill,
    mail_link,
    shoot,
    sign_in,
)
from tests.web.conftest import TODAY


def test_member_asks_manager_approves_digest_follows(site: Site, browser: webdriver.Chrome) -> None:
    driver = browser
    sign_in(driver, site, MEMBER_MAIL, shots=True)
    shoot(driver, "02-home-member")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'a[href="/tasks/7"]'))
    fill(driver, "form-progress", progress="40", note="Đã hoàn thành đề cương bồi dưỡng")
    assert driver.find_element(By.ID, "progress").text == "40%"
    assert "Đã ghi nhận" in driver.find_element(By.ID, "notice").text
    driver.find_element(By.CSS_SELECTOR, "#form-extend").find_element(
        By.XPATH, "../summary"
    ).click()
    fill(driver, "form-extend", new_due_on="2024-09-30", reason="Chờ kết quả khảo sát")
    history = driver.find_element(By.ID, "history").text
    assert "Đề nghị gia hạn đến 30/09/2024" in history
    assert "Cập nhật tiến độ 0% → 40%" in history
    shoot(driver, "03-task-member")

    sign_in(driver, site, SECRETARY_MAIL)
    shoot(driver, "04-home-secretary")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '.attention a[href="/tasks/7"]'))
    shoot(driver, "05-task-secretary")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[id^=approve-]"))
    assert driver.find_element(By.ID, "deadline").text == "30/09/2024"
    assert "Đồng ý gia hạn" in driver.find_element(By.ID, "history").text
    # The filter form updates the list in place (htmx) and keeps the address in step.
    driver.get(f"{site.base}/tasks")
    heading = driver.find_element(By.TAG_NAME, "h1")
    driver.find_element(By.NAME, "q").send_keys("kiểm tra")
    driver.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: "q=" in d.current_url)
    assert heading.is_displayed()  # the same page: only the results were replaced
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "table.list td a")]
    assert titles and all("kiểm tra" in title.lower() for title in titles), titles
    driver.get(f"{site.base}/tasks?unit=DU-SHTT")
    shoot(driver, "06-tasks")
    driver.get(f"{site.base}/duties")
    shoot(driver, "07-duties")
    driver.get(f"{site.base}/units/DU-SHTT")
    shoot(driver, "08-unit")

    # The member is told the decision at once, through the delivery log.
    def decisions() -> list[EmailMessage]:
        return [m for m in site.smtp.to(MEMBER_MAIL) if "Kết quả đề nghị" in str(m["Subject"])]

    wait_for(lambda: bool(decisions()), "the decision notice reached the member")
    (decision,) = decisions()
    assert "đến 30/09/2024 đã được đồng chí" in " ".join(body_of(decision).split())
    # The member's next digest (a week before the new deadline) shows it, with links.
    digest_run(site, date(2024, 9, 23))
    (mail,) = [m for m in site.smtp.to(MEMBER_MAIL) if m is not decision]
    text = body_of(mail)
    assert "Thời hạn 30/09/2024 (ban đầu 31/05/2024)" in text
    done = mail_link(site.smtp, MEMBER_MAIL, "a")[0]  # done, progress, extension
    driver.delete_all_cookies()  # a link from a mail works without signing in
    driver.get(done)
    assert "đã hoàn thành?" in driver.find_element(By.TAG_NAME, "h1").text
    shoot(driver, "09-oneclick")
    click_and_wait(driver, driver.find_element(By.ID, "oneclick-confirm"))
    assert "Đã ghi nhận" in driver.find_element(By.ID, "message").text
    with Session(site.engine) as session:
        task = session.get(Task, 7)
        assert task is not None and task.completed_on == TODAY
