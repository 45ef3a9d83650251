"""The demo committee in a fresh database, the web application over it, and a way to
sign in as anyone (a real one-time link, minted the way the e-mail's is)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cli.demo_commands import DEMO_MINUTES
from documents.minutes import import_minutes
from models.calendar import default_calendar
from models.duty_lifecycle import generate_all
from models.org import Person
from models.settings import Settings
from models.tokens import SIGNIN, mint
from notifications.config import NotifyConfig
from tests.peers import SmtpSink
from web.app import create_app

TODAY = date(2024, 7, 15)
SECRET = "test-web-secret-0123456789"
BASE = "http://testserver"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def load_demo(engine: Engine) -> None:
    with Session(engine) as session:
        import_minutes(session, DEMO_MINUTES, "demo", default_calendar())
        generate_all(session, date(2024, 1, 1), date(2024, 12, 31), default_calendar())
        session.commit()


@dataclass
class Web:
    app: FastAPI
    engine: Engine
    settings: Settings

    def client(self) -> TestClient:
        return TestClient(self.app, base_url=BASE)

    def person_id(self, code: str) -> int:
        with Session(self.engine) as session:
            found = session.exec(select(Person.id).where(Person.code == code)).one()
            assert found is not None
            return found

    def sign_in(self, code: str) -> TestClient:
        client = self.client()
        token = mint(SECRET, SIGNIN, self.person_id(code))
        page = client.get(f"/login/{token}")
        assert page.status_code == 200, page.text
        answer = client.post(
            f"/login/{token}", data={"csrf": csrf_of(page.text)}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text
        return client


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found[1]


def web_settings(home: Path, db_url: str) -> Settings:
    return Settings(
        home=home, database_url=db_url, web_url=BASE, web_secret=SECRET, web_admins=("chuong.pg",)
    )


@pytest.fixture
def web(engine: Engine, db_url: str, tmp_path: Path, smtp: SmtpSink) -> Web:
    load_demo(engine)
    settings = web_settings(tmp_path, db_url)
    config = NotifyConfig(
        channels={"email": smtp.url()}, tracking_office="VP-DU", retry_backoff_seconds=0.01
    )
    app = create_app(settings=settings, notify=config, engine=engine, today=lambda: TODAY)
    return Web(app, engine, settings)


# The browser tests' live server and Chromium (imported last: the kit reads this module).
from tests.web.browser_kit import browser, site  # noqa: E402, F401
