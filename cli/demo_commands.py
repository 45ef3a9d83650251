"""``dondoc demo``: the demo committee, for trying the tracker on a fresh machine."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.context import parse_cli_date, rule, state

if TYPE_CHECKING:
    from sqlmodel import Session

app = typer.Typer(help="Dữ liệu mẫu / Demo data.", no_args_is_help=True)

DEMO_MINUTES = Path(__file__).parent / "demo" / "ipo_committee_2024.yaml"
DEMO_AS_OF = "2024-07-15"  # mid-year in the demo's year, when the list is most telling


@app.command("load")
def load(ctx: typer.Context) -> None:
    """Nạp Đảng bộ mẫu (chạy lại không nhân đôi) / Load the demo committee (idempotent)."""
    from documents.minutes import import_minutes
    from models.calendar import default_calendar
    from models.db import session_scope
    from models.duty_lifecycle import generate_all

    with session_scope() as session:
        counts = import_minutes(session, DEMO_MINUTES, "demo", default_calendar())
        counts.update(
            generate_all(session, date(2024, 1, 1), date(2024, 12, 31), default_calendar())
        )
        counts.update(_demo_submissions(session))
    from cli.io_commands import _report

    _report(ctx, DEMO_MINUTES, counts)


# What the office recorded by mid-July 2024 (as `dondoc duty submit` / `waive` would).
DEMO_SUBMISSIONS = [
    ("BC-QUY", "CB01", "2024-Q1", date(2024, 3, 18)),
    ("BC-QUY", "CB02", "2024-Q1", date(2024, 3, 27)),  # a week late
    ("BC-QUY", "CB03", "2024-Q1", date(2024, 3, 20)),
    ("BC-QUY", "CB01", "2024-Q2", date(2024, 6, 19)),
    ("BC-6THANG", "CB01", "2024-H1", date(2024, 6, 20)),
    ("SH-CHIBO", "CB01", "2024-06", date(2024, 6, 26)),
]


def _demo_submissions(session: Session) -> Counter[str]:
    from sqlmodel import select

    from models.duties import DutySubmission
    from models.duty_lifecycle import find_instance, record_submission, waive
    from models.org import Person

    counts: Counter[str] = Counter()
    clerk = session.exec(select(Person).where(Person.code == "trang.nt")).one()
    for duty, unit, period, on in DEMO_SUBMISSIONS:
        instance = find_instance(session, duty, unit, period)
        if (
            session.exec(
                select(DutySubmission).where(DutySubmission.instance_id == instance.id)
            ).first()
            is None
        ):
            record_submission(session, instance, on, clerk, reference=f"{duty}/{unit}/{period}")
            counts["submissions.created"] += 1
    moved = find_instance(session, "BC-QUY", "CB09", "2024-Q1")
    if moved.waived_on is None:  # the HCMC branch reorganised that quarter
        waive(session, moved, date(2024, 3, 10), "Chi bộ kiện toàn tổ chức trong quý I", clerk)
        counts["waivers.created"] += 1
    return counts


def _outbox_channels() -> str:
    """Without configured channels, deliver into the demo's outbox folder (no server)."""
    import os

    from models.settings import get_settings

    outbox = (get_settings().home / "outbox").resolve()
    if not os.environ.get("DONDOC_NOTIFY_FILE") and not any(
        k.startswith("DONDOC_CHANNEL_") for k in os.environ
    ):
        for channel in ("email", "telegram", "slack"):
            os.environ[f"DONDOC_CHANNEL_{channel.upper()}"] = (
                f"outbox://localhost{outbox}/{channel}?to={{address}}"
            )
    return str(outbox)


DEMO_PEOPLE = (("secretary", "long.lh"), ("office", "trang.nt"), ("member", "bay.nv"))
DEMO_HOST, DEMO_PORT = "127.0.0.1", 8000  # where `make web` serves the demo


def _demo_address(host: str = DEMO_HOST, port: int = DEMO_PORT) -> str:
    """The demo's web address (unless DONDOC_WEB_URL names one), set before any message
    is built: without it mails carry no link, and a new user never sees a one-click
    action or a footer link. ``make run``'s mails point at ``make web``'s server."""
    import os

    from models.settings import get_settings

    os.environ.setdefault("DONDOC_WEB_URL", f"http://{host}:{port}")
    get_settings.cache_clear()
    return os.environ["DONDOC_WEB_URL"]


@app.command("web")
def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option()] = DEMO_HOST,
    port: Annotated[int, typer.Option()] = DEMO_PORT,
    as_of: Annotated[str, typer.Option("--as-of")] = DEMO_AS_OF,
) -> None:
    """Ứng dụng web trên dữ liệu mẫu / The web application on the demo committee."""
    import os

    from sqlmodel import select

    from cli.web_commands import serve_app
    from models.db import session_scope
    from models.links import signin_link
    from models.org import Person, Unit
    from models.requests import set_confirm_completion
    from models.settings import get_settings
    from models.tokens import SIGNIN, mint, secret_key
    from web.app import create_app

    load(ctx)
    day = parse_cli_date(as_of)
    outbox = _outbox_channels()
    os.environ.setdefault("DONDOC_TRACKING_OFFICE", "VP-DU")
    _demo_address(host, port)
    settings = get_settings()
    s = state(ctx)
    with session_scope() as session:
        committee = session.exec(select(Unit).where(Unit.code == "DU-SHTT")).one()
        set_confirm_completion(session, committee, True)
        people = {
            code: session.exec(select(Person).where(Person.code == code)).one().id
            for _, code in DEMO_PEOPLE
        }
    secret = secret_key(settings)
    base = settings.web_url or ""
    s.console.print(f"dondoc web: {base}  (as of {as_of})", highlight=False)
    s.console.print(f"sign-in e-mails land in: {outbox}", highlight=False)
    for role, code in DEMO_PEOPLE:
        person_id = people[code]
        assert person_id is not None
        link = signin_link(base, mint(secret, SIGNIN, person_id))
        s.console.print(f"  {role:9} {code:9} {link}", highlight=False, soft_wrap=True)
    s.console.print("(links work once, for 15 minutes; /login sends new ones)", highlight=False)
    serve_app(host, port, False, create_app(settings=settings, today=lambda: day or date.today()))


@app.command("run")
def run(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of")] = DEMO_AS_OF,
) -> None:
    """Việc chính trên dữ liệu mẫu / The main job on the demo data: load, then list tasks."""
    import os

    from cli.remind_commands import run as remind
    from cli.task_commands import list_tasks

    load(ctx)
    parse_cli_date(as_of)
    s = state(ctx)
    rule(s.console, f"dondoc — {as_of}")
    ctx.invoke(list_tasks, ctx=ctx, as_of=as_of)
    outbox = _outbox_channels()
    os.environ.setdefault("DONDOC_TRACKING_OFFICE", "VP-DU")  # escalations and footers name it
    web = _demo_address()  # the mails' links open `make web`'s pages
    rule(s.console, "deadline-reminders")
    ctx.invoke(remind, ctx=ctx, as_of=as_of, at=f"{as_of}T07:30", dry_run=False)
    s.console.print(f"outbox: {outbox}", highlight=False)
    s.console.print(f"links in the mails open {web} (make web)", highlight=False)
    rule(s.console, "manager-digest")  # 15/07/2024 is a Monday: the weekly digest is due
    ctx.invoke(remind, ctx=ctx, as_of=as_of, at=f"{as_of}T08:00", dry_run=False, managers=True)
