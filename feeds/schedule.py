"""When to check a source next: pure, deterministic, capped exponential backoff.

A failing source is retried ever less often, up to once a day, and never given up on: a
government portal that is down for a week must still come back by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(hours=24)


def clamp_retry_after(
    seconds: float | None, *, minimum: float = 0, maximum: float = 86_400
) -> float | None:
    """A server's Retry-After or max-age, kept within sane bounds (None stays None)."""
    if seconds is None:
        return None
    return max(minimum, min(maximum, float(seconds)))


def next_check_at(
    *,
    now: datetime,
    interval: timedelta,
    consecutive_failures: int,
    retry_after: float | None = None,
    max_backoff: timedelta = MAX_BACKOFF,
    jitter: float = 0.0,
) -> datetime:
    """The next check: ``interval`` after a success, doubling per failure, capped at a day.

    ``retry_after`` (seconds, from the server) is honoured when longer; ``jitter`` is an
    explicit fraction added to the delay so callers can spread sources deterministically.
    """
    if consecutive_failures <= 0:
        delay = interval
    else:
        # The first retry comes after a fifth of the interval (at least a minute).
        base = max(interval / 5, timedelta(minutes=1))
        exponent = min(consecutive_failures - 1, 30)
        seconds = min(base.total_seconds() * 2**exponent, max_backoff.total_seconds())
        delay = timedelta(seconds=seconds)
    clamped = clamp_retry_after(retry_after)
    if clamped is not None:
        delay = max(delay, timedelta(seconds=min(clamped, max_backoff.total_seconds())))
    return now + delay * (1 + max(0.0, jitter))
