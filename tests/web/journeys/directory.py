"""Browser journeys about people and duties, strung together by
``tests/web/test_office_day_browser.py``.

``add_and_deactivate``: the office clerk adds a person, then deactivates another,
handing each of his open tasks to the newcomer. ``secretary_submits_duty``: a branch
secretary records June's branch meeting with the day it was held and its signed minutes,
from a phone-sized grid that stays on June afterwards."""

from __future__ import annotations

import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from sqlmodel import Session, select

from models.attachments import files_of_duty_instances, read
from models.duties import Duty, DutyInstance
from models.lifecycle import co_owners_of
from models.lookups import find_person, find_unit
from models.tasks import Task
from tests import files
from tests.web.browser_kit import Site, click_and_wait, fill, shoot, sign_in

OFFICE_MAIL, BRANCH_MAIL = "trang.nt@demo.invalid", "mai.dt@demo.invalid"


def add_and_deactivate(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, OFFICE_MAIL)
    driver.get(f"{site.base}/directory")
    assert "Văn phòng Đảng ủy Cục" in driver.page_source
    shoot(driver, "dir-01-directory")
    click_and_wait(driver, driver.find_element(By.ID, "add-person"))
    shoot(driver, "dir-02-person-form")
    fill(
        driver,
        "person-form",
        code="hoa.nt",
        full_name="Nguyễn Thị Hoa",
        unit="DU-SHTT",
        role="committee_member",
        title="Đảng ủy viên",
        email="hoa.nt@demo.invalid",
    )
    assert driver.current_url.endswith("/directory?notice=saved")
    assert driver.find_element(By.ID, "person-hoa.nt").text.startswith("Nguyễn Thị Hoa")
    leave = driver.find_element(By.CSS_SELECTOR, "a[href='/directory/people/bay.nv/deactivate']")
    click_and_wait(driver, leave)
    assert "Nguyễn Văn Bảy" in driver.find_element(By.TAG_NAME, "h1").text
    # Each open task of the leaver (one on the demo; more after a day's work) gets a successor.
    choices = driver.find_elements(By.CSS_SELECTOR, "#leave-form select[name=successor]")
    assert choices
    ids = [int(str(c.get_attribute("id")).removeprefix("successor-")) for c in choices]
    with Session(site.engine) as session:
        bay = find_person(session, "bay.nv")
        assert bay is not None
        led = [i for i in ids if (t := session.get(Task, i)) and t.lead_person_id == bay.id]
    task_id = (led or ids)[0]  # one the leaver led, if any (others they co-own)
    shoot(driver, "dir-03-leave")
    for choice, handed in zip(choices, ids, strict=True):
        driver.execute_script(
            "arguments[0].value = arguments[1]", choice, f"{handed}|person:hoa.nt"
        )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#leave-form button[type=submit]"))
    assert f"bàn giao {len(ids)} nhiệm vụ" in driver.find_element(By.ID, "message").text
    shoot(driver, "dir-04-left")
    with Session(site.engine) as session:
        bay, hoa = find_person(session, "bay.nv"), find_person(session, "hoa.nt")
        assert bay is not None and hoa is not None and not bay.active
        for handed in ids:  # the leaver holds none of them any more; the successor does
            task = session.get(Task, handed)
            assert task is not None
            co = {c.person_id for c in co_owners_of(session, task)}
            assert task.lead_person_id != bay.id and bay.id not in co
            assert task.lead_person_id == hoa.id or hoa.id in co
    driver.get(f"{site.base}/tasks/{task_id}")
    handed_over = "Chủ trì: Nguyễn Văn Bảy → Nguyễn Thị Hoa" if led else "Nguyễn Thị Hoa"
    assert handed_over in driver.page_source
    shoot(driver, "dir-05-task-handed-over")
    driver.get(f"{site.base}/tasks?q=kiem+tra")  # no accents typed: still found
    assert "Kiểm tra việc chấp hành" in driver.page_source
    shoot(driver, "dir-06-search-without-accents")


def secretary_submits_duty(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, BRANCH_MAIL)
    driver.get(f"{site.base}/duties")
    assert "tháng 07/2024" in driver.find_element(By.TAG_NAME, "h1").text
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "nav.pager a[rel=prev]"))
    assert driver.current_url.endswith("/duties?month=2024-06")
    shoot(driver, "dir-07-duties-june")
    with Session(site.engine) as session:
        unit = find_unit(session, "CB02")
        assert unit is not None
        instance = session.exec(
            select(DutyInstance)
            .join(Duty)
            .where(
                DutyInstance.unit_id == unit.id,
                DutyInstance.period_key == "2024-06",
                Duty.code == "SH-CHIBO",
            )
        ).one()
    cell = driver.find_element(By.ID, f"duty-{instance.id}")
    assert "Waive" not in cell.text and "Miễn nộp" not in cell.text  # not his own branch's
    cell.find_element(By.TAG_NAME, "summary").click()
    form = cell.find_element(By.CSS_SELECTOR, f"form[action='/duties/{instance.id}/submit']")
    held = form.find_element(By.NAME, "held_on")
    assert held.get_attribute("value") == "15/07/2024"  # today by default
    shoot(driver, "dir-08-duty-form")
    driver.execute_script("arguments[0].value = '28/06/2024'", held)
    form.find_element(By.NAME, "reference").send_keys("Biên bản 06/2024")
    with tempfile.TemporaryDirectory() as folder:  # the meeting's minutes, signed
        minutes = Path(folder) / "Biên bản sinh hoạt chi bộ tháng 6.pdf"
        minutes.write_bytes(files.PDF)
        form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(minutes))
        click_and_wait(driver, form.find_element(By.TAG_NAME, "button"))
    assert driver.current_url.endswith("/duties?month=2024-06")  # stays on June
    cell = driver.find_element(By.ID, f"duty-{instance.id}")
    assert "Nộp đúng hạn" in cell.text and "28/06/2024" in cell.text
    assert (
        "Biên bản sinh hoạt chi bộ tháng 6.pdf" in cell.find_element(By.CSS_SELECTOR, "a.file").text
    )
    shoot(driver, "dir-09-duty-recorded")
    with Session(site.engine) as session:  # kept with the submission, by its bytes
        (kept,) = files_of_duty_instances(session, [instance.id or 0])[instance.id or 0]
        assert kept.content_type == "application/pdf" and read(session, kept) == files.PDF
