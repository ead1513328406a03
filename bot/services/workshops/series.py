"""Recurring series: a published draft with a repeat rule becomes one row per occurrence.

Each occurrence is a workshop of its own (answers, seats, reminders, edits and cancellation
all work per date); they share ``series_id`` and the rule, which the cards describe.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import recurrence
from bot.db.models import Workshop
from bot.db.models.calendar import WorkshopSeries
from bot.db.repositories import workshops as repo
from bot.workshops.draft import COPIED
from bot.workshops.fields import Problem
from bot.workshops.types import WorkshopError, WorkshopInfo


def occurrences(workshop: WorkshopInfo) -> list[tuple[datetime, datetime]]:
    """The dates of the draft's series (its first is the draft's own start).

    Raises:
        WorkshopError: ``repeat`` when the rule no longer fits the start (or yields one date).
    """
    assert workshop.recurrence is not None
    assert workshop.starts_at is not None
    assert workshop.ends_at is not None
    zone = workshop.zone
    found = recurrence.expand(
        recurrence.stored(workshop.recurrence),
        start=workshop.starts_at.astimezone(zone),
        end=workshop.ends_at.astimezone(zone),
    )
    if isinstance(found, Problem):
        raise WorkshopError("repeat", found.code)
    return found


async def materialise(session: AsyncSession, row: Workshop, *, now: datetime) -> list[Workshop]:
    """Turn the draft being published (``row``, the first date) into its series: one published
    row per further occurrence, each with the answers' closing time at the same distance
    before its start. Returns the further rows (flushed)."""
    workshop = repo.snapshot(row)
    dates = occurrences(workshop)
    rule = recurrence.stored(workshop.recurrence or "")
    series = WorkshopSeries(
        rule=rule.rule,
        exceptions=[d.isoformat() for d in rule.exceptions],
        timezone=row.timezone,
        created_by=row.created_by,
        created_at=now,
    )
    session.add(series)
    await session.flush()
    row.series_id = series.id
    assert row.starts_at is not None
    closes_before = row.starts_at - row.rsvp_closes_at if row.rsvp_closes_at else None
    further = []
    for starts_at, ends_at in dates[1:]:
        values = {name: getattr(row, name) for name in COPIED}
        values.update(
            starts_at=starts_at,
            ends_at=ends_at,
            rsvp_closes_at=starts_at - closes_before if closes_before is not None else None,
            topics=list(row.topics or ()),
            related_calls=list(row.related_calls or ()),
        )
        further.append(
            Workshop(
                status="published",
                created_by=row.created_by,
                organiser_name=row.organiser_name,
                sequence=0,
                created_at=now,
                updated_at=now,
                published_at=now,
                series_id=series.id,
                **values,
            )
        )
    session.add_all(further)
    await session.flush()
    return further


async def dates_of(session: AsyncSession, series_id: int) -> list[Workshop]:
    """Every published or cancelled occurrence of a series, in order."""
    rows = await session.scalars(
        select(Workshop)
        .where(Workshop.series_id == series_id, Workshop.status.in_(("published", "cancelled")))
        .order_by(Workshop.starts_at)
    )
    return list(rows.all())
