"""What a person chooses for themselves: the language they read."""

from __future__ import annotations

from sqlmodel import Session

from models.i18n import LANGUAGES
from models.org import Person


def set_language(session: Session, person: Person, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    person.language = language
    session.add(person)
    session.flush()
