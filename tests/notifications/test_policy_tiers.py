"""Escalation tiers: a manager hears of an overdue item once per tier, set in the YAML."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from notifications.config import ConfigError, load_config
from notifications.policy import ReminderPolicy, escalation_stage

DUE = date(2024, 3, 1)


def test_an_escalation_is_a_new_occurrence_only_when_a_tier_is_entered() -> None:
    policy = ReminderPolicy()  # tiers 7, 30, 90
    seen = {
        stage.occurrence
        for late in range(0, 200)
        if (stage := escalation_stage(DUE, DUE + timedelta(days=late), policy)) is not None
    }
    assert sorted((d - DUE).days for d in seen) == [7, 30, 90]
    assert escalation_stage(DUE, DUE + timedelta(days=6), policy) is None
    # A run that missed a tier's day (a holiday) sends the tier current then, once.
    late = escalation_stage(DUE, DUE + timedelta(days=33), policy)
    assert late is not None and (late.occurrence - DUE).days == 30 and late.days == 33


def _load(tmp_path: Path, text: str) -> ReminderPolicy:
    path = tmp_path / "notify.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ={}).policy


def test_tiers_come_from_the_notify_file(tmp_path: Path) -> None:
    policy = _load(tmp_path, "policy:\n  escalate_at_days: [60, 5, 20]\n  before_days: [1, 7]\n")
    assert policy.escalate_at_days == (5, 20, 60) and policy.before_days == (7, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("policy:\n  escalate_at_days: 7\n", "policy.escalate_at_days: expected a list of days"),
        ("policy:\n  escalate_at_days: [7, soon]\n", "expected a whole number, got 'soon'"),
        ("policy:\n  escalate_at_days: [0, 7]\n", "must be at least 1, got 0"),
        ("policy:\n  escalate_every_days: 7\n", "unknown policy keys ['escalate_every_days']"),
        ("group_channels: webhook\n", "group_channels: expected a list of channel names"),
        ("email_sessions: four\n", "email_sessions: expected a whole number, got 'four'"),
        ("email_sessions: 0\n", "email_sessions: must be at least 1, got 0"),
        ("concurrency: many\n", "concurrency: expected a whole number, got 'many'"),
    ],
)
def test_bad_policy_values_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, text)
    assert message in str(error.value) and "notify.yaml" in str(error.value)
