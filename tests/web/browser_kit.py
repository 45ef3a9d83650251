"""What every browser test shares: a real uvicorn server on the demo committee with a
real SMTP sink (``site``), a real headless Chromium (``browser``), the sign-in by mailed
link, form filling, full-page screenshots at desktop and phone widths (to
``var/screenshots/``, git-ignored) and the axe-core accessibility check.
The fixtures are registered in ``tests/web/conftest.py``.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
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

from models.calendar import default_calendar
from models.db import make_engine
from models.settings import get_settings
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


def shoot(driver: webdriver.Chrome, name: str, *, page: bool = True) -> None:
    """Full-page screenshots at desktop and phone widths, each width of a page checked by
    axe-core (every page a test looks at is also a page it checks for accessibility).
    ``page=False``: a mail's HTML part, a fragment the mail client frames (its title,
    language and landmarks are the client's)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(height, min(int(full) + 140, 4000)))
        driver.save_screenshot(str(SHOTS / f"{name}-{size}.png"))
        problems = axe_violations(driver) if page else []
        assert not problems, f"{name} ({driver.current_url}) at {size}: {problems}"
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


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def axe_violations(driver: webdriver.Chrome) -> list[str]:
    """axe-core's findings on the page now shown (WCAG 2.x A and AA and best practice),
    one line each: rule, impact and the first offending elements."""
    driver.set_script_timeout(120)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact,"
        " v.nodes.slice(0, 3).map(n => n.target.join(' '))])))"
        ".catch(e => done([['axe-error', String(e), []]]));"
    )
    return [f"{rule} ({impact}): {', '.join(targets)}" for rule, impact, targets in found]


def assert_accessible(driver: webdriver.Chrome, *widths: str) -> None:
    """No axe-core violation on the page, at each width named (desktop, phone); the
    window is left at desktop width."""
    for size in widths or ("desktop",):
        driver.set_window_size(*SIZES[size])
        problems = axe_violations(driver)
        assert not problems, f"{driver.current_url} at {size}: {problems}"
    driver.set_window_size(*SIZES["desktop"])
