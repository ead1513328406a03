"""Outbox rows: enqueue idempotently, claim due rows, recover after a crash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage


async def existing_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which dedupe keys are already queued (or sent)."""
    if not keys:
        return set()
    rows = await session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(list(keys)))
    )
    return {key for key in rows.all() if key is not None}


async def claim(
    session: AsyncSession, *, now: datetime, limit: int, skip_locked: bool
) -> list[OutboxMessage]:
    """Due pending rows, oldest first, marked ``sending`` in this transaction.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets several workers share the outbox without
    ever claiming the same row; SQLite has one writer, so one worker.
    """
    # Expired rows (a reminder for an event that has begun) end as failed, never sent late.
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .where(OutboxMessage.expires_at.is_not(None))
        .where(OutboxMessage.expires_at <= now)
        .values(status="failed", last_error="expired")
    )
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .where(or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if skip_locked:
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.scalars(query)).all())
    for row in rows:
        row.status = "sending"
        row.claimed_at = now
    return rows


async def release_in_flight(session: AsyncSession, *, claimed_before: datetime | None) -> int:
    """Rows a crashed worker left in ``sending`` go back to ``pending`` (returns how many).

    ``claimed_before=None`` releases every such row (a single worker at start-up); with
    several workers only rows older than the lease are abandoned.
    """
    statement = update(OutboxMessage).where(OutboxMessage.status == "sending")
    if claimed_before is not None:
        statement = statement.where(OutboxMessage.claimed_at < claimed_before)
    result = await session.execute(statement.values(status="pending", claimed_at=None))
    return int(getattr(result, "rowcount", 0) or 0)
