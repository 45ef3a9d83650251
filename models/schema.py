"""Every table module, imported once, so ``SQLModel.metadata`` is complete."""

from sqlmodel import SQLModel

from models import (
    carry_over,
    checkins,
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
    task_indexes,
    tasks,
    tokens,
    web_sessions,
)

metadata = SQLModel.metadata

__all__ = [
    "carry_over",
    "checkins",
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
    "task_indexes",
    "tasks",
    "tokens",
    "web_sessions",
]
