"""Secrets never shown: every Apprise URL form the README uses (and the other token
forms) and every SQLAlchemy URL form, through ``mask_secrets`` itself, ``dondoc health``
and the command line's database error message. (Logs, the delivery log and the flow's
artifact are covered by tests/flows/test_secrets_in_flow.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from models.db import dispose_engines
from models.secrets import mask_secrets
from models.settings import get_settings
from notifications.redact import Redactor
from tests.peers import closed_port

# (URL, its secrets): channel templates as the README writes them, after ${VAR} expansion
CHANNEL_FORMS: list[tuple[str, list[str]]] = [
    ("mailtos://dondoc:SmtpPa55-one@mail.example.vn?from=dondoc@example.vn&to={address}",
     ["SmtpPa55-one"]),
    ("mailtos://dondoc:Smtp%40Pa55-two@mail.example.vn?to={address}",
     ["Smtp%40Pa55-two", "Smtp@Pa55-two"]),
    ("mailtos://mail.example.vn?user=dondoc&pass=SmtpPa55-three&to={address}",
     ["SmtpPa55-three"]),
    ("tgram://123456789:AAH-BotT0ken-four/{address}", ["123456789:AAH-BotT0ken-four"]),
    ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/{address}",
     ["T1JJ3T3L2", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ"]),
    ("json://hooks.example.vn/{address_raw}?+X-Token=Hook-T0ken-five", ["Hook-T0ken-five"]),
    ("mmost://mm.example.vn/MmT0ken-six/{address}", ["MmT0ken-six"]),
    ("gchat://workspace/GchatKey-seven/GchatT0ken-seven", ["GchatKey-seven", "GchatT0ken-seven"]),
    ("msteams://TeamTok-eight/TokenA-eight/TokenB-eight/{address}",
     ["TeamTok-eight", "TokenA-eight", "TokenB-eight"]),
    ("discord://WebhookId-nine/WebhookT0ken-nine", ["WebhookId-nine", "WebhookT0ken-nine"]),
    ("zalo://{address}?token=ZaloOaT0ken-ten&rate=5", ["ZaloOaT0ken-ten"]),
    ("zalo://{address}?app=1234567890&secret=ZaloAppS3cret-eleven", ["ZaloAppS3cret-eleven"]),
]  # fmt: skip
DATABASE_FORMS: list[tuple[str, list[str]]] = [
    ("postgresql+psycopg://dondoc:DbPa55-one@127.0.0.1:{port}/dondoc", ["DbPa55-one"]),
    ("postgresql+psycopg://:DbPa55-two@127.0.0.1:{port}/dondoc", ["DbPa55-two"]),
    ("postgresql+psycopg://dondoc@127.0.0.1:{port}/dondoc?password=DbPa55-three",
     ["DbPa55-three"]),
    ("postgresql+psycopg://dondoc:Db%40Pa55-four@127.0.0.1:{port}/dondoc",
     ["Db%40Pa55-four", "Db@Pa55-four"]),
    ("postgresql+psycopg://dondoc@127.0.0.1:{port}/dondoc?sslmode=disable&password=DbPa55-five",
     ["DbPa55-five"]),
]  # fmt: skip
ALL_SECRETS = [s for _, secrets in CHANNEL_FORMS + DATABASE_FORMS for s in secrets]


@pytest.mark.parametrize(("url", "secrets"), CHANNEL_FORMS + DATABASE_FORMS)
def test_mask_secrets_masks_every_form(url: str, secrets: list[str]) -> None:
    text = f"could not send through {url} (retrying {url})"
    masked = mask_secrets(text)
    assert "****" in masked
    assert not [s for s in secrets if s in masked], masked
    # A log line may quote a token alone, away from its URL: the channel's redactor knows it.
    alone = Redactor([url]).scrub(f"rejected token {secrets[-1]} at {url}")
    assert not [s for s in secrets if s in alone], alone


def test_a_libpq_connection_string_is_masked() -> None:
    assert "Pg-Secret" not in mask_secrets("host=db user=u password='Pg-Secret' dbname=x")
    assert "Pg-Secret" not in mask_secrets("host=db password=Pg-Secret dbname=x")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Any:
    def run(database: str, *args: str) -> Any:
        monkeypatch.setenv("DONDOC_DATABASE_URL", database)
        monkeypatch.setenv("COLUMNS", "3000")  # no wrapping that could split a secret
        for i, (url, _) in enumerate(CHANNEL_FORMS):
            monkeypatch.setenv(f"DONDOC_CHANNEL_FORM{i}", url)
        get_settings.cache_clear()
        try:
            return CliRunner().invoke(app, list(args))
        finally:
            dispose_engines()
            get_settings.cache_clear()

    return run


@pytest.mark.parametrize(("form", "secrets"), DATABASE_FORMS)
def test_health_and_errors_show_no_secret(cli: Any, form: str, secrets: list[str]) -> None:
    with closed_port() as port:  # nobody listens: health and commands fail
        _no_secret_shown(cli, form.format(port=port))


def _no_secret_shown(cli: Any, database: str) -> None:
    health = cli(database, "health", "--no-prefect")
    assert health.exit_code == 1
    assert "database: postgresql+psycopg://" in health.output and "unreachable" in health.output
    assert health.output.count("****") >= len(CHANNEL_FORMS) + 1
    failed = cli(database, "--lang", "en", "report", "overdue")
    assert failed.exit_code == 3 and "Cannot reach the database" in failed.output
    for output in (health.output, failed.output):
        assert not [s for s in ALL_SECRETS if s in output], output
