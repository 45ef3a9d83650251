"""The notification delivery log: one row per (recipient, channel, item, stage, occurrence).

A row is claimed (inserted under its unique key) *before* anything is sent, so two runs
can never both send it. The owning run keeps ``claimed_at`` fresh while it sends (a
heartbeat), so only the claim of a run that died is picked up again by a later run.
Every outcome is written as it completes, so the row tells how many copies may exist.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Timestamped, enum_type
from models.timestamps import UTCDateTime


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a run owns it and is sending
    SENT = "sent"
    FAILED = "failed"  # certainly not delivered: retried with back-off (next_attempt_at)
    # The server may have taken it (connection lost after the message data, no final
    # reply): re-sent once at most, so a reader gets two copies rather than none.
    AMBIGUOUS = "ambiguous"
    ABANDONED = "abandoned"  # permanent failure (no channel, item closed): never retried


SENT_ONLY = sa.text("status = 'sent'")  # a partial index's predicate, as a literal
SENT_TIME = sa.text("sent_at IS NOT NULL")  # implied by any comparison of sent_at


class DeliveryLog(Timestamped, table=True):
    __tablename__ = "delivery_log"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=64, unique=True)
    recipient_id: int = Field(foreign_key="person.id")
    channel: str = Field(max_length=32)
    address: str | None = Field(default=None, max_length=320)  # the contact target, not a secret
    item_kind: str = Field(max_length=20)  # an ``ItemKind`` (models.item_kinds)
    item_id: int
    stage: str = Field(max_length=40)  # a ``StageName`` (models.stage_names) or "before-N"
    occurrence: str = Field(max_length=40)  # what makes a repeat a new message (a date)
    subject: str | None = Field(default=None, max_length=500)
    digest_id: str | None = Field(default=None, max_length=36)
    status: DeliveryStatus = Field(
        default=DeliveryStatus.CLAIMED, sa_type=enum_type(DeliveryStatus, "delivery_status")
    )
    attempts: int = 0
    claim_token: str | None = Field(default=None, max_length=36)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None
    # Sends whose outcome is unknown (ambiguous replies, runs that died while holding it);
    # at 2 the row is never sent again: no reader gets a third copy.
    uncertain_sends: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # back-off
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # office told

    # Every index is written for each of a morning's quarter of a million claims: only
    # those a query needs. Status and claim time: reclaim, heartbeat, a run's claims. Two
    # index sent rows only, so a claim enters neither: the read receipt's lookup (a
    # person's latest sent message about an item; queries must name 'sent' as a literal
    # for the planners to use it), and the send time for the run report's count of a day
    # (``sent_at`` is set when, and only when, a row is recorded sent).
    __table_args__ = (
        sa.Index("ix_delivery_log_status_claimed_at", "status", "claimed_at"),
        sa.Index(
            "ix_delivery_log_sent_item",
            "recipient_id",
            "item_kind",
            "item_id",
            sqlite_where=SENT_ONLY,
            postgresql_where=SENT_ONLY,
        ),
        sa.Index(
            "ix_delivery_log_sent_at", "sent_at", sqlite_where=SENT_TIME, postgresql_where=SENT_TIME
        ),
    )
