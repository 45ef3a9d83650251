"""Contact targets: one contact is one recipient, whatever was typed.

Every way in (minutes import, spreadsheet, command line, web) and every way out (the
Apprise URL built for a reminder) checks a target here. An e-mail address must be one
mailbox (no list, no display name, no header or URL parameter smuggled in); a chat
target must look like what its channel addresses (a Telegram chat id, a Slack channel,
a Zalo follower's numeric user id).
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from models.errors import TrackerError
from models.i18n import register
from models.inputs import control_character
from models.org import ContactChannel

MAX_ADDRESS = 320  # the column's length, and RFC 5321's limit for a mailbox
# Names reserved for testing and internal networks (RFC 2606/6761/6762): the validator
# refuses them as undeliverable on the Internet, but an office mail server may use
# ``.local`` and the demo uses ``.invalid``. Only the syntax is ours to judge.
_RESERVED_TLDS = {"invalid", "test", "local", "localhost", "example", "internal", "lan"}

_CHAT_TARGETS: dict[ContactChannel, re.Pattern[str]] = {
    # a numeric chat id (groups negative) or a public @channel name
    ContactChannel.TELEGRAM: re.compile(r"-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}"),
    ContactChannel.SLACK: re.compile(r"[#@]?[A-Za-z0-9][A-Za-z0-9._-]{0,79}"),
    ContactChannel.MATTERMOST: re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
    ContactChannel.MSTEAMS: re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
    ContactChannel.GOOGLE_CHAT: re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
    # a host[:port]/path or a path name: never a query, fragment, user or escape
    ContactChannel.WEBHOOK: re.compile(r"[A-Za-z0-9][A-Za-z0-9._~:/-]{0,255}"),
}


# The id a Zalo Official Account knows its follower by (a positive 64-bit number, in the
# OA's webhook events and follower list). Digits only: nothing else can reach the URL.
ZALO_USER_ID = re.compile(r"[1-9][0-9]{5,19}")


def _email(address: str) -> str:
    local, at, domain = address.rpartition("@")
    labels = domain.rstrip(".").split(".")
    probe = address
    if at and len(labels) > 1 and labels[-1].lower() in _RESERVED_TLDS:
        probe = f"{local}@{'.'.join([*labels[:-1], 'example'])}"
    try:
        result = validate_email(
            probe,
            check_deliverability=False,
            allow_display_name=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_smtputf8=False,
        )
    except EmailNotValidError as error:
        raise TrackerError("bad_email", value=address, reason=str(error)) from None
    if probe is not address:
        return f"{result.local_part}@{domain.lower()}"
    return result.normalized


def normalise_target(channel: ContactChannel, address: str) -> str:
    """The target as stored and sent to; raises ``TrackerError`` if it is not one recipient."""
    address = address.strip()
    if not address or len(address) > MAX_ADDRESS or control_character(address) is not None:
        raise TrackerError("bad_target", channel=channel.value, value=address[:80])
    if channel is ContactChannel.EMAIL:
        return _email(address)
    if channel is ContactChannel.ZALO:
        if not ZALO_USER_ID.fullmatch(address):
            raise TrackerError("bad_zalo_user_id", value=address[:80])
        return address
    pattern = _CHAT_TARGETS[channel]
    if not pattern.fullmatch(address) or ".." in address.split("/"):
        raise TrackerError("bad_target", channel=channel.value, value=address)
    return address


@lru_cache(maxsize=65536)  # a run checks each person's targets again and again
def is_valid_target(channel: str, address: str) -> bool:
    try:
        normalise_target(ContactChannel(channel), address)
    except (TrackerError, ValueError):
        return False
    return True


register(
    {
        "error.bad_email": {
            "vi": "«{value}» không phải một địa chỉ thư điện tử hợp lệ ({reason})",
            "en": "«{value}» is not one valid e-mail address ({reason})",
        },
        "error.bad_zalo_user_id": {
            "vi": (
                "«{value}» không phải ID người dùng Zalo hợp lệ: cần dãy 6–20 chữ số mà "
                "Official Account của cơ quan thấy khi người này quan tâm OA (không phải "
                "số điện thoại hay tên Zalo)"
            ),
            "en": (
                "«{value}» is not a valid Zalo user id: expected the 6–20 digit id the "
                "office's Official Account sees when this person follows it (not a phone "
                "number or a Zalo name)"
            ),
        },
        "error.bad_target": {
            "vi": "«{value}» không phải một địa chỉ nhận hợp lệ của kênh {channel}",
            "en": "«{value}» is not a valid {channel} target",
        },
    }
)
