"""Links expire on the real clock, and are spent once even by two requests at once.

The application here has no injected clock (the ``web`` fixture fixes only the date), so
token reading takes the production branch: itsdangerous's own ``max_age`` on the real
time. Old tokens are made by itsdangerous itself, with a signer whose timestamp is in the
past (``TimestampSigner.get_timestamp`` is the library's hook for it), and are posted
with a valid CSRF token: the POST is what acts, so it is what must refuse.
"""

from __future__ import annotations

import secrets
import threading
import time
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session, func, select

import web.auth_routes as auth_routes
from models import tokens
from models.history import TaskEvent
from models.tasks import Task
from models.tokens import ACTION, SIGNIN, UNSUBSCRIBE, SpentToken
from tests.snapshot import changed_tables, snapshot
from tests.threads import started
from tests.web.conftest import SECRET, TODAY, Web, csrf_of

MEMBER, TASK = "bay.nv", 7  # bay leads task 7, open on the demo's day


def minted_ago(purpose: str, person_id: int, seconds: int, **bound: Any) -> str:
    """A token itsdangerous signed ``seconds`` ago, as ``models.tokens.mint`` makes them."""
    signed_at = int(time.time()) - seconds

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return signed_at

    serializer = URLSafeTimedSerializer(
        SECRET, salt=f"dondoc-{purpose}", serializer=tokens._CompactJson, signer=Then
    )
    payload = {"p": person_id, "n": secrets.token_urlsafe(12), **bound}
    return str(serializer.dumps(payload))


def _form_csrf(client: TestClient) -> str:
    """The browser session's CSRF token (any page with a form shows it)."""
    return csrf_of(client.get("/login").text)


# purpose, path prefix, lifetime in seconds, what the token binds
LINKS = [
    (SIGNIN, "/login/", tokens.SIGNIN_MAX_AGE, {}),
    (ACTION, "/a/", tokens.ACTION_MAX_AGE, {"t": TASK, "a": "done"}),
    (UNSUBSCRIBE, "/u/", tokens.UNSUBSCRIBE_MAX_AGE, {}),
]


@pytest.mark.parametrize(
    ("purpose", "prefix", "lifetime", "bound"), LINKS, ids=[p for p, *_ in LINKS]
)
def test_an_expired_link_is_refused_on_post_and_changes_nothing(
    web: Web, purpose: str, prefix: str, lifetime: int, bound: dict[str, Any]
) -> None:
    person = web.person_id(MEMBER)
    client = web.client()
    expired = minted_ago(purpose, person, lifetime + 120, **bound)
    before = snapshot(web.engine)
    assert client.get(prefix + expired).status_code == 400
    answer = client.post(prefix + expired, data={"csrf": _form_csrf(client)})
    assert answer.status_code == 400
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)
    assert client.get("/", follow_redirects=False).status_code == 303  # not signed in
    # The same link a little younger than its lifetime works: the refusal was its age.
    fresh = minted_ago(purpose, person, lifetime - 120, **bound)
    assert client.post(prefix + fresh, data={"csrf": _form_csrf(client)}).status_code in (200, 303)
    assert snapshot(web.engine) != before


def _count(web: Web, model: type[Any]) -> int:
    with Session(web.engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_two_requests_spending_one_link_at_once_act_once(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests read the link as unspent before either spends it (on PostgreSQL they
    are held after reading until both have read; SQLite's writers are serialised by
    BEGIN IMMEDIATE, so there the second request waits for the first's commit)."""
    link = f"/a/{tokens.mint(SECRET, ACTION, web.person_id(MEMBER), t=TASK, a='done')}"
    clients = [web.client(), web.client()]
    forms = [{"csrf": _form_csrf(client)} for client in clients]
    events_before = _count(web, TaskEvent)
    if web.engine.dialect.name == "postgresql":
        both_read = threading.Barrier(2, timeout=60)
        original = tokens.read

        def read_then_wait(*args: Any, **kwargs: Any) -> dict[str, Any] | None:
            payload = original(*args, **kwargs)
            if payload is not None:
                both_read.wait()
            return payload

        monkeypatch.setattr(auth_routes, "read", read_then_wait)
    go = threading.Barrier(2, timeout=60)

    def post(i: int) -> int:
        go.wait()
        return int(clients[i].post(link, data=forms[i]).status_code)

    runs = [started(partial(post, i), f"request {i}") for i in range(2)]
    codes = sorted(run.outcome() for run in runs)
    assert codes == [200, 400]
    assert _count(web, SpentToken) == 1
    assert _count(web, TaskEvent) == events_before + 1  # one completion in the history
    with Session(web.engine) as session:
        task = session.get(Task, TASK)
        assert task is not None and task.completed_on == TODAY
