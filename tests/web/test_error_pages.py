"""Bad numbers in addresses, and every error as the site's own page: through the real
app (TestClient) on both backends. The same probes over HTTP against a running
``dondoc web``: tests/web/test_security_http.py."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Form
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.org import Person
from models.preferences import set_language
from tests.web.conftest import BASE, Web, csrf_of

HUGE = "99999999999999999999999"
BAD_NUMBERS = [
    (f"/tasks/{HUGE}", 404),
    (f"/documents/{HUGE}", 404),
    (f"/tasks/{2**63}", 404),  # one past the widest id column
    ("/tasks/abc", 404),
    ("/tasks/0", 404),
    (f"/tasks?page={'9' * 20}", 400),
    ("/tasks?page=0", 400),
    ("/duties?year=99999", 400),
    ("/duties?year=-1", 400),
    (f"/tasks?document={HUGE}", 400),  # a filter naming no document: the list's own refusal
    ("/tasks?document=²", 400),  # a digit to str.isdigit, not to int()
    ("/me/notifications?saved=x", 400),
]
VI_NOT_FOUND = "Không tìm thấy trang, hoặc đồng chí không có quyền xem."
EN_NOT_FOUND = "Not found, or not yours to see."


def is_site_page(answer: object) -> bool:
    """HTML with the site's security headers, not FastAPI's JSON."""
    headers = answer.headers  # type: ignore[attr-defined]
    return (
        headers["content-type"].startswith("text/html")
        and "base-uri 'none'" in headers["content-security-policy"]
        and headers["x-frame-options"] == "DENY"
        and headers["cache-control"] == "no-store"
    )


@pytest.mark.parametrize(("path", "status"), BAD_NUMBERS)
def test_bad_numbers_are_404_or_400_never_a_failure(web: Web, path: str, status: int) -> None:
    member = web.sign_in("bay.nv")
    answer = member.get(path)
    assert answer.status_code == status, answer.text[:300]
    assert is_site_page(answer)


def test_bad_numbers_in_forms_name_nothing(web: Web) -> None:
    member = web.sign_in("bay.nv")
    csrf = csrf_of(member.get("/me").text)
    for path in (f"/tasks/{HUGE}/progress", f"/requests/{HUGE}/decide", f"/duties/{HUGE}/submit"):
        answer = member.post(path, data={"csrf": csrf, "progress": "5"})
        assert answer.status_code == 404 and is_site_page(answer), path
    # A year typed into the duty form that no date can have is dropped, not a failure.
    form = {"csrf": csrf, "year": "²"}
    assert member.post(f"/duties/{HUGE}/submit", data=form).status_code == 404
    # The channel order form with numbers no row can have: ignored, the page answers.
    odd = {"csrf": csrf, "order": [HUGE, "²", "-1"], "on": [HUGE], "move": f"{HUGE}:up"}
    assert member.post("/me/notifications", data=odd).status_code in (200, 303, 400)


def test_errors_are_pages_in_the_readers_language(web: Web) -> None:
    anonymous = web.client()
    missing = anonymous.get("/no/such/page")
    assert missing.status_code == 404 and is_site_page(missing)
    assert VI_NOT_FOUND in missing.text and '<html lang="vi">' in missing.text
    wrong_method = anonymous.delete("/login")
    assert wrong_method.status_code == 405 and is_site_page(wrong_method)
    assert "Trang này không nhận loại yêu cầu đó." in wrong_method.text
    assert "GET" in wrong_method.headers["allow"]  # kept from the framework's answer
    # A person who reads English gets English, signed in.
    with Session(web.engine) as session:
        person = session.get(Person, web.person_id("bay.nv"))
        assert person is not None
        set_language(session, person, "en")
        session.commit()
    member = web.sign_in("bay.nv")
    for path in ("/no/such/page", f"/tasks/{HUGE}", "/tasks/12345"):
        answer = member.get(path)
        assert answer.status_code == 404 and EN_NOT_FOUND in answer.text, path
        assert '<html lang="en">' in answer.text and is_site_page(answer)
    bad_year = member.get("/duties?year=-1")
    assert "This address is not valid" in bad_year.text
    # A calendar address that names no feed: the same page (calendar apps show a 404).
    feed = anonymous.get("/calendar/no-such-feed.ics")
    assert feed.status_code == 404 and is_site_page(feed) and VI_NOT_FOUND in feed.text


def test_form_and_failure_and_limit_pages(web: Web) -> None:
    @web.app.post("/probe/form")
    def probe_form(number: Annotated[int, Form()]) -> str:
        return str(number)

    @web.app.get("/probe/failure")
    def probe_failure() -> str:
        raise RuntimeError("a bug")

    client = TestClient(web.app, base_url=BASE, raise_server_exceptions=False)
    form = client.post("/probe/form", data={"number": "abc"})
    assert form.status_code == 422 and is_site_page(form)
    assert "Biểu mẫu gửi lên không hợp lệ." in form.text
    failure = client.get("/probe/failure")
    assert failure.status_code == 500 and is_site_page(failure)
    assert "Đã có lỗi ở máy chủ" in failure.text and "a bug" not in failure.text
    csrf = csrf_of(client.get("/login").text)
    answers = [
        client.post("/login", data={"csrf": csrf, "identifier": "nobody@demo.invalid"})
        for _ in range(6)
    ]
    limited = answers[-1]
    assert limited.status_code == 429 and is_site_page(limited)
    assert "Quá nhiều yêu cầu." in limited.text


def test_other_hosts_are_refused_and_never_redirected_to(web: Web) -> None:
    member = web.sign_in("bay.nv")
    for path in ("/", "/tasks/", "/login", "/static/app.css"):
        answer = member.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert answer.status_code == 400, path
        assert "location" not in answer.headers and "evil.example" not in answer.text
        assert path.startswith("/static/") or is_site_page(answer)
    # The right host, any port or case, is served; the health check answers any host.
    assert member.get("/", headers={"Host": "TestServer:8443"}).status_code == 200
    assert member.get("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 200
