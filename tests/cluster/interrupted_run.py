"""Not collected by the suite: ``test_cluster_cleanup`` runs it in a child pytest, which
starts the throwaway cluster as the suite does, reports it, and waits to be interrupted
or killed."""

from __future__ import annotations

import os
import signal
import time

from tests.cluster.reports import report_cluster

# A terminal's Ctrl-C, whoever started the suite: a run started in the background by a
# shell without job control (``nohup … &``, some CI runners) inherits SIGINT ignored,
# and this child would never see the parent's SIGINT (the test then waited 300 s).
signal.signal(signal.SIGINT, signal.default_int_handler)


def test_wait_inside_a_postgres_test(postgres_admin_url: str) -> None:
    report_cluster(postgres_admin_url, os.environ["DONDOC_CLUSTER_REPORT"])
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:  # until the parent test interrupts or kills this run
        time.sleep(0.05)
    raise AssertionError("never interrupted")
