"""Once per tick in the whole cluster: instances race for a tick and exactly one runs it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import func, select

from bot.config import parse_settings
from bot.context import BotData, Ctx, Runtime
from bot.core.i18n import Catalogs
from bot.db.models import JobTick
from bot.db.repositories import jobs as repo
from bot.db.session import Database
from bot.jobs.cluster import once_per_cluster, tick_of

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
INTERVAL = 60.0


class _Context:
    """What a job callback reads: ``context.bot_data.runtime`` (one per instance)."""

    def __init__(self, db: Database) -> None:
        settings = parse_settings({}, environ={})
        self.bot_data = BotData()
        catalogs = Catalogs(["en"], "en")
        self.bot_data.attach(Runtime.build(settings, db, catalogs, lambda: NOW))


def _ctx(db: Database) -> Ctx:
    return cast("Ctx", _Context(db))


def test_ticks_count_intervals_on_the_wall_clock() -> None:
    assert tick_of(0.0, INTERVAL) == 0
    assert tick_of(59.9, INTERVAL) == 0
    assert tick_of(60.0, INTERVAL) == 1
    assert tick_of(1_795_856_400.0, 3600) == 498_849


async def test_three_instances_one_run_per_tick(db: Database) -> None:
    runs: list[str] = []
    wall = [1_795_856_400.0]

    def job(instance: str) -> Any:
        async def work(context: Ctx) -> None:
            runs.append(instance)

        return work

    instances = {
        name: once_per_cluster("digest:weekly", INTERVAL, job(name), wall=lambda: wall[0])
        for name in ("a", "b", "c")
    }
    contexts = {name: _ctx(db) for name in instances}
    for _ in range(3):  # three ticks; in each, all three instances fire at once
        await asyncio.gather(*(instances[n](contexts[n]) for n in instances))
        wall[0] += INTERVAL
    if db.is_sqlite:
        assert len(runs) == 9  # one process per SQLite file: nothing to share
        return
    assert len(runs) == 3
    async with db.transaction() as session:
        claimed = await session.scalar(select(func.count()).select_from(JobTick))
    assert claimed == 3


async def test_other_jobs_are_claimed_separately(migrated_postgres_url: str) -> None:
    db = Database.from_url(migrated_postgres_url)
    try:
        await _claims(db)
    finally:
        await db.dispose()


async def _claims(db: Database) -> None:
    async with db.transaction() as session:
        assert await repo.claim(session, "fetch:tick", 5, instance="a", now=NOW)
        assert not await repo.claim(session, "fetch:tick", 5, instance="b", now=NOW)
        assert await repo.claim(session, "alerts:changes", 5, instance="b", now=NOW)
        assert await repo.claim(session, "fetch:tick", 5 + repo.KEEP + 1, instance="b", now=NOW)
        kept = await session.scalars(select(JobTick.tick).where(JobTick.name == "fetch:tick"))
        assert list(kept) == [5 + repo.KEEP + 1]  # old ticks are pruned as new ones are claimed
