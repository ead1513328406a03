"""Job ticks: which instance runs a scheduled job's tick (claimed by inserting a row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import JobTick

#: Ticks kept per job (older rows are deleted as new ones are claimed).
KEEP = 200


async def claim(
    session: AsyncSession, name: str, tick: int, *, instance: str, now: datetime
) -> bool:
    """True when this call inserted ``(name, tick)``: the caller runs that tick (PostgreSQL)."""
    result = await session.execute(
        pg_insert(JobTick)
        .values(name=name, tick=tick, claimed_at=now, instance=instance[:80])
        .on_conflict_do_nothing(index_elements=["name", "tick"])
    )
    claimed = bool(getattr(result, "rowcount", 0))
    if claimed:
        await session.execute(
            delete(JobTick).where(JobTick.name == name, JobTick.tick < tick - KEEP)
        )
    return claimed
