"""Every form refuses a missing or wrong CSRF token: each POST route the application
has (taken from the application itself, so a new router cannot be forgotten), posted by
a signed-in person with everything else right — a live link, a pending request, a
snooze to end, a duty to submit — answers 403, and not one row of the database changes.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from models.duties import DutyInstance
from models.org import Person
from models.preferences import snooze_task
from models.requests import request_extension
from models.tasks import Task
from models.tokens import ACTION, SIGNIN, UNSUBSCRIBE, mint
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import SECRET, TODAY, Web

ADMIN, MEMBER = "chuong.pg", "bay.nv"  # the member leads task 7; the admin reaches every task
TASK_OF = {ADMIN: 3, MEMBER: 7}
# What each path parameter may be; a route with a parameter not listed here fails the test.
ACTIONS = ("progress", "done", "extend", "note", "submit", "waive", "new", "revoke")
TOKEN_PURPOSE = {"/login/": SIGNIN, "/a/": ACTION, "/u/": UNSUBSCRIBE}
FORM = {
    "progress": "77",
    "note": "ghi chú",
    "done_on": "15/07/2024",
    "new_due_on": "30/09/2024",
    "reason": "Chờ số liệu",
    "decision": "approve",
    "reference": "12-BC/CB",
    "year": "2024",
    "confirm_completion": "on",
    "language": "en",
    "co_owned_every": "weekly",
    "identifier": "bay.nv@demo.invalid",
    "until": "01/08/2024",
}
_PARAM = re.compile(r"\{(\w+)\}")


def post_routes(web: Web) -> list[str]:
    """The application's POST paths, included routers and their prefixes resolved."""
    return sorted(
        {
            str(route.path)
            for route in iter_route_contexts(web.app.routes)
            if "POST" in (route.methods or set())
        }
    )


def _concrete(web: Web, path: str, who: str, values: dict[str, str]) -> list[str]:
    """Every way to fill the route's parameters for ``who`` (each action, a live token)."""
    choices: list[list[tuple[str, str]]] = []
    for name in _PARAM.findall(path):
        if name == "action":
            options = list(ACTIONS)
        elif name == "token":
            (purpose,) = [p for prefix, p in TOKEN_PURPOSE.items() if path.startswith(prefix)]
            bound = {"t": TASK_OF[who], "a": "done"} if purpose == ACTION else {}
            options = [mint(SECRET, purpose, web.person_id(who), **bound)]
        else:
            assert name in values, f"{path}: no test value for {{{name}}}"
            options = [values[name]]
        choices.append([(name, option) for option in options])
    filled = []
    for combination in itertools.product(*choices):
        concrete = path
        for name, value in combination:
            concrete = concrete.replace("{" + name + "}", value)
        filled.append(concrete)
    return filled


def _something_to_change(web: Web) -> dict[str, str]:
    """A pending request (for "decide"), a snooze (for "end snooze"), a duty period."""
    member_id = web.person_id(MEMBER)
    with Session(web.engine) as session:
        task = session.get(Task, TASK_OF[MEMBER])
        member = session.get(Person, member_id)
        assert task is not None and member is not None and member.id is not None
        asked = request_extension(session, task, member, date(2024, 12, 31), "Chờ")
        snooze_task(session, member.id, task, date(2024, 8, 1), TODAY)
        instance = session.exec(select(func.min(DutyInstance.id))).one()
        session.commit()
        assert asked.id is not None and instance is not None
        return {
            "request_id": str(asked.id),
            "instance_id": str(instance),
            "code": "CB02",
            "meeting_id": "1",
            "document_id": "1",
            "upload_id": "A" * 43,  # refused for its token before the upload is looked up
        }


@pytest.mark.parametrize("with_token", ["missing", "wrong"])
def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(web: Web, with_token: str) -> None:
    values = _something_to_change(web)
    routes = post_routes(web)
    assert {"/me/notifications", "/tasks/{task_id}/snooze", "/u/{token}"} <= set(routes)
    clients: dict[str, TestClient] = {who: web.sign_in(who) for who in (ADMIN, MEMBER)}
    for client in clients.values():
        assert client.get("/").status_code == 200  # the session (and its CSRF token) exists
    before = snapshot(web.engine)
    posted = 0
    for who, client in clients.items():
        for path in routes:
            for concrete in _concrete(web, path, who, values | {"task_id": str(TASK_OF[who])}):
                data = dict(FORM)
                if with_token == "wrong":
                    data["csrf"] = "not-the-session-token"
                answer = client.post(concrete, data=data, follow_redirects=False)
                assert answer.status_code == 403, (who, concrete, answer.status_code)
                posted += 1
    assert posted >= 2 * len(routes)
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)
