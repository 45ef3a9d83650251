"""Claimed ledger rows gathered into messages: one per recipient, channel and address.

Every kind of message (the morning digest, the manager digest, the office's report of
what could not be delivered, the instant notices) starts from the rows its run claimed
and needs the same first step: the rows of one message together, its recipient and its
channel's URL found, and the rows of a message that no run could ever send (the person
left, the channel is not configured any more) settled so they stop being retried. That
step is written here once; each kind only words its messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from notifications import ledger
from notifications.config import NotifyConfig
from notifications.directory import Directory, PersonInfo

_GROUP = itemgetter(1, 2, 3)  # ``ledger.Claimed``'s recipient, channel, address
Key = tuple[int, str, str]


@dataclass(frozen=True)
class Addressed:
    """One message's recipient, channel, address and URL, and the claimed rows it covers."""

    person: PersonInfo
    channel: str
    address: str
    url: str  # holds secrets: never logged or stored
    rows: list[ledger.Claimed]

    @property
    def row_ids(self) -> tuple[int, ...]:
        return tuple(r.id for r in self.rows)

    @property
    def attempts(self) -> int:
        """The most any of its rows was tried before (for back-off)."""
        return max(r.attempts for r in self.rows)


def by_message(rows: Iterable[ledger.Claimed]) -> dict[Key, list[ledger.Claimed]]:
    """Rows gathered per (recipient, channel, address), in first-seen order.

    Taken a run of neighbours at a time: ``ledger.claimed_by`` returns a message's rows
    side by side, so a morning's quarter of a million rows costs one step per message;
    rows in any other order (a dry run's) only make shorter runs.
    """
    groups: dict[Key, list[ledger.Claimed]] = {}
    for (recipient_id, channel, address), run in groupby(rows, _GROUP):
        key = (recipient_id, channel, address or "")
        members = groups.get(key)
        if members is None:
            groups[key] = list(run)
        else:
            members.extend(run)
    return groups


def addressed(
    rows: Iterable[ledger.Claimed],
    directory: Directory,
    config: NotifyConfig,
    settled: list[ledger.Result],
) -> Iterator[Addressed]:
    """Each message that can be sent; the rows of one that cannot go to ``settled``
    as permanent failures (no later run could send them either)."""
    for (recipient_id, channel, address), members in by_message(rows).items():
        person = directory.people.get(recipient_id)
        url = config.url_for(channel, address)
        if person is None or url is None:
            reason = "recipient inactive" if person is None else f"channel {channel} not configured"
            ids = tuple(r.id for r in members)
            settled.append(ledger.Result(ids, ok=False, error=reason, permanent=True, tries=0))
            continue
        yield Addressed(person, channel, address, url, members)
