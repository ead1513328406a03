"""Opportunity rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OpportunityRow
from feeds.types import Status


async def open_rows(session: AsyncSession) -> list[OpportunityRow]:
    """Opportunities that are not closed and not a duplicate of another one."""
    query = (
        select(OpportunityRow)
        .where(OpportunityRow.status != Status.CLOSED.value)
        .where(OpportunityRow.duplicate_of.is_(None))
    )
    return list((await session.scalars(query)).all())
