"""Mentions in what people wrote made inert before it reaches a chat.

A task title, a note or a name is text someone typed. In Mattermost, Slack, Rocket.Chat
or Discord, ``@here``, ``@channel``, ``@all`` or ``@everyone`` in a message wakes every
member of the channel, and ``@someone`` pings that person; Telegram links ``@username``.
A reminder must never do that on a title's behalf. A WORD JOINER (U+2060, invisible,
no line break) after every ``@`` that starts a word keeps the text as people read it
while no chat sees a mention in it. An ``@`` inside a word (``vp@tinh.gov.vn``) is no
mention anywhere and is left alone.

Applied once, where every chat message leaves (``notifications.sender``), so every
channel and every kind of message (digests, approvers' notices, run alerts) gets it.
"""

from __future__ import annotations

import re

JOINER = "\u2060"
_MENTION = re.compile(r"(?<![\w@.+-])@(?=[\w.-])")


def neutralise(text: str) -> str:
    """``text`` with every word-initial ``@`` followed by a WORD JOINER."""
    return _MENTION.sub("@" + JOINER, text)
