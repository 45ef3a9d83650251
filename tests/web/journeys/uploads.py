"""The office's files in a real browser: a 50-row spreadsheet with two mistakes read,
fixed and committed; the Q2 report downloaded and opened; the seed's 2024 resolution
read into tasks, one owner corrected, one proposal rejected, committed. Each journey
signs in as the clerk and ``shoot``s every page it visits (axe at both widths)."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from docx import Document as WordDocument
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from sqlmodel import Session, col, select

from models.history import TaskEvent
from models.meetings import Document
from models.org import Unit
from models.tasks import Task
from tests.web.browser_kit import Site, click_and_wait, fill, shoot, sign_in
from tests.web.upload_files import BAD_DATE_ROW, BAD_LEAD_ROW, NUMBER, task_sheet

OFFICE_MAIL = "trang.nt@demo.invalid"
RESOLUTION = (
    Path(__file__).resolve().parents[2]
    / "documents"
    / "corpus"
    / "files"
    / "01_nq_du_shtt_2024.docx"
)


def _send_file(driver: webdriver.Chrome, form: str, path: Path) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#{form} input[type=file]").send_keys(str(path))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"#{form} button[type=submit]"))


def upload_spreadsheet(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, OFFICE_MAIL)
    driver.get(f"{site.base}/imports")
    shoot(driver, "uploads-01-imports")
    with tempfile.TemporaryDirectory() as folder:
        wrong = Path(folder) / "ke-hoach-15.xlsx"
        wrong.write_bytes(task_sheet(50, mistakes=True))
        _send_file(driver, "upload-form", wrong)
        problems = driver.find_elements(By.CSS_SELECTOR, "#problems tr.problem")
        assert len(problems) == 2
        text = driver.find_element(By.ID, "problems").text
        assert f"hàng {BAD_LEAD_ROW}" in text and "Có phải là CB02" in text
        assert f"hàng {BAD_DATE_ROW}" in text and "31/02/2024" in text
        shoot(driver, "uploads-02-problems")
        fixed = Path(folder) / "ke-hoach-15-da-sua.xlsx"
        fixed.write_bytes(task_sheet(50))
        _send_file(driver, "upload-form", fixed)
    rows = driver.find_elements(By.CSS_SELECTOR, "#outcomes tbody tr.outcome-new")
    assert len(rows) == 51  # the plan and its 50 tasks
    shoot(driver, "uploads-03-preview")
    with Session(site.engine) as session:
        assert session.exec(select(Document).where(Document.number == NUMBER)).first() is None
    click_and_wait(driver, driver.find_element(By.ID, "commit"))
    assert "ke-hoach-15-da-sua.xlsx" in driver.find_element(By.ID, "import-done").text
    shoot(driver, "uploads-04-imported")
    with Session(site.engine) as session:
        plan = session.exec(select(Document).where(Document.number == NUMBER)).one()
        tasks = session.exec(select(Task).where(Task.document_id == plan.id)).all()
        assert len(tasks) == 50


def _downloaded(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def download_report(driver: webdriver.Chrome, site: Site, folder: Path | None = None) -> Path:
    """The Q2 report, downloaded as the clerk's browser saves it; its path (to look at)."""
    sign_in(driver, site, OFFICE_MAIL)
    driver.get(f"{site.base}/reports")
    shoot(driver, "uploads-05-reports")
    fill(driver, "report-form", on="31/02/2024")  # a slip: the form comes back as typed
    assert "31/02/2024" in driver.find_element(By.ID, "report-error").text
    assert driver.find_element(By.ID, "report-on").get_attribute("value") == "31/02/2024"
    shoot(driver, "uploads-06-report-error")
    target = folder or Path(tempfile.mkdtemp(prefix="dondoc-report-"))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(target)}
    )
    Select(driver.find_element(By.ID, "report-period")).select_by_value("2024-Q2")
    field = driver.find_element(By.ID, "report-on")
    driver.execute_script("arguments[0].value = arguments[1]", field, "15/07/2024")
    driver.find_element(By.ID, "report-docx").click()
    saved = _downloaded(target, ".docx")
    assert saved.name == "Báo cáo quý II năm 2024.docx"
    document = WordDocument(io.BytesIO(saved.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "tình hình thực hiện nghị quyết, chỉ thị, kết luận quý II năm 2024" in text
    return saved


def extract_resolution(driver: webdriver.Chrome, site: Site) -> None:
    sign_in(driver, site, OFFICE_MAIL)
    driver.get(f"{site.base}/extract")
    shoot(driver, "uploads-07-extract")
    _send_file(driver, "extract-form", RESOLUTION)
    assert driver.find_elements(By.CSS_SELECTOR, "#source-text mark")
    shoot(driver, "uploads-08-review")
    with Session(site.engine) as session:
        on_record = {t.id for t in session.exec(select(Task))}
    # Correct one owner (proposal 1: the office, not VP-DU, leads it: CB01), reject one.
    Select(driver.find_element(By.ID, "lead-1")).select_by_value("CB01")
    Select(driver.find_element(By.ID, "co-1")).deselect_all()
    rejected = driver.find_element(By.ID, "title-2").get_attribute("value")
    driver.find_element(By.ID, "keep-2").click()
    # Owners the directory did not match, picked from the list (not a reporting duty).
    for hint in driver.find_elements(By.CSS_SELECTOR, "p.unmatched"):
        number = hint.get_attribute("id").rsplit("-", 1)[1]  # type: ignore[union-attr]
        due = driver.find_element(By.ID, f"proposal-{number}").text
        if "nghĩa vụ báo cáo" not in due:
            Select(driver.find_element(By.ID, f"lead-{number}")).select_by_value("CB02")
    click_and_wait(driver, driver.find_element(By.ID, "commit-tasks"))
    assert "01_nq_du_shtt_2024.docx" in driver.find_element(By.ID, "extract-done").text
    shoot(driver, "uploads-09-extracted")
    click_and_wait(driver, driver.find_element(By.ID, "to-document"))
    shoot(driver, "uploads-10-document")
    with Session(site.engine) as session:
        new = session.exec(
            select(Task).where(col(Task.id).not_in(on_record)).order_by(col(Task.id))
        ).all()
        assert len(new) >= 5
        assert rejected not in {t.title for t in new}
        lead = session.get(Unit, new[0].lead_unit_id)
        assert lead is not None and lead.code == "CB01"
        for task in new:
            assert session.exec(select(TaskEvent).where(TaskEvent.task_id == task.id)).first()
