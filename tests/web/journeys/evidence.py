"""Browser journeys of evidence, discussion and delegation (called from
``tests/web/test_evidence_browser.py``; each takes a fresh demo site)."""

from __future__ import annotations

import tempfile
from email.message import EmailMessage
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from sqlmodel import Session, select

from models.org import ContactChannel, ContactTarget, Unit
from models.requests import set_confirm_completion
from models.tasks import Task
from tests import files
from tests.builders import add_person
from tests.peers import body_of
from tests.threads import wait_for
from tests.web.browser_kit import (
    MEMBER_MAIL,
    SECRETARY_MAIL,
    Site,
    click_and_wait,
    fill,
    shoot,
    sign_in,
)
from tests.web.conftest import TODAY

BRANCH_MAIL, NEW_MEMBER_MAIL = "mai.dt@demo.invalid", "thu.nt@demo.invalid"
OWN, CB02_TASK = 7, 3  # bay's task (DU-SHTT, decided by long.lh); CB02's (mai.dt)


def _open(driver: webdriver.Chrome, form: str) -> None:
    """Open the <details> a form sits in."""
    summary = driver.find_element(By.CSS_SELECTOR, f"#{form}").find_element(By.XPATH, "../summary")
    summary.click()


def _download(driver: webdriver.Chrome, href: str) -> dict[str, object]:
    """Fetch a link with the signed-in browser's cookies, as a click on it downloads it."""
    result: dict[str, object] = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(async r => done({
            status: r.status,
            type: r.headers.get('content-type'),
            disposition: r.headers.get('content-disposition'),
            nosniff: r.headers.get('x-content-type-options'),
            head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 8)),
        }));""",
        href,
    )
    return result


def confirm_completion_with_pdf(driver: webdriver.Chrome, site: Site) -> None:
    """A member reports a task done with the signed minutes as a PDF; the secretary sees
    the file beside the report, downloads it, and confirms the completion."""
    with Session(site.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "DU-SHTT")).one()
        set_confirm_completion(session, unit, True)
        session.commit()
    sign_in(driver, site, MEMBER_MAIL)
    driver.get(f"{site.base}/tasks/{OWN}")
    _open(driver, "form-done")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "Biên bản nghiệm thu.pdf"
        pdf.write_bytes(files.PDF)
        driver.find_element(By.CSS_SELECTOR, "#form-done input[type=file]").send_keys(str(pdf))
        fill(driver, "form-done", done_on="12/07/2024", note="Đã nghiệm thu, biên bản kèm theo")
    assert "chờ" in driver.find_element(By.ID, "notice").text.lower()
    assert "Biên bản nghiệm thu.pdf" in driver.find_element(By.ID, "files").text
    shoot(driver, "20-evidence-member-reported")

    sign_in(driver, site, SECRETARY_MAIL)
    driver.get(f"{site.base}/tasks/{OWN}")
    carried = driver.find_element(By.CSS_SELECTOR, "#requests ul.files a")
    assert carried.text == "Biên bản nghiệm thu.pdf"
    shoot(driver, "21-evidence-secretary-sees-file")
    got = _download(driver, str(carried.get_attribute("href")))
    assert got["status"] == 200 and got["type"] == "application/pdf"
    assert got["nosniff"] == "nosniff" and str(got["disposition"]).startswith("attachment;")
    assert got["head"] == files.PDF[:8].decode()
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[id^=approve-]"))
    assert "Xác nhận hoàn thành" in driver.find_element(By.ID, "history").text
    shoot(driver, "22-evidence-confirmed")
    with Session(site.engine) as session:
        task = session.get(Task, OWN)
        assert task is not None and task.completed_on is not None and task.completed_on <= TODAY


def _mails(site: Site, address: str, subject: str) -> list[EmailMessage]:
    return [m for m in site.smtp.to(address) if subject in str(m["Subject"])]


def delegate_and_discuss(driver: webdriver.Chrome, site: Site) -> None:
    """A branch secretary gives a part of the branch's task to a member; the member,
    told by mail, asks a question on it; the secretary, told, answers; the member is
    told the answer."""
    with Session(site.engine) as session:
        cb02 = session.exec(select(Unit).where(Unit.code == "CB02")).one()
        thu = add_person(session, "thu.nt", cb02)
        thu.full_name = "Nguyễn Thị Thu"
        assert thu.id is not None
        session.add(
            ContactTarget(person_id=thu.id, channel=ContactChannel.EMAIL, address=NEW_MEMBER_MAIL)
        )
        session.commit()
        thu_id = thu.id
        parent = session.get(Task, CB02_TASK)
        assert parent is not None and parent.due_on is not None
        due = parent.due_on.strftime("%d/%m/%Y")

    sign_in(driver, site, BRANCH_MAIL)
    driver.get(f"{site.base}/tasks/{CB02_TASK}")
    _open(driver, "form-delegate")
    shoot(driver, "23-delegate-form")
    fill(
        driver, "form-delegate", title="Soạn dự thảo báo cáo sơ kết", person=str(thu_id), due_on=due
    )
    assert "Đã giao phần việc" in driver.find_element(By.ID, "notice").text
    assert "Nguyễn Thị Thu" in driver.find_element(By.ID, "parts").text
    shoot(driver, "24-delegated")

    wait_for(lambda: bool(_mails(site, NEW_MEMBER_MAIL, "được giao phần việc")), "the member told")
    (told,) = _mails(site, NEW_MEMBER_MAIL, "được giao phần việc")
    assert "Soạn dự thảo báo cáo sơ kết" in body_of(told, "plain")
    sign_in(driver, site, NEW_MEMBER_MAIL)
    part_link = next(link for link in _links(told) if "/tasks/" in link)
    driver.get(part_link)
    assert "Soạn dự thảo báo cáo sơ kết" in driver.find_element(By.TAG_NAME, "h1").text
    fill(driver, "form-comment", body="Em xin mẫu báo cáo sơ kết năm trước ạ?")
    assert "Em xin mẫu báo cáo" in driver.find_element(By.ID, "comments").text
    shoot(driver, "25-member-asks")

    subject = "Ý kiến mới"
    wait_for(lambda: bool(_mails(site, BRANCH_MAIL, subject)), "the secretary told")
    (question,) = _mails(site, BRANCH_MAIL, subject)
    assert "Em xin mẫu báo cáo" in body_of(question, "plain")
    page = next(link for link in _links(question) if "/tasks/" in link)
    sign_in(driver, site, BRANCH_MAIL)  # (clears the mailbox)
    driver.get(page)
    fill(driver, "form-comment", body="Mẫu ở phụ lục 2 của kế hoạch, đồng chí xem nhé.")
    assert "phụ lục 2" in driver.find_element(By.ID, "history").text
    shoot(driver, "26-secretary-answers")
    wait_for(lambda: bool(_mails(site, NEW_MEMBER_MAIL, subject)), "the member told the answer")
    (answer,) = _mails(site, NEW_MEMBER_MAIL, subject)
    assert "Mẫu ở phụ lục 2" in body_of(answer, "plain")


def _links(message: EmailMessage) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', body_of(message, "html"))
