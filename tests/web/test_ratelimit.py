"""The sign-in rate limit: a sliding window per key."""

from __future__ import annotations

from web.ratelimit import RateLimiter


def test_a_key_gets_its_limit_per_window_and_others_are_untouched() -> None:
    limiter = RateLimiter(limit=3, window_seconds=60)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("b", now=3)
    assert not limiter.allow("a", now=59.9)
    assert limiter.allow("a", now=60.5)  # the first hit has left the window
