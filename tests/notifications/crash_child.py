"""Child process for the crash test: plan and claim a run, then die by SIGKILL before sending."""

from __future__ import annotations

import os
import signal
import sys
from datetime import date

from models.db import make_engine
from notifications.config import NotifyConfig
from notifications.pipeline import claim, plan
from tests.notifications.test_exactly_once import morning


def main() -> None:
    url, smtp_url, webhook_url, day = sys.argv[1:5]
    engine = make_engine(url)
    config = NotifyConfig(
        channels={"email": smtp_url, "webhook": webhook_url}, tracking_office="VP"
    )
    as_of = date.fromisoformat(day)
    planned = plan(engine, as_of, config)
    claim(engine, planned, "crashed-run", morning(as_of), config)
    sys.stdout.write(f"claimed {len(planned.reminders)}\n")
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
