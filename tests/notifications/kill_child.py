"""Child process for the SIGKILL test: one whole reminder run, killed from outside mid-send."""

from __future__ import annotations

import sys
from datetime import date

from models.db import make_engine
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ
from tests.notifications.test_exactly_once import morning


def main() -> None:
    url, smtp_url, day, concurrency = sys.argv[1:5]
    engine = make_engine(url)
    config = NotifyConfig(channels={"email": smtp_url}, concurrency=int(concurrency))
    as_of = date.fromisoformat(day)
    sys.stdout.write("sending\n")
    sys.stdout.flush()
    run_once(engine, as_of, morning(as_of), config, CAL, TZ)
    sys.stdout.write("finished\n")  # never reached: the test kills the run first


if __name__ == "__main__":
    main()
