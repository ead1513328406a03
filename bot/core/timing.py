"""Pure time decisions: when a member's next digest is due, whether a moment is in quiet hours.

All inputs and outputs are timezone-aware. Local times are resolved with ``zoneinfo``: a
local time that does not exist (the spring-forward gap) moves forward by the gap, and an
ambiguous one (the autumn fall-back) means its first occurrence, so each week's digest is
sent exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local minutes of the day during which nothing is sent; ``start > end`` spans midnight."""

    start_minute: int
    end_minute: int

    def contains(self, local: time) -> bool:
        """True when ``local`` falls inside the quiet period."""
        minute = local.hour * 60 + local.minute
        if self.start_minute == self.end_minute:
            return False
        if self.start_minute < self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute


def to_minute(value: time) -> int:
    """Minutes since local midnight."""
    return value.hour * 60 + value.minute


def from_minute(minute: int) -> time:
    """The local time ``minute`` minutes after midnight."""
    return time(minute // 60, minute % 60)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``day`` at local ``at`` in ``zone`` (gaps move forward)."""
    # fold=0: an ambiguous time is its first occurrence; a time in the spring-forward gap
    # takes the offset before the gap, which lands after the gap in UTC: what we want.
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def shift_out_of_quiet(instant: datetime, zone: ZoneInfo, quiet: QuietHours | None) -> datetime:
    """``instant``, or the end of the quiet period it falls in (member's local time)."""
    if quiet is None:
        return instant
    local = instant.astimezone(zone)
    if not quiet.contains(local.timetz().replace(tzinfo=None)):
        return instant
    end = from_minute(quiet.end_minute)
    day = local.date()
    if local.time() >= end:
        day += timedelta(days=1)
    return local_instant(day, end, zone)


def next_weekly(
    *,
    now: datetime,
    weekday: int,
    minute: int,
    zone: ZoneInfo,
    quiet: QuietHours | None = None,
    not_before: datetime | None = None,
) -> datetime:
    """The first weekly slot (``weekday`` 0 = Monday, local ``minute``) strictly after ``now``.

    ``not_before`` skips slots up to that instant (e.g. the last digest sent), so a slot is
    never used twice. A slot inside quiet hours moves to the end of the quiet period.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    floor = max(now, not_before) if not_before else now
    local_today = floor.astimezone(zone).date()
    start = local_today - timedelta(days=(local_today.weekday() - weekday) % 7)
    at = from_minute(minute)
    for week in range(3):
        day = start + timedelta(weeks=week)
        candidate = shift_out_of_quiet(local_instant(day, at, zone), zone, quiet)
        if candidate > floor:
            return candidate
    raise AssertionError("unreachable: a weekly slot always exists within three weeks")
