"""Rate limits in the database, on both backends: a window per subject, shared by every
process (two engines, many threads), bounded in size."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.db import make_engine
from models.rate_limits import (
    PRUNE_BATCH,
    SUBJECT_LENGTH,
    Limit,
    RateLimit,
    exceeded,
    hit,
    subject_of,
)

T0 = datetime(2024, 7, 15, 8, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _hit(engine: Engine, limit: Limit, subject: str, seconds: float) -> bool:
    with Session(engine) as session:
        allowed = hit(session, limit, subject, _at(seconds))
        session.commit()
        return allowed


def test_a_key_gets_its_limit_per_window_and_others_are_untouched(engine: Engine) -> None:
    limiter = Limit("test", limit=3, window_seconds=60)
    assert [_hit(engine, limiter, "a", t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert _hit(engine, limiter, "b", 3)
    assert not _hit(engine, limiter, "a", 59.9)
    assert _hit(engine, limiter, "a", 60.5)  # the first hit has left the window


def test_every_process_counts_the_same_hits(db_url: str) -> None:
    """Two engines stand for two processes (or hosts): five hits in all, not five each."""
    limit = Limit("test", limit=5, window_seconds=900)
    first, second = make_engine(db_url), make_engine(db_url)
    try:
        answers = [_hit(e, limit, "person:7", 1) for e in (first, second) * 4]
    finally:
        first.dispose()
        second.dispose()
    assert answers == [True] * 5 + [False] * 3


def test_concurrent_hits_grant_exactly_the_limit(db_url: str) -> None:
    limit = Limit("test", limit=5, window_seconds=900)
    engine = make_engine(db_url)
    answers: list[bool] = []
    lock, start = threading.Lock(), threading.Barrier(12)

    def one() -> None:
        start.wait()
        allowed = _hit(engine, limit, "person:7", 1)
        with lock:
            answers.append(allowed)

    threads = [threading.Thread(target=one) for _ in range(12)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        engine.dispose()
    assert sorted(answers) == [False] * 7 + [True] * 5


def test_ended_windows_are_deleted_and_subjects_are_bounded(engine: Engine) -> None:
    limit = Limit("test", limit=2, window_seconds=60)
    for n in range(50):  # a new client every ten seconds
        assert _hit(engine, limit, f"client:{n}", n * 10)
    with Session(engine) as session:
        rows = session.exec(select(func.count()).select_from(RateLimit)).one()
    assert rows <= 7  # only the subjects of the last minute are left
    huge = "x" * 1_000_000
    assert len(subject_of("text", huge)) <= SUBJECT_LENGTH
    assert subject_of("text", huge) == subject_of("text", huge)
    assert subject_of("text", huge) != subject_of("text", huge + "y")
    with Session(engine) as session, pytest.raises(ValueError, match="bounded"):
        hit(session, limit, huge, T0)


def test_exceeded_reads_without_counting(engine: Engine) -> None:
    limit = Limit("test", limit=2, window_seconds=60)
    with Session(engine) as session:
        assert not exceeded(session, limit, "c", T0)
        hit(session, limit, "c", T0)
        assert not exceeded(session, limit, "c", T0)
        hit(session, limit, "c", T0)
        assert exceeded(session, limit, "c", T0)
        assert not exceeded(session, limit, "c", _at(61))


def test_a_morning_of_renewals_and_prunes_at_once_never_deadlocks(db_url: str) -> None:
    """Yesterday's subjects come back at once: each renewal opens a window and prunes the
    ended rows while others renew theirs, inside a request that goes on before it commits.
    (Deleting every ended row at once, in whatever order each found them, deadlocked.)"""
    limit = Limit("test", limit=20, window_seconds=60)
    engine = make_engine(db_url)
    subjects = [f"client:{n}" for n in range(240)]
    errors: list[BaseException] = []
    answers: list[bool] = []
    lock, start = threading.Lock(), threading.Barrier(12)

    def morning(turn: int) -> None:
        start.wait()
        for n in range(turn, len(subjects), 12):  # each thread its own subjects, interleaved
            try:
                with Session(engine) as session:
                    allowed = hit(session, limit, subjects[n], _at(3600 + n / 100))
                    time.sleep(0.002)  # the rest of the request, its locks held
                    session.commit()
                with lock:
                    answers.append(allowed)
            except Exception as failed:
                with lock:
                    errors.append(failed)

    try:
        with Session(engine) as session:  # yesterday's: every window since ended
            # Ended at many moments, in no order: the order a prune takes them by the index
            # on ``expires_at`` is not the order a scan of the table finds them.
            ended = [int(_at(60 + (n * 7919) % 3000).timestamp() * 1000) for n in range(2240)]
            others = [f"other:{n}" for n in range(2000)]
            session.add_all(RateLimit(scope="test", subject=s, hits=1, expires_at=e)
                            for s, e in zip(subjects + others, ended, strict=True))  # fmt: skip
            session.commit()
        threads = [threading.Thread(target=morning, args=(t,)) for t in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        with Session(engine) as session:
            left = session.exec(select(func.count()).select_from(RateLimit)).one()
    finally:
        engine.dispose()
    assert errors == []
    assert answers == [True] * len(subjects)
    assert left == len(subjects)  # every subject renewed, every ended row gone


def test_one_opening_prunes_a_bounded_batch(engine: Engine) -> None:
    limit = Limit("test", limit=2, window_seconds=60)
    for n in range(PRUNE_BATCH + 30):
        assert _hit(engine, limit, f"old:{n}", 0)
    assert _hit(engine, limit, "new", 120)  # opens a window: prunes one batch
    with Session(engine) as session:
        left = session.exec(select(func.count()).select_from(RateLimit)).one()
    assert left == 30 + 1
    assert _hit(engine, limit, "newer", 121)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(RateLimit)).one() == 2
