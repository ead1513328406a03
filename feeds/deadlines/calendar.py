"""Calendar arithmetic for relative periods, and where a call stands from its dates."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

from feeds.types import Status


def add_business_days(start: date, days: int, *, holidays: Collection[str] = ()) -> date:
    """``days`` working days after ``start``: weekends and the fixed public holidays
    ``holidays`` ("MM-DD") skipped. Movable feasts (Easter) are not known: results are
    ``approx``. Day one is the first working day after ``start`` ("from the day after
    publication")."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current.strftime("%m-%d") not in holidays:
            remaining -= 1
    return current


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")


def next_deadline(deadlines: Sequence[datetime], now: datetime) -> datetime | None:
    """The first deadline at or after ``now``."""
    upcoming = [d for d in deadlines if d >= now]
    return min(upcoming) if upcoming else None


def derive_status(
    *,
    now: datetime,
    opening: datetime | None,
    deadlines: Sequence[datetime],
    continuous: bool = False,
    hint: Status | None = None,
) -> Status:
    """Where a call stands, from its dates (a source's own status field stays open too long)."""
    if opening is not None and opening > now:
        return Status.FORTHCOMING
    if deadlines:
        return Status.OPEN if next_deadline(deadlines, now) is not None else Status.CLOSED
    if continuous:
        return Status.OPEN
    if hint is not None:
        return hint
    if opening is not None:
        return Status.OPEN
    return Status.UNKNOWN
