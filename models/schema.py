"""Every table module, imported once, so ``SQLModel.metadata`` is complete."""

from sqlmodel import SQLModel

from models import (
    attachments,
    carry_over,
    checkins,
    comments,
    deliveries,
    duties,
    explanations,
    history,
    meetings,
    org,
    period_snapshots,
    preferences,
    rate_limits,
    receipts,
    requests,
    tally_tables,
    task_indexes,
    task_tally,
    tasks,
    tokens,
    web_sessions,
)

metadata = SQLModel.metadata

__all__ = [
    "attachments",
    "carry_over",
    "checkins",
    "comments",
    "deliveries",
    "duties",
    "explanations",
    "history",
    "meetings",
    "metadata",
    "org",
    "period_snapshots",
    "preferences",
    "rate_limits",
    "receipts",
    "requests",
    "tally_tables",
    "task_indexes",
    "task_tally",
    "tasks",
    "tokens",
    "web_sessions",
]
