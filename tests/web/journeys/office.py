"""The tracking office's clerk after the review conference: the meeting, its resolution
and five tasks entered in one screen, then three of them corrected on their pages.

Every page the journey visits is photographed at desktop and phone widths and checked by
axe-core (``shoot``), the refused form included.
"""

from __future__ import annotations

from datetime import date, timedelta

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from sqlmodel import Session, select

from models.history import TaskAction, TaskEvent
from models.meetings import Document, Meeting, MeetingKind
from models.org import Unit
from models.tasks import Task
from tests.web.browser_kit import Site, click_and_wait, shoot, sign_in

OFFICE_MAIL = "trang.nt@demo.invalid"
NUMBER = "07-NQ/ĐU"
Row = tuple[str, str, tuple[str, ...], str, str]
TASKS: tuple[Row, ...] = (  # title, lead, co-owners, how the deadline is given, its value
    ("Rà soát, sửa đổi quy chế làm việc của Đảng ủy Cục", "Chi bộ Sáng chế",
     ("Chi bộ Nhãn hiệu", "Nguyễn Văn Bảy"), "date", "30/09/2024"),
    ("Báo cáo chuyên đề về xử lý đơn tồn đọng", "Lê Anh Tuấn", (), "relative",
     "+10 ngày làm việc"),
    ("Sơ kết công tác kiểm tra, giám sát quý III", "Ủy ban Kiểm tra Đảng ủy Cục",
     ("Văn phòng Đảng ủy Cục",), "period", "2024-Q3"),
    ("Theo dõi, đôn đốc thực hiện Nghị quyết", "Văn phòng Đảng ủy Cục", (), "standing", ""),
    ("Tổ chức hội thảo quốc tế về sở hữu trí tuệ", "Chi bộ Hợp tác quốc tế",
     ("Chi bộ Sáng chế",), "date", "31/12/24"),  # a two-digit year: refused, then fixed
)  # fmt: skip


def _put(driver: webdriver.Chrome, css: str, value: str) -> None:
    """Set a text field as typed (typing into date-like fields depends on the locale)."""
    field = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].value = arguments[1]", field, value)


def _choose(driver: webdriver.Chrome, css: str, *texts: str, by_value: bool = False) -> None:
    chooser = Select(driver.find_element(By.CSS_SELECTOR, css))
    for text in texts:
        if by_value:
            chooser.select_by_value(text)
        else:
            chooser.select_by_visible_text(text)


def _submit(driver: webdriver.Chrome, css: str) -> None:
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, css))


def _open(driver: webdriver.Chrome, form_id: str) -> None:
    """Unfold the ``<details>`` holding a form, as a click on its summary does."""
    driver.execute_script(
        "document.getElementById(arguments[0]).closest('details').open = true", form_id
    )


def _fill_row(driver: webdriver.Chrome, i: int, row: Row) -> None:
    title, lead, helpers, kind, value = row
    _put(driver, f"[name='r{i}-title']", title)
    _put(driver, f"#r{i}-lead", lead)
    _choose(driver, f"#r{i}-co_owners", *helpers)
    _choose(driver, f"#r{i}-due_kind", kind, by_value=True)
    if kind == "date":
        _put(driver, f"#r{i}-due_on", value)
    elif kind == "relative":
        _put(driver, f"#r{i}-due_in", value)
    elif kind == "period":
        _choose(driver, f"#r{i}-due_period", value, by_value=True)


