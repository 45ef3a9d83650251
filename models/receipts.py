"""Read receipts: a person opened a link from a reminder about an item.

Kept beside the delivery log rather than in it, so the log's claim-and-record protocol
stays untouched: the receipt names the newest message that told this person about it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select

import models.base  # noqa: F401  (its constraint naming convention, before these tables)
from models.deliveries import SENT_ONLY, DeliveryLog
from models.item_kinds import ItemKind
from models.timestamps import UTCDateTime, utcnow


class DeliveryReceipt(SQLModel, table=True):
    __tablename__ = "delivery_receipt"

    delivery_id: int = Field(foreign_key="delivery_log.id", primary_key=True)
    read_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def mark_read(
    session: Session, person_id: int, item_kind: ItemKind, item_id: int, at: datetime | None = None
) -> int | None:
    """Record that the person read their latest sent message about the item (first read kept)."""
    delivery_id = session.exec(
        select(DeliveryLog.id)
        .where(
            DeliveryLog.recipient_id == person_id,
            DeliveryLog.item_kind == item_kind,
            DeliveryLog.item_id == item_id,
            SENT_ONLY,  # as a literal: what lets the planner use the sent-rows index
        )
        .order_by(col(DeliveryLog.id).desc())
    ).first()
    if delivery_id is None:
        return None
    if session.get(DeliveryReceipt, delivery_id) is None:
        session.add(DeliveryReceipt(delivery_id=delivery_id, read_at=at or utcnow()))
        session.flush()
    return delivery_id


def read_at(session: Session, delivery_id: int) -> datetime | None:
    receipt = session.get(DeliveryReceipt, delivery_id)
    return receipt.read_at if receipt is not None else None
