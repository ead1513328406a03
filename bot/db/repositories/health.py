"""Figures a health check and a metrics scrape read: the outbox queue and the last weekly run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DeliveryRun, OutboxMessage


async def ping(session: AsyncSession) -> None:
    """A round trip to the database (raises when it is unreachable)."""
    await session.execute(text("SELECT 1"))


async def outbox_queue(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many messages wait to be sent, and when the oldest was queued."""
    row = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == "pending"
            )
        )
    ).one()
    return int(row[0]), row[1]


async def last_weekly_run(session: AsyncSession) -> datetime | None:
    """When the latest weekly digest run started."""
    latest: datetime | None = await session.scalar(
        select(func.max(DeliveryRun.started_at)).where(DeliveryRun.kind == "digest")
    )
    return latest