def enter_resolution(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, OFFICE_MAIL)
    click_and_wait(driver, driver.find_element(By.ID, "nav-office"))
    shoot(driver, "office-01-meetings")
    # The meeting: the review conference, its chair and attendees picked by name.
    click_and_wait(driver, driver.find_element(By.ID, "new-meeting"))
    _choose(driver, "#meeting-kind", "review_conference", by_value=True)
    _put(driver, "#held_on", "12/07/2024")
    _put(driver, "#meeting-title", "Hội nghị sơ kết công tác 6 tháng đầu năm 2024")
    _put(driver, "#chair", "Lưu Hoàng Long")
    _choose(driver, "#attendees", "Nguyễn Văn Bảy", "Lê Huy Anh", "Nguyễn Thu Trang")
    shoot(driver, "office-02-meeting-form")
    _submit(driver, "#save-meeting")
    assert driver.find_element(By.ID, "held-on").text == "12/07/2024"
    assert "Lưu Hoàng Long (Chủ trì)" in driver.find_element(By.ID, "attendees").text
    shoot(driver, "office-03-meeting")
    # Its resolution: issuer and date come from the meeting.
    click_and_wait(driver, driver.find_element(By.ID, "add-document"))
    _put(driver, "#document-number", NUMBER)
    _put(driver, "#document-title", "Nghị quyết về nhiệm vụ trọng tâm 6 tháng cuối năm 2024")
    shoot(driver, "office-04-document-form")
    _submit(driver, "#save-document")
    assert "Đã lưu văn bản" in driver.find_element(By.ID, "notice").text
    # Five tasks in one screen: three rows are offered, two more are added.
    for _ in range(2):
        _submit(driver, "#add-row")
    assert len(driver.find_elements(By.CSS_SELECTOR, "fieldset.task-row")) == 5
    for i, row in enumerate(TASKS):
        _fill_row(driver, i, row)
    _submit(driver, "#save-tasks")
    assert "Chưa ghi gì: 1 lỗi" in driver.find_element(By.ID, "error").text
    assert "hai chữ số" in driver.find_element(By.ID, "r4-due_on-error").text
    kept = driver.find_element(By.ID, "r1-due_in").get_attribute("value")
    assert kept == "+10 ngày làm việc"  # everything typed is still there
    driver.execute_script("document.getElementById('row-4').scrollIntoView()")
    shoot(driver, "office-05-task-rows-refused")
    _put(driver, "#r4-due_on", "31/12/2024")
    _submit(driver, "#save-tasks")
    assert "Đã giao 5 nhiệm vụ" in driver.find_element(By.ID, "notice").text
    shoot(driver, "office-06-document-with-tasks")
    tasks = _tasks(site)
    assert [t.due_on for t in tasks] == [
        date(2024, 9, 30),
        date(2024, 7, 26),  # Friday 12/07 + 10 working days
        date(2024, 9, 30),
        None,
        date(2024, 12, 31),
    ]
    # The first task's deadline was mistyped: corrected (not an extension).
    driver.get(f"{site.base}/tasks/{tasks[0].id}")
    shoot(driver, "office-07-task-office-forms")
    _open(driver, "form-office-edit")
    _put(driver, "#office-due_on", "15/10/2024")
    _submit(driver, "#form-office-edit button[type=submit]")
    assert driver.find_element(By.ID, "deadline").text == "15/10/2024"
    # The second goes to another unit.
    driver.get(f"{site.base}/tasks/{tasks[1].id}")
    _open(driver, "form-office-lead")
    _put(driver, "#office-lead", "Chi bộ Nhãn hiệu")
    _submit(driver, "#form-office-lead button[type=submit]")
    assert "Đã ghi nhận" in driver.find_element(By.ID, "notice").text
    # The third is cancelled as the conference decided (12/07), then restored: both stay
    # in its history. A date not yet come is refused beside the field, the reason kept.
    driver.get(f"{site.base}/tasks/{tasks[2].id}")
    _open(driver, "form-office-cancel")
    _put(driver, "#office-cancel-on", "16/07/2024")
    _put(driver, "#form-office-cancel textarea", "Trùng với nhiệm vụ của UBKT")
    _submit(driver, "#form-office-cancel button[type=submit]")
    assert "chưa tới" in driver.find_element(By.ID, "office-cancel-error").text
    assert driver.find_element(By.ID, "office-cancel-on").get_attribute("value") == "16/07/2024"
    shoot(driver, "office-08-cancel-refused")
    _put(driver, "#office-cancel-on", "12/07/2024")
    _submit(driver, "#form-office-cancel button[type=submit]")
    assert "Hủy nhiệm vụ ngày 12/07/2024" in driver.find_element(By.ID, "history").text
    shoot(driver, "office-08-task-cancelled")
    _put(driver, "#form-office-restore textarea", "Hủy nhầm, vẫn thực hiện")
    _submit(driver, "#form-office-restore button[type=submit]")
    history = driver.find_element(By.ID, "history").text
    assert "Hủy nhầm, vẫn thực hiện" in history and "Trùng với nhiệm vụ của UBKT" in history
    shoot(driver, "office-09-task-restored")
    _check_recorded(site, [t.id for t in tasks if t.id is not None])


