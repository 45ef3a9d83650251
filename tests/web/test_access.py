"""Who sees and changes what: every page and form against every role, on both backends.

Roles on the demo committee: bay.nv is a member (leads task 7), mai.dt manages CB02
(task 3 is CB02's), trang.nt works in the tracking office, chuong.pg is a named
administrator. A task outside someone's reach answers 404 and nothing changes.
"""

from __future__ import annotations

import pytest
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
    "/signins": (ADMIN,),  # everyone's sign-in log
    f"/signins?person={MEMBER}": (MEMBER, ADMIN),  # one's own, or an administrator
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


# The "requester = approver" column: each role asks for an extension of a task it may
# act on, then tries to decide its own request (new due date after the task's own).
OWN_REQUESTS = {
    MEMBER: (OWN, "2024-09-30"),
    MANAGER: (CB02_TASK, "2025-03-31"),
    OFFICE: (OTHER, "2024-09-30"),  # CB07's: the office asking for a sub-branch's task
    ADMIN: (5, "2024-12-31"),  # CB06's
}


def _pending(web: Web, task_id: int) -> TaskRequest:
    with Session(web.engine) as session:
        found = session.exec(select(TaskRequest).where(TaskRequest.task_id == task_id)).one()
        assert found.state.value == "pending"
        return found


@pytest.mark.parametrize("code", ROLES)
def test_nobody_decides_their_own_request(web: Web, code: str) -> None:
    task_id, new_due_on = OWN_REQUESTS[code]
    client, page = web.sign_in(code), f"/tasks/{task_id}"
    assert (
        _post(client, f"/tasks/{task_id}/extend", page, new_due_on=new_due_on, reason="Chờ") == 200
    )
    asked = _pending(web, task_id)
    before = _state(web)
    for decision in ("approve", "reject"):
        answer = _post(client, f"/requests/{asked.id}/decide", page, decision=decision)
        assert answer == 404, (code, decision)
    assert _state(web) == before
    assert _pending(web, task_id).decided_by_id is None
    assert f"/requests/{asked.id}/decide" not in client.get(page).text


def _due(session: Session, task_id: int) -> str:
    task = session.get(Task, task_id)
    assert task is not None
    return str(task.due_on)


def test_a_manager_of_the_tasks_unit_does_not_decide_their_own_request(web: Web) -> None:
    """trang.nt manages VP-DU, which leads task 6, and works in the tracking office: she
    asks to move its deadline, then may not approve it; the secretary above may."""
    task_id, page = 6, "/tasks/6"
    manager = web.sign_in(OFFICE)
    with Session(web.engine) as session:
        due_before = _due(session, task_id)
    assert (
        _post(manager, f"/tasks/{task_id}/extend", page, new_due_on="2024-12-31", reason="x") == 200
    )
    asked = _pending(web, task_id)
    before = _state(web)
    assert _post(manager, f"/requests/{asked.id}/decide", page, decision="approve") == 404
    assert _state(web) == before
    with Session(web.engine) as session:
        assert _due(session, task_id) == due_before  # 30 Nov rolled to the next working day
    assert _pending(web, task_id).decided_by_id is None
    secretary = web.sign_in("long.lh")
    assert _post(secretary, f"/requests/{asked.id}/decide", page, decision="approve") == 200
    with Session(web.engine) as session:
        assert _due(session, task_id) == "2024-12-31"


def test_pages_speak_the_readers_language(web: Web) -> None:
    member = web.sign_in(MEMBER)
    assert "Việc của tôi" in member.get("/").text
    assert _post(member, "/me/language", "/me", language="en") == 303
    home = member.get("/").text
    assert "My work" in home and "Overdue" in home and "31/05/2024" in home
