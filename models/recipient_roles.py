"""Why a person hears of an item: their role in it, for one message.

Not the access roles (``models.access.Role``: member, manager, office, admin, which say
what a person may see and do in the web application): these say why this person is
told about this item, which decides whether the message is essential
(``models.preferences.is_essential``) and how the item is worded and linked. They are
never stored: a delivery-log row keeps the kind, the item and the stage, and the role
is found again when the message is built.
"""

from __future__ import annotations

from enum import StrEnum


class RecipientRole(StrEnum):
    LEAD = "lead"  # leads the task (a person, or a person of the lead unit); owes the duty
    CO_OWNER = "co_owner"  # shares the task; hears of it as often as they chose
    ESCALATION = "escalation"  # the manager above, or the tracking office: follows up
    APPROVER = "approver"  # a request waits for their decision
    REQUESTER = "requester"  # their own request was decided
    FOLLOWER = "follower"  # concerned by a task someone commented on (``task_news``)
