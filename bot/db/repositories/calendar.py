"""Highlighted calls and calendar feed links, in the caller's transaction (never commits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.agenda import CallDeadlines
from bot.db.models import OpportunityRow
from bot.db.models.calendar import CalendarFeed, HighlightedCall


def call_deadlines(row: OpportunityRow) -> CallDeadlines:
    """A call's deadlines as the agenda reads them."""
    return CallDeadlines(
        opportunity_id=row.id,
        uid=row.uid,
        title=row.title,
        url=row.url,
        call_id=row.call_id,
        deadlines=tuple(row.deadlines or ()),
        has_time=row.deadline_has_time,
        zone=row.deadline_zone,
    )


async def highlight(session: AsyncSession, opportunity_id: int, *, by: int, now: datetime) -> bool:
    """Highlight a call; False when it already was."""
    if await session.get(HighlightedCall, opportunity_id) is not None:
        return False
    session.add(
        HighlightedCall(opportunity_id=opportunity_id, highlighted_by=by, highlighted_at=now)
    )
    return True


async def unhighlight(session: AsyncSession, opportunity_id: int) -> bool:
    """Stop highlighting a call; False when it was not highlighted."""
    result = await session.execute(
        delete(HighlightedCall).where(HighlightedCall.opportunity_id == opportunity_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def highlighted(session: AsyncSession) -> list[OpportunityRow]:
    """Every highlighted call, the one closing soonest first (those without a deadline last)."""
    rows = await session.scalars(
        select(OpportunityRow)
        .join(HighlightedCall, HighlightedCall.opportunity_id == OpportunityRow.id)
        .order_by(OpportunityRow.next_deadline.is_(None), OpportunityRow.next_deadline)
    )
    return list(rows.all())


async def feed_of(session: AsyncSession, member_id: int) -> CalendarFeed | None:
    """A member's feed link, if they made one."""
    return await session.get(CalendarFeed, member_id)


async def feed_by_hash(session: AsyncSession, token_hash: str) -> CalendarFeed | None:
    """The feed whose token hashes to ``token_hash``."""
    found: CalendarFeed | None = await session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == token_hash)
    )
    return found


async def replace_feed(
    session: AsyncSession, member_id: int, token_hash: str, *, now: datetime
) -> None:
    """Give the member a feed with this token (the previous one stops working)."""
    feed = await session.get(CalendarFeed, member_id)
    if feed is None:
        session.add(CalendarFeed(member_id=member_id, token_hash=token_hash, created_at=now))
    else:
        feed.token_hash = token_hash
        feed.created_at = now
        feed.last_fetched_at = None


async def delete_feed(session: AsyncSession, member_id: int) -> bool:
    """Turn the member's feed off; False when there was none."""
    result = await session.execute(delete(CalendarFeed).where(CalendarFeed.member_id == member_id))
    return bool(getattr(result, "rowcount", 0))
