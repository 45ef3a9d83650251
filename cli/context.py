"""What every command needs: the user's language, the actor, the console, "today"."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

import typer
from rich.console import Console

import cli.texts  # noqa: F401  (registers the command line's texts)

E = TypeVar("E", bound=Enum)

# Wide enough that no table row of ours folds: off a terminal, a row is one line.
UNBOUNDED = 10_000
RULE_WIDTH = 80  # a heading rule in a log or a mail, where there is no terminal to fill


def make_console(*, stderr: bool) -> Console:
    """A console that lays out for a terminal only when there is one.

    Off a terminal (a pipe, a log file, cron's mail, a test), Rich would lay out at 80
    columns, or at ``COLUMNS``, and hard-wrap a message mid-phrase; there every message
    and every table row stays on its own whole line, whatever ``COLUMNS`` says.
    """
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, soft_wrap=True, width=UNBOUNDED)


def rule(console: Console, title: str) -> None:
    """A heading line: the terminal's width, or a fixed width off a terminal."""
    from rich.rule import Rule

    console.print(Rule(title), width=None if console.is_terminal else RULE_WIDTH)


@dataclass
class CliState:
    lang: str | None = None
    actor: str | None = None
    console: Console = field(default_factory=lambda: make_console(stderr=False))
    err: Console = field(default_factory=lambda: make_console(stderr=True))

    @property
    def language(self) -> str:
        if self.lang:
            return self.lang
        from models.settings import get_settings

        return get_settings().language

    @property
    def who(self) -> str:
        return self.actor or os.environ.get("DONDOC_ACTOR") or getpass.getuser()


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def today() -> date:
    """Today in the committee's timezone (commands take ``--as-of`` to override)."""
    from models.clock import today as committee_today

    return committee_today()


def parse_cli_date(value: str | None) -> date | None:
    """A date typed on the command line: ISO or the Vietnamese DD/MM/YYYY."""
    if value is None:
        return None
    from documents.dates import DateProblem, parse_date

    try:
        return parse_date(value)
    except DateProblem as problem:
        from models.errors import TrackerError
        from models.i18n import Term

        raise TrackerError("cli_date", value=value, reason=Term(problem.key)) from None


def parse_choice(enum_cls: type[E], value: str, option: str) -> E:
    """An enum member typed by value or label (either language, accents optional)."""
    from models.errors import TrackerError
    from models.i18n import match_enum

    member = match_enum(enum_cls, value)
    if member is not None:
        return member
    choices = ", ".join(str(m.value) for m in enum_cls)
    raise TrackerError("bad_choice", field=option, value=value, choices=choices)


def parse_cli_moment(value: str | None) -> datetime | None:
    """A committee-local time typed on the command line: 2024-03-22T07:30 (or a space)."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        from models.errors import TrackerError

        raise TrackerError("cli_moment", value=value) from None
