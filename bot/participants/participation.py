"""Unique participants and hours of participation across workshops (pure).

A participant is a person who attended (``workshop_rsvps.attended`` is true; a self check-in
sets it): people are counted once however many workshops they came to, organisations once
however many of their people came. Hours come from each workshop's scheduled duration (start
to end), summed per attendance: two people at a three-hour workshop are six hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Attendance:
    """One person at one workshop."""

    workshop_id: int
    member_id: int
    organisation_id: int | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class Participation:
    """The totals for a set of attendances."""

    workshops: int
    people: int
    organisations: int
    attendances: int
    hours: Decimal


def workshop_hours(starts_at: datetime, ends_at: datetime) -> Decimal:
    """A workshop's duration in hours, to two decimals (0 when the end is not after the start)."""
    seconds = max(0.0, (ends_at - starts_at).total_seconds())
    return (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def summarise(attendances: Iterable[Attendance]) -> Participation:
    """Unique people and organisations, and hours of participation; a person listed twice for
    the same workshop counts once."""
    seen: dict[tuple[int, int], Attendance] = {}
    for item in attendances:
        seen.setdefault((item.workshop_id, item.member_id), item)
    rows = list(seen.values())
    return Participation(
        workshops=len({r.workshop_id for r in rows}),
        people=len({r.member_id for r in rows}),
        organisations=len({r.organisation_id for r in rows if r.organisation_id is not None}),
        attendances=len(rows),
        hours=sum((workshop_hours(r.starts_at, r.ends_at) for r in rows), Decimal("0.00")),
    )
