"""What a delivery-log row is about: the item kinds, one word per kind of message.

The domain owns these words because the database holds them: ``delivery_log.item_kind``
stores each member's value, and every idempotency key hashes it as text. A member is a
``str`` equal to its value (``str(ItemKind.TASK) == "task"``), so rows written before
this enum and rows written after are the same bytes, and a row read back (plain text)
compares equal to its member. Renaming a value is a data migration; adding a member is
not. ``tests/models/test_item_kinds.py`` ties the values to what the planners write.
"""

from __future__ import annotations

from enum import StrEnum


class ItemKind(StrEnum):
    # The morning digest (``notifications.pipeline``): one message per person and channel.
    TASK = "task"  # item_id: the task
    DUTY = "duty"  # item_id: the duty instance (a reporting period a unit owes)
    REQUEST = "request"  # item_id: a request waiting for its approver's decision
    # Messages of their own (``notifications.kinds`` and ``notifications.watch``).
    NOTICE = "notice"  # item_id: the request, asked or decided (``request_notice``)
    UNDELIVERED = "undelivered"  # item_id: the delivery_log row that could not be delivered
    MANAGER_DIGEST = "manager_digest"  # item_id: the unit, once a week
    WATCH = "watch"  # item_id: the day's ordinal; the morning run did not happen
    STALE = "stale"  # item_id: the task, silent too long (``risk_notices``)
    EXPLAIN = "explain"  # item_id: the explanation request (``risk_notices``)
    COMMENT = "comment"  # item_id: the comment (``task_news``)
    DELEGATED = "delegated"  # item_id: the sub-task (``task_news``)
