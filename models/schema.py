"""Every table module, imported once, so ``SQLModel.metadata`` is complete."""

from sqlmodel import SQLModel

from models import (
    attachments,
    checkins,
    comments,
    deliveries,
    duties,
    history,
    meetings,
    org,
    period_snapshots,
    preferences,
    rate_limits,
    receipts,
    requests,
    task_indexes,
    tasks,
    tokens,
    web_sessions,
)

metadata = SQLModel.metadata

__all__ = [
    "attachments",
    "checkins",
    "comments",
    "deliveries",
    "duties",
    "history",
    "meetings",
    "metadata",
    "org",
    "period_snapshots",
    "preferences",
    "rate_limits",
    "receipts",
    "requests",
    "task_indexes",
    "tasks",
    "tokens",
    "web_sessions",
]
