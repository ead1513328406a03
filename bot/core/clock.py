"""Time as a dependency: code asks a clock, tests pass a fixed one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

#: Returns the current time, timezone-aware.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)
