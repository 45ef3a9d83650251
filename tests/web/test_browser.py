"""The web application in a real headless Chromium (Debian's chromium + chromedriver),
against a real uvicorn server and a real SMTP server on loopback.

A member signs in through the link that arrives by mail, reports progress and asks for
an extension; the secretary signs in and approves it; the member's next digest shows
the new deadline, and its one-click "done" link completes the task after the confirm
page. Screenshots of the main pages, at desktop and phone widths, go to
``var/screenshots/`` (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pendulum
import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.calendar import default_calendar
from models.db import make_engine
from models.settings import get_settings
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.peers import SmtpSink, body_of
from tests.threads import wait_for
from tests.web.conftest import SECRET, TODAY, load_demo, web_settings
from web.app import create_app

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
MEMBER_MAIL, SECRETARY_MAIL = "bay.nv@demo.invalid", "long.lh@demo.invalid"


@dataclass
class Site:
    base: str
    engine: Engine
    smtp: SmtpSink


@pytest.fixture
def site(
    sqlite_url: str, tmp_path: Path, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    engine = make_engine(sqlite_url)
    load_demo(engine)
    listener = socket.socket()  # bound here to a port the system chooses, served by uvicorn
    listener.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    # The reminder run reads the web address from the settings, as in production.
    monkeypatch.setenv("DONDOC_WEB_URL", base)
    monkeypatch.setenv("DONDOC_WEB_SECRET", SECRET)
    get_settings.cache_clear()
    settings = web_settings(tmp_path, sqlite_url)
    settings = type(settings)(**{**settings.__dict__, "web_url": base})
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU")
    app = create_app(settings=settings, notify=config, engine=engine, today=lambda: TODAY)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the web server started")
    yield Site(base, engine, smtp)
    server.should_exit = True
    thread.join(timeout=30)
    listener.close()
    engine.dispose()
    get_settings.cache_clear()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[webdriver.Chrome]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager reach the network
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=vi",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def click_and_wait(driver: webdriver.Chrome, element: WebElement) -> None:
    """Click something that loads a new page, and wait until the old one is gone."""
    element.click()

    def gone(_: object) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:  # stale, or no longer in any document
            return True
        return False

    WebDriverWait(driver, 60).until(gone)


def shoot(driver: webdriver.Chrome, name: str) -> None:
    """Full-page screenshots at desktop and phone widths."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(height, min(int(full) + 140, 4000)))
        driver.save_screenshot(str(SHOTS / f"{name}-{size}.png"))
    driver.set_window_size(*SIZES["desktop"])


def mail_link(smtp: SmtpSink, address: str, kind: str) -> list[str]:
    deadline = time.monotonic() + 60  # the sign-in mail is sent after the answer
    while True:
        found = [
            link
            for message in smtp.to(address)
            for link in re.findall(r'href="([^"]+)"', body_of(message, "html"))
            if f"/{kind}/" in link
        ]
        if found or time.monotonic() > deadline:
            return list(dict.fromkeys(found))
        time.sleep(0.1)


def sign_in(driver: webdriver.Chrome, site: Site, address: str, shots: bool = False) -> None:
    driver.delete_all_cookies()
    driver.get(f"{site.base}/login")
    if shots:
        shoot(driver, "01-login")
    driver.find_element(By.ID, "identifier").send_keys(address)
    click_and_wait(driver, driver.find_element(By.ID, "send-link"))
    assert "một đường dẫn đăng nhập đã được gửi" in driver.find_element(By.ID, "message").text
    (link,) = mail_link(site.smtp, address, "login")
    site.smtp.clear()
    driver.get(link)
    click_and_wait(driver, driver.find_element(By.ID, "confirm-signin"))
    assert driver.current_url == f"{site.base}/"


def fill(driver: webdriver.Chrome, form: str, **values: str) -> None:
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"#{form} [name={name}]")
        # Date inputs take their value through script: typing depends on the locale.
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"#{form} button[type=submit]"))


def digest_run(site: Site, day: date) -> None:
    config = NotifyConfig(channels={"email": site.smtp.url()}, tracking_office="VP-DU")
    now = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz="Asia/Ho_Chi_Minh")
    run_once(
        site.engine,
        day,
        now.in_timezone("UTC"),
        config,
        default_calendar(),
        "Asia/Ho_Chi_Minh",
    )


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