def _tasks(site: Site) -> list[Task]:
    with Session(site.engine) as session:
        document = session.exec(select(Document).where(Document.number == NUMBER)).one()
        found = session.exec(select(Task).where(Task.document_id == document.id)).all()
        return sorted(found, key=lambda t: int(t.ref))


def _check_recorded(site: Site, ids: list[int]) -> None:
    with Session(site.engine) as session:
        first, second, third = (session.get(Task, i) for i in ids[:3])
        assert first is not None and first.due_on == first.original_due_on == date(2024, 10, 15)
        cb03 = session.exec(select(Unit).where(Unit.code == "CB03")).one()
        assert second is not None and second.lead_unit_id == cb03.id
        assert third is not None and third.cancelled_on is None
        cancelled = session.exec(
            select(TaskEvent).where(
                TaskEvent.task_id == ids[2], TaskEvent.action == TaskAction.CANCELLED
            )
        ).one()
        assert cancelled.changes == {"cancelled_on": [None, "2024-07-12"]}
        actions = [
            e.action for e in session.exec(select(TaskEvent).where(TaskEvent.task_id == ids[2]))
        ]
        assert actions == [TaskAction.CREATED, TaskAction.CANCELLED, TaskAction.REOPENED]


WEEKLY = 52  # a branch's weekly meetings of 2023 (more than a page)


def page_meetings(driver: webdriver.Chrome, site: Site) -> None:
    """A year of a branch's weekly meetings: the list pages through them, newest first,
    and the year and unit filters narrow it, kept on the next page's link."""
    with Session(site.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "CB02")).one()
        assert unit.id is not None
        session.add_all(
            Meeting(
                unit_id=unit.id,
                held_on=date(2023, 12, 27) - timedelta(weeks=n),
                kind=MeetingKind.REGULAR,
                title=f"Sinh hoạt chi bộ tuần {n + 1}",
            )
            for n in range(WEEKLY)
        )
        session.commit()
    driver.get(f"{site.base}/meetings")
    assert driver.find_elements(By.CSS_SELECTOR, "#pager a[rel=next]")
    _put(driver, "#meeting-year", "2023")
    _choose(driver, "#meeting-unit", "CB02", by_value=True)
    _submit(driver, "#meeting-filters button[type=submit]")
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#meetings a.title")]
    assert titles[:2] == ["Sinh hoạt chi bộ tuần 1", "Sinh hoạt chi bộ tuần 2"]
    shoot(driver, "office-10-meetings-paged")
    _submit(driver, "#pager a[rel=next]")
    assert "year=2023" in driver.current_url and "unit=CB02" in driver.current_url
    rest = driver.find_elements(By.CSS_SELECTOR, "#meetings a.title")
    assert len(titles) + len(rest) >= WEEKLY and rest[-1].text.endswith(f"tuần {WEEKLY}")
    assert driver.find_elements(By.CSS_SELECTOR, "#pager a[rel=prev]")
    shoot(driver, "office-11-meetings-page-2")
