"""Explanation requests on the web and the at-risk badge, against every role, on both
backends (the demo committee on 15/07/2024).

Task 7 is overdue and led by bay.nv (a member of DU-SHTT, whose manager is the secretary
long.lh); task 3 is CB02's (manager mai.dt), in progress at 40 %, not at risk; task 10 is
in progress at 0 % with two thirds of its time gone: at risk.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.explanations import ExplanationRequest
from tests.snapshot import snapshot
from tests.web.conftest import Web, csrf_of

LEAD, SECRETARY, OFFICE, OTHER_MANAGER = "bay.nv", "long.lh", "trang.nt", "mai.dt"
LATE, CALM, AT_RISK = 7, 3, 10


def _post(client: TestClient, path: str, page: str, **data: str) -> tuple[int, str]:
    csrf = csrf_of(client.get(page).text)
    answer = client.post(path, data={"csrf": csrf, **data})
    return answer.status_code, answer.text


def _ask(client: TestClient, task_id: int, due: str = "22/07/2024") -> tuple[int, str]:
    page = f"/tasks/{task_id}"
    return _post(client, f"/explain/tasks/{task_id}", page, due_on=due, note="Vì sao chậm?")


def _requests(web: Web) -> list[ExplanationRequest]:
    with Session(web.engine) as session:
        return list(session.exec(select(ExplanationRequest)))


def test_only_a_manager_above_the_task_or_the_office_asks(web: Web) -> None:
    lead, other, secretary = (web.sign_in(c) for c in (LEAD, OTHER_MANAGER, SECRETARY))
    before = snapshot(web.engine)
    assert "ask-explanation" not in lead.get(f"/tasks/{LATE}").text  # no form offered
    status, page = _ask(lead, LATE)
    assert status == 400 and "Chỉ lãnh đạo cấp trên" in page
    assert _ask(other, LATE)[0] == 404  # outside reach
    assert snapshot(web.engine) == before
    assert "ask-explanation" in secretary.get(f"/tasks/{LATE}").text
    status, page = _ask(secretary, LATE)
    assert status == 200 and "Đã gửi yêu cầu giải trình" in page
    assert "Yêu cầu giải trình (nhiệm vụ quá hạn), hạn trả lời 22/07/2024" in page  # history
    (asked,) = _requests(web)
    assert asked.reason == "overdue" and str(asked.due_on) == "2024-07-22"
    status, page = _ask(web.sign_in(OFFICE), LATE)  # one open request per task
    assert status == 400 and "chưa được trả lời" in page
    assert len(_requests(web)) == 1


def test_a_task_neither_late_nor_at_risk_is_not_asked_about(web: Web) -> None:
    manager = web.sign_in(OTHER_MANAGER)
    assert "ask-explanation" not in manager.get(f"/tasks/{CALM}").text
    status, page = _ask(manager, CALM)
    assert status == 400 and "không quá hạn và không có nguy cơ chậm" in page
    status, page = _ask(web.sign_in(OFFICE), AT_RISK)
    assert status == 200 and "nhiệm vụ có nguy cơ chậm" in page


def test_the_due_date_is_after_today_and_within_sixty_days(web: Web) -> None:
    secretary = web.sign_in(SECRETARY)
    for typed in ("15/07/2024", "14/09/2024", "31/02/2024"):
        status, page = _ask(secretary, LATE, typed)
        assert status == 400 and f'value="{typed}"' in page, typed
    assert _requests(web) == []
    assert _ask(secretary, LATE, "13/09/2024")[0] == 200


def test_only_the_lead_answers_and_only_once(web: Web) -> None:
    assert _ask(web.sign_in(SECRETARY), LATE)[0] == 200
    (asked,) = _requests(web)
    page = f"/tasks/{LATE}"
    path = f"/explain/{asked.id}/answer"
    clients = {code: web.sign_in(code) for code in (SECRETARY, OFFICE, OTHER_MANAGER, LEAD)}
    lead = clients[LEAD]
    before = snapshot(web.engine)
    for code in (SECRETARY, OFFICE):
        status, text = _post(clients[code], path, page, answer="Thay lời")
        assert status == 400 and "Chỉ người chủ trì" in text, code
    assert _post(clients[OTHER_MANAGER], path, "/", answer="x")[0] == 404
    status, text = _post(lead, path, page, answer="   ")
    assert status == 400 and "Cần ghi nội dung giải trình" in text
    assert snapshot(web.engine) == before
    status, text = _post(lead, path, page, answer="Chờ ý kiến Ban Tổ chức")
    assert status == 200 and "Đã giải trình" in text and "Chờ ý kiến Ban Tổ chức" in text
    status, text = _post(lead, path, page, answer="Lần hai")
    assert status == 400 and "đã được trả lời" in text


def test_the_at_risk_badge_beside_the_official_status(web: Web) -> None:
    client = web.sign_in(OFFICE)
    listed = client.get("/tasks").text
    row_of = {n: listed.split(f'href="/tasks/{n}"', 1)[1].split("</tr>", 1)[0] for n in (3, 10)}
    assert "Có nguy cơ chậm" in row_of[AT_RISK] and "Có nguy cơ chậm" not in row_of[CALM]
    assert "Đang thực hiện" in row_of[AT_RISK] or "còn" in row_of[AT_RISK].lower()
    page = client.get(f"/tasks/{AT_RISK}").text
    assert 'id="risk"' in page and "Tiến độ 0% — thời gian đã qua 67%" in page
    assert 'id="risk"' not in client.get(f"/tasks/{CALM}").text
