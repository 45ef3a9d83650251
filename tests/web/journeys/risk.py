"""The secretary asks the lead of an overdue task to explain in writing; the lead hears
of it by mail and answers on the task page, with a file; the secretary's next manager
digest shows the answer and names the file, which the secretary downloads from the task
page. Every page visited is shot at desktop and phone widths and checked by axe.
"""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from pathlib import Path

import pendulum
from selenium import webdriver
from selenium.webdriver.common.by import By

from notifications import ledger
from notifications.config import NotifyConfig
from notifications.kinds.manager_digest import deliver_digests, plan_digests
from tests import files
from tests.peers import body_of
from tests.web.browser_kit import (
    MEMBER_MAIL,
    SECRETARY_MAIL,
    Site,
    click_and_wait,
    digest_run,
    fill,
    shoot,
    sign_in,
)
from tests.web.conftest import TODAY
from tests.web.journeys.evidence import _download

LATE = 7  # bay.nv's task, due 31/05/2024: overdue on TODAY (15/07/2024)


def _mail_page(driver: webdriver.Chrome, site: Site, html: str, name: str) -> None:
    """A mail's HTML part as a mail client shows it, shot (no page checks: a fragment)."""
    driver.get("about:blank")
    driver.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
    shoot(driver, name, page=False)
    driver.get(f"{site.base}/")  # back on the site (its cookies are only reachable there)


def manager_digest_run(site: Site, day: date) -> None:
    """The weekly manager digest, as its flow runs it (plan, claim, send, record)."""
    config = NotifyConfig(channels={"email": site.smtp.url()}, tracking_office="VP-DU")
    at = pendulum.datetime(day.year, day.month, day.day, 8, 0, tz="Asia/Ho_Chi_Minh")
    token = str(uuid.uuid4())
    planned, states = plan_digests(site.engine, day, config)
    ledger.claim_new(site.engine, planned.reminders, token, at.in_timezone("UTC"))
    deliver_digests(site.engine, token, day, at.in_timezone("UTC"), config, states)


def request_explanation(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, SECRETARY_MAIL)
    driver.get(f"{site.base}/tasks")
    assert driver.find_elements(By.CSS_SELECTOR, ".badge.at_risk"), "no task marked at risk"
    shoot(driver, "risk-01-tasks")
    driver.get(f"{site.base}/tasks/{LATE}")
    shoot(driver, "risk-02-task-overdue")
    driver.find_element(By.ID, "ask-explanation").click()
    fill(driver, "form-explain", due_on="15/07/2024", note="Đề nghị báo cáo lý do chậm")
    assert "Hạn giải trình phải sau hôm nay" in driver.find_element(By.ID, "error").text
    typed = driver.find_element(By.ID, "explain-due").get_attribute("value")
    assert typed == "15/07/2024"  # what was typed stays
    shoot(driver, "risk-03-ask-refused")
    fill(driver, "form-explain", due_on="22/07/2024")
    assert "Đã gửi yêu cầu giải trình" in driver.find_element(By.ID, "notice").text
    history = driver.find_element(By.ID, "history").text
    assert "Yêu cầu giải trình (nhiệm vụ quá hạn), hạn trả lời 22/07/2024" in history
    shoot(driver, "risk-04-asked")

    digest_run(site, TODAY)  # the morning run tells the lead
    (asked,) = [m for m in site.smtp.to(MEMBER_MAIL) if "giải trình" in str(m["Subject"])]
    assert str(asked["Subject"]) == f"[Đôn đốc] Yêu cầu giải trình (nhiệm vụ #{LATE})"
    assert "hạn trả lời 22/07/2024" in body_of(asked)
    _mail_page(driver, site, body_of(asked, "html"), "risk-05-lead-mail")

    sign_in(driver, site, MEMBER_MAIL)
    driver.get(f"{site.base}/tasks/{LATE}")
    assert not driver.find_elements(By.ID, "ask-explanation")  # the lead does not ask
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "Kế hoạch bồi dưỡng.pdf"
        pdf.write_bytes(files.PDF)
        driver.find_element(By.CSS_SELECTOR, "#form-answer input[type=file]").send_keys(str(pdf))
        shoot(driver, "risk-05b-answer-form")  # the answer, its file chosen
        fill(driver, "form-answer", answer="Chưa bố trí được giảng viên; dự kiến xong 30/08/2024.")
    assert "Đã ghi nhận giải trình" in driver.find_element(By.ID, "notice").text
    history = driver.find_element(By.ID, "history").text
    assert "Đã giải trình" in history and "Kế hoạch bồi dưỡng.pdf" in history
    shoot(driver, "risk-06-answered")

    site.smtp.clear()
    manager_digest_run(site, TODAY)
    (digest,) = site.smtp.to(SECRETARY_MAIL)
    text = body_of(digest)
    assert "Giải trình nhận được trong tuần (1):" in text
    assert "Chưa bố trí được giảng viên" in text and "(tệp: Kế hoạch bồi dưỡng.pdf)" in text
    _mail_page(driver, site, body_of(digest, "html"), "risk-07-manager-digest")
    sign_in(driver, site, SECRETARY_MAIL)
    driver.get(f"{site.base}/tasks/{LATE}")
    answer = driver.find_element(By.CSS_SELECTOR, "#explanations blockquote.answer").text
    assert answer.startswith("Chưa bố trí được giảng viên")
    sent = driver.find_element(By.CSS_SELECTOR, "#explanations ul.files a")
    assert sent.text == "Kế hoạch bồi dưỡng.pdf"
    got = _download(driver, str(sent.get_attribute("href")))
    assert got["status"] == 200 and got["type"] == "application/pdf" and got["head"] == "%PDF-1.7"
    assert driver.find_elements(By.ID, "ask-explanation")  # answered: a new one may follow
    shoot(driver, "risk-08-secretary-reads")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Nhiệm vụ"))
