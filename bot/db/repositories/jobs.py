"""Job ticks: which instance runs a scheduled job's tick (claimed by inserting a row)."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy import delete, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

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


#: The first key of this project's advisory locks (the second is the job's name, hashed).
LOCK_SPACE = 0x1E7A


@asynccontextmanager
async def running(engine: AsyncEngine, name: str) -> AsyncIterator[bool]:
    """Hold the cluster-wide lock of job ``name`` while the block runs (PostgreSQL).

    Yields False, holding nothing, when another instance holds it: its run of an earlier tick
    is still going. A session advisory lock on a connection of its own, in autocommit (no
    transaction stays open), released at the end, or by PostgreSQL when the process dies.
    """
    key = zlib.crc32(name.encode()) - 2**31  # a signed int4
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        got = bool(
            await connection.scalar(
                text("SELECT pg_try_advisory_lock(:space, :key)"), {"space": LOCK_SPACE, "key": key}
            )
        )
        try:
            yield got
        finally:
            if got:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:space, :key)"),
                    {"space": LOCK_SPACE, "key": key},
                )
