"""The tests ``make mutation`` runs for one module (a pytest plugin, ``-p``).

mutmut first runs its whole test selection once to learn which tests call which
function, then runs those tests for each mutant. Over ``tests/models``,
``tests/notifications`` and ``tests/web`` that first run took longer than scoring a
small module on a shared two-core machine. With ``MUTATION_MODULE`` set (the Makefile
sets it per module), only the test files listed for that module are collected: the
tests of its rules, and of the doors that are the only callers of some of them.
Without it, nothing is deselected.

It also rebuilds what a module makes once at import time. mutmut forks each mutant's
run from a process that has already imported the code (to learn which tests call
what), so a value built at import by a function under mutation stays the original's in
every mutant: ``ledger._RECORD``, the record statements ``_record_statement`` makes per
dialect, would leave all its mutants "surviving" whatever the tests do. At the start of
a mutant's session it is built again, through the mutant.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from types import FrameType

import pytest

TESTS: dict[str, tuple[str, ...]] = {
    "models/status.py": ("tests/models/",),
    "models/tokens.py": ("tests/models/", "tests/web/"),
    "models/access.py": (
        "tests/models/test_access_rules.py",
        "tests/models/test_access_edges.py",
        "tests/models/test_requests.py",
        "tests/models/test_preferences.py",
        "tests/web/test_access.py",
        "tests/web/test_csrf.py",
        "tests/web/test_security_probes.py",
    ),
    "models/requests.py": (
        "tests/models/test_requests.py",
        "tests/models/test_request_edges.py",
        "tests/models/test_access_rules.py",
        "tests/web/test_access.py",
        "tests/web/test_request_clock.py",
        "tests/web/test_links.py",
    ),
    "models/lifecycle.py": (
        "tests/models/test_lifecycle_checks.py",
        "tests/models/test_lifecycle_changes.py",
        "tests/models/test_model_rules.py",
        "tests/models/test_requests.py",
        "tests/models/test_as_of.py",
        "tests/models/test_status.py",
        "tests/models/test_concurrent_lifecycle.py",
        "tests/models/test_unit_scope.py",
    ),
    # Not the tests that start sending processes (minutes each here, per mutant).
    "notifications/recorder.py": (
        "tests/notifications/test_recorder_steps.py",
        "tests/notifications/test_recording_window.py",
        "tests/notifications/test_takeover.py",
        "tests/notifications/test_exactly_once.py::test_two_",
        "tests/notifications/test_exactly_once.py::test_smtp_down_then_back",
        "tests/notifications/test_delivery_faults.py::test_recording_that_fails",
        "tests/notifications/test_delivery_faults.py::test_a_server_that_always_drops",
        "tests/notifications/test_delivery_faults.py::test_a_run_that_outlives_its_lease",
        "tests/notifications/test_delivery_faults.py::test_a_reply_lost",
    ),
    "notifications/ledger.py": (
        "tests/notifications/test_ledger_steps.py",
        "tests/notifications/test_ledger_claims.py",
        "tests/notifications/test_recorder_steps.py",
        "tests/notifications/test_claim.py",
        "tests/notifications/test_record_plan.py",
        "tests/notifications/test_run_summary.py",
        "tests/notifications/test_takeover.py",
        "tests/notifications/test_exactly_once.py::test_two_",
        "tests/notifications/test_delivery_faults.py::test_recording_that_fails",
        "tests/notifications/test_delivery_faults.py::test_a_server_that_always_drops",
        "tests/notifications/test_delivery_faults.py::test_a_run_that_outlives_its_lease",
    ),
}


# ``MUTATION_QUICK=1``: the notification modules against their step-by-step and
# ledger-level tests only (seconds per mutant, not minutes), for a machine too busy to
# run the sending processes once per mutant. A survivor of the quick selection is then
# tried against the full one (``mutmut run NAME`` without ``MUTATION_QUICK``).
QUICK: dict[str, tuple[str, ...]] = {
    "notifications/recorder.py": ("tests/notifications/test_recorder_steps.py",),
    "notifications/ledger.py": (
        "tests/notifications/test_ledger_steps.py",
        "tests/notifications/test_ledger_claims.py",
        "tests/notifications/test_recorder_steps.py",
        "tests/notifications/test_claim.py",
        "tests/notifications/test_record_plan.py",
        "tests/notifications/test_run_summary.py",
        "tests/notifications/test_takeover.py::test_a_late_record_",
    ),
}


def _rebuild_ledger() -> None:
    from notifications import ledger

    ledger._RECORD = {name: ledger._record_statement(name) for name in ledger._RECORD}


REBUILD = {"notifications.ledger.": _rebuild_ledger}


def pytest_configure(config: pytest.Config) -> None:
    """``MUTATION_BACKEND=postgresql``: the selection's PostgreSQL variants instead of its
    SQLite ones (the ``-m "not postgres"`` of ``pyproject.toml`` read as ``-m postgres``),
    for the code only PostgreSQL runs (``ledger._copy_claims``, the ``postgresql``
    branches). Run it in a scratch worktree: ``mutants/`` would mix both backends'
    results, and mutmut keeps one list of tests per function."""
    if os.environ.get("MUTATION_BACKEND") == "postgresql" and config.option.markexpr:
        config.option.markexpr = "postgres"


def pytest_sessionstart(session: pytest.Session) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    for prefix, rebuild in REBUILD.items():
        if mutant.startswith(prefix):
            rebuild()


class TestOverran(Exception):
    """A test ran past ``MUTATION_TEST_LIMIT`` seconds under a mutant: it hangs (a thread
    waiting for a slot that never comes back, a walk that never ends)."""


def _overran(signum: int, frame: FrameType | None) -> None:
    raise TestOverran(f"over {os.environ['MUTATION_TEST_LIMIT']} s: the mutant hangs")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """``MUTATION_TEST_LIMIT=N``: a test of a mutant that runs over N seconds (wall) fails,
    so a hang costs N seconds instead of mutmut's own limit (fifteen times the tests'
    expected time: minutes, for every mutant that makes a thread wait for ever). Only for
    a mutant's run (not the first pass that times the tests), and only where every test
    selected is quick (``MUTATION_QUICK``)."""
    limit = int(os.environ.get("MUTATION_TEST_LIMIT", "0"))
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if not limit or "__mutmut_" not in mutant:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _overran)
    signal.alarm(limit)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    module = os.environ.get("MUTATION_MODULE")
    if not module:
        return
    quick = os.environ.get("MUTATION_QUICK") == "1"
    # Several modules, comma-separated, share one run (and its start-up): their tests.
    wanted = tuple(
        test
        for name in module.split(",")
        for test in (QUICK[name] if quick and name in QUICK else TESTS[name])
    )
    kept = [item for item in items if item.nodeid.startswith(wanted)]
    dropped = [item for item in items if not item.nodeid.startswith(wanted)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept
