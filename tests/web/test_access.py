"""Who sees and changes what: every page and form against every role, on both backends.

Roles on the demo committee: bay.nv is a member (leads task 7), mai.dt manages CB02
(task 3 is CB02's), trang.nt works in the tracking office, chuong.pg is a named
administrator. A task outside someone's reach answers 404 and nothing changes.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.requests import TaskRequest
from models.tasks import Task
from tests.snapshot import Snapshot, snapshot
from tests.web.conftest import Web, csrf_of

MEMBER, MANAGER, OFFICE, ADMIN = "bay.nv", "mai.dt", "trang.nt", "chuong.pg"
ROLES = (MEMBER, MANAGER, OFFICE, ADMIN)
OWN, OTHER, CB02_TASK = 7, 4, 3  # bay's task; CB07's (nobody's here but the office); CB02's

# path -> the roles that may open it (everyone else: 404)
PAGES = {
    "/": ROLES,
    "/tasks": ROLES,
    "/duties": ROLES,
    "/me": ROLES,
    f"/tasks/{OWN}": (MEMBER, OFFICE, ADMIN),
    f"/tasks/{OTHER}": (OFFICE, ADMIN),
    f"/tasks/{CB02_TASK}": (MANAGER, OFFICE, ADMIN),
    "/tasks/999999": (),
    "/units/CB02": (MANAGER, OFFICE, ADMIN),
    "/units/CB07": (OFFICE, ADMIN),
    "/units/DU-SHTT": (MEMBER, OFFICE, ADMIN),
}


def _state(web: Web) -> Snapshot:
    return snapshot(web.engine)


def test_pages_by_role(web: Web) -> None:
    clients = {code: web.sign_in(code) for code in ROLES}
    for path, allowed in PAGES.items():
        for code, client in clients.items():
            answer = client.get(path)
            expected = 200 if code in allowed else 404
            assert answer.status_code == expected, (path, code, answer.status_code)
    anonymous = web.client()
    for path in PAGES:
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_lists_and_exports_hold_only_what_is_within_reach(web: Web) -> None:
    member = web.sign_in(MEMBER)
    listed = member.get("/tasks").text
    assert 'href="/tasks/7"' in listed and 'href="/tasks/4"' not in listed
    exported = member.get("/tasks", params={"format": "csv"}).text.strip().splitlines()
    assert len(exported) == 2  # the header and task 7
    # Filtering by someone else's unit does not widen the reach.
    assert 'href="/tasks/4"' not in member.get("/tasks", params={"unit": "CB07"}).text
    office = web.sign_in(OFFICE).get("/tasks", params={"unit": "CB07"}).text
    assert 'href="/tasks/4"' in office


def _post(client: TestClient, path: str, page: str, **data: str) -> int:
    csrf = csrf_of(client.get(page).text)
    answer = client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
    return int(answer.status_code)


def test_forms_outside_reach_are_refused_and_change_nothing(web: Web) -> None:
    member, manager = web.sign_in(MEMBER), web.sign_in(MANAGER)
    before = _state(web)
    assert _post(member, f"/tasks/{OTHER}/progress", "/", progress="90") == 404
    assert _post(member, f"/tasks/{CB02_TASK}/done", "/", done_on="2024-07-15") == 404
    assert _post(manager, f"/tasks/{OWN}/extend", "/", new_due_on="2024-12-31", reason="x") == 404
    assert _post(manager, "/units/CB02/settings", "/", confirm_completion="on") == 404
    assert _post(member, "/tasks/999999/progress", "/", progress="5") == 404
    assert _state(web) == before
    # Within reach, the same form works.
    assert _post(manager, f"/tasks/{CB02_TASK}/progress", "/", progress="35") == 200
    assert _state(web) != before


def test_only_a_manager_above_the_task_decides_and_never_on_their_own_request(web: Web) -> None:
    member, manager = web.sign_in(MEMBER), web.sign_in(MANAGER)
    page = f"/tasks/{OWN}"
    asked = _post(member, f"/tasks/{OWN}/extend", page, new_due_on="2024-09-30", reason="Chờ")
    assert asked == 200
    with Session(web.engine) as session:
        request_id = session.exec(select(TaskRequest.id)).one()
    before = _state(web)
    assert _post(member, f"/requests/{request_id}/decide", page, decision="approve") == 404
    assert _post(manager, f"/requests/{request_id}/decide", "/", decision="approve") == 404
    assert _state(web) == before
    secretary = web.sign_in("long.lh")
    home = secretary.get("/").text  # waiting for his decision on his home page
    assert 'href="/tasks/7"' in home and "Đề nghị gia hạn" in home
    assert _post(secretary, f"/requests/{request_id}/decide", page, decision="approve") == 200
    with Session(web.engine) as session:
        task = session.get(Task, OWN)
        assert task is not None and str(task.due_on) == "2024-09-30"


def test_pages_speak_the_readers_language(web: Web) -> None:
    member = web.sign_in(MEMBER)
    assert "Việc của tôi" in member.get("/").text
    assert _post(member, "/me/language", "/me", language="en") == 303
    home = member.get("/").text
    assert "My work" in home and "Overdue" in home and "31/05/2024" in home
