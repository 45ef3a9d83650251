"""The sign-in message: a one-time link, sent to the person's e-mail through the
configured e-mail channel (the same Apprise path as reminders)."""

from __future__ import annotations

import unicodedata
from html import escape

from sqlmodel import Session, col, func, select

from models.i18n import register, t
from models.org import ContactChannel, ContactTarget, Person
from notifications.config import NotifyConfig
from notifications.sender import Message, Outcome, send_all

MAX_IDENTIFIER = 254  # the longest e-mail address there is; longer text names nobody


def normalise_identifier(identifier: str) -> str:
    """What a typed identifier is compared as: NFC, without surrounding spaces."""
    return unicodedata.normalize("NFC", identifier[: MAX_IDENTIFIER * 4]).strip()


def find_for_signin(session: Session, identifier: str) -> tuple[Person, str] | None:
    """The active person with exactly this e-mail address (in any case) or person code,
    and their address. Never a pattern: ``%`` or ``_`` typed in are just characters
    (the address was once matched with ILIKE, and ``%`` mailed the first person)."""
    wanted = normalise_identifier(identifier)
    if not wanted or len(wanted) > MAX_IDENTIFIER:
        return None
    query = (
        select(Person, ContactTarget.address)
        .join(ContactTarget, col(ContactTarget.person_id) == col(Person.id))
        .where(
            col(Person.active),
            col(ContactTarget.active),
            ContactTarget.channel == ContactChannel.EMAIL,
        )
    )
    by_address = session.exec(
        query.where(func.lower(ContactTarget.address) == wanted.lower()).order_by(
            col(ContactTarget.id)
        )
    ).first()
    found = (
        by_address
        or session.exec(query.where(Person.code == wanted).order_by(col(ContactTarget.id))).first()
    )
    return (found[0], found[1]) if found is not None else None


def send_signin(config: NotifyConfig, person: Person, address: str, link: str) -> Outcome:
    url = config.url_for("email", address)
    if url is None:
        return Outcome(False, "channel email not configured", permanent=True)
    lang = person.language
    body = (
        f"<p>{escape(t('signin.greeting', lang, name=person.full_name))}</p>"
        f"<p>{escape(t('signin.body', lang))}</p>"
        f'<p><a href="{escape(link)}">{escape(link)}</a></p>'
        f"<p><small>{escape(t('signin.ignore', lang))}</small></p>"
    )
    message = Message(url, t("signin.subject", lang), body)
    (outcome,) = send_all(
        [message],
        concurrency=1,
        redactor=config.redactor(),
        retries=config.send_retries,
        backoff=config.retry_backoff_seconds,
    )
    return outcome


register(
    {
        "signin.subject": {
            "vi": "[Đôn đốc] Đường dẫn đăng nhập",
            "en": "[dondoc] Your sign-in link",
        },
        "signin.greeting": {"vi": "Kính gửi đồng chí {name},", "en": "Dear {name},"},
        "signin.body": {
            "vi": "Bấm vào đường dẫn dưới đây để đăng nhập hệ thống theo dõi. "
            "Đường dẫn dùng được một lần trong 15 phút.",
            "en": "Open the link below to sign in to the tracker. "
            "It works once, within 15 minutes.",
        },
        "signin.ignore": {
            "vi": "Nếu đồng chí không yêu cầu đăng nhập, hãy bỏ qua thư này.",
            "en": "If you did not ask to sign in, ignore this message.",
        },
    }
)
