"""A reminder run killed (SIGKILL of its whole process group) in the middle of sending:
the next run after the lease re-sends at most the messages that were in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.builders import add_document, add_person, make_org
from tests.notifications.conftest import CAL, TZ
from tests.notifications.faulty_smtp import FaultySmtp, faulty_smtp
from tests.notifications.test_exactly_once import DAY, morning

PEOPLE = 120
CONCURRENCY = 4
KILL_AFTER = 40  # digests stored by the SMTP server when the run is killed


def _people_with_overdue_tasks(engine: sa.Engine) -> list[str]:
    addresses = []
    with Session(engine) as session:
        org = make_org(session)
        document = add_document(session, issued_on=date(2024, 1, 29))
        for i in range(PEOPLE):
            person = add_person(session, f"p{i:03d}", org.branch1)
            assert person.id is not None
            address = f"p{i:03d}@example.org"
            session.add(
                ContactTarget(person_id=person.id, channel=ContactChannel.EMAIL, address=address)
            )
            create_task(
                session,
                document=document,
                ref=str(i),
                title=f"Việc {i}",
                lead=person,
                due_on=date(2024, 3, 19),  # three days overdue on DAY: one digest each
                actor="t",
            )
            addresses.append(address)
        session.commit()
    return addresses


def test_sigkill_mid_send_duplicates_at_most_the_messages_in_flight(
    engine: sa.Engine, db_url: str
) -> None:
    addresses = _people_with_overdue_tasks(engine)
    with faulty_smtp(FaultySmtp(delay=0.05)) as smtp:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.notifications.kill_child",
                db_url,
                smtp.url(),
                DAY.isoformat(),
                str(CONCURRENCY),
            ],
            start_new_session=True,  # its own process group, killed whole
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 180
        while sum(smtp.copies().values()) < KILL_AFTER and child.poll() is None:
            assert time.monotonic() < deadline, "the run never got going"
            time.sleep(0.01)
        os.killpg(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err
        assert "finished" not in out
        before = smtp.copies()
        assert KILL_AFTER <= sum(before.values()) < PEOPLE
        config = NotifyConfig(channels={"email": smtp.url()}, concurrency=CONCURRENCY)
        inside_lease = run_once(engine, DAY, morning(DAY, 5), config, CAL, TZ)
        assert inside_lease.deliveries == []
        after_lease = run_once(engine, DAY, morning(DAY, 20), config, CAL, TZ)
        assert after_lease.failed == 0
        assert run_once(engine, DAY, morning(DAY, 300), config, CAL, TZ).deliveries == []
    copies = smtp.copies()
    duplicates = sum(n - 1 for n in copies.values())
    print(f"killed after {sum(before.values())} stored; duplicates after re-run: {duplicates}")
    assert sorted(copies) == addresses  # none lost
    assert duplicates <= CONCURRENCY
