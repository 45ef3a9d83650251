"""A spent link stays spent however it is written (the probes that broke it: a used
sign-in link with ``=``, ``==``, ``===`` or ``=~`` appended signed in again; a used
progress link with ``=`` appended reported progress again), on both backends."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from models.tasks import Task
from models.tokens import ACTION, SIGNIN, mint
from tests.web.conftest import SECRET, Web, csrf_of

TAILS = ("=", "==", "===", "=~", "%3D", "~")


def _confirm(client: TestClient, url: str, **data: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, page.text
    answer = client.post(url, data={"csrf": csrf_of(page.text), **data}, follow_redirects=False)
    return int(answer.status_code)


def test_a_spent_signin_link_respelled_does_not_sign_in(web: Web) -> None:
    link = f"/login/{mint(SECRET, SIGNIN, web.person_id('bay.nv'))}"
    assert _confirm(web.client(), link) == 303
    for tail in TAILS:
        client = web.client()
        assert client.get(link + tail).status_code == 400, tail
        csrf = csrf_of(client.get("/login").text)
        answer = client.post(link + tail, data={"csrf": csrf}, follow_redirects=False)
        assert answer.status_code == 400, tail
        assert client.get("/me", follow_redirects=False).status_code == 303, tail


def test_a_live_signin_link_respelled_is_refused_and_the_link_still_works(web: Web) -> None:
    link = f"/login/{mint(SECRET, SIGNIN, web.person_id('bay.nv'))}"
    client = web.client()
    csrf = csrf_of(client.get("/login").text)
    for tail in TAILS:
        assert client.get(link + tail).status_code == 400, tail
        assert client.post(link + tail, data={"csrf": csrf}).status_code == 400, tail
    assert _confirm(client, link) == 303


def _progress(web: Web, task_id: int) -> int:
    with Session(web.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.progress


def test_a_spent_progress_link_respelled_does_not_act_again(web: Web) -> None:
    link = f"/a/{mint(SECRET, ACTION, web.person_id('bay.nv'), t=7, a='progress')}"
    assert _confirm(web.client(), link, progress="52") == 200
    assert _progress(web, 7) == 52
    for step, tail in enumerate(TAILS, start=53):
        client = web.client()
        assert client.get(link + tail).status_code == 400, tail
        csrf = csrf_of(client.get("/login").text)
        answer = client.post(link + tail, data={"csrf": csrf, "progress": str(step)})
        assert answer.status_code == 400, tail
    assert _progress(web, 7) == 52
