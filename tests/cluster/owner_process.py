"""Run as a child by ``test_cluster_cleanup``: start a throwaway cluster, report it, and
wait to be killed.

    python -m tests.cluster.owner_process REPORT_PATH
"""

from __future__ import annotations

import sys
import time

from tests.cluster.reports import report_cluster
from tests.pg_cluster import throwaway_cluster

if __name__ == "__main__":
    with throwaway_cluster() as url:
        report_cluster(url, sys.argv[1])
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:  # until the parent test kills this process
            time.sleep(0.05)
