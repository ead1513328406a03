"""Scheduled work runs once per tick in the whole cluster, whichever instance gets there first.

Every ``serve``/``worker`` instance schedules every job (jobs live in memory and are rebuilt at
start-up). On PostgreSQL a job's tick is claimed by inserting ``(job, tick)`` into
``job_ticks`` before it runs: one insert wins, the other instances skip that tick. The tick
is the job's interval counted on the wall clock the scheduler uses, so instances started at
different moments still agree on it. A claimed tick whose instance dies is not retried; the
next tick catches up, because every job works from what is due in the database (digests not
sent, reminders not queued), never from what the last tick did. A run that outlasts its
interval (a weekly run to many members) holds the job's advisory lock, so no instance starts
the next tick's run beside it: the ticks it outlasted are skipped by everyone, as
``coalesce`` skips them in one process. SQLite runs one process (see ``bot.db.lock``): nothing
to claim.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Coroutine

from bot.context import Ctx
from bot.db.repositories import jobs as repo

log = logging.getLogger(__name__)

Job = Callable[[Ctx], Coroutine[object, object, None]]
#: This process, as the job_ticks table records it.
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"


def tick_of(wall: float, interval: float) -> int:
    """The tick a moment falls in: whole intervals since the Unix epoch."""
    return int(wall // interval)


def once_per_cluster(
    name: str, interval: float, job: Job, *, wall: Callable[[], float] = time.time
) -> Job:
    """``job``, run only by the instance that claims the current tick (always on SQLite)."""

    async def run(context: Ctx) -> None:
        metrics = context.bot_data.metrics
        if metrics is not None:
            metrics.record_tick(name)
        await job(context)

    async def claimed(context: Ctx) -> None:
        runtime = context.bot_data.runtime
        if runtime.db.is_sqlite:
            await run(context)
            return
        async with repo.running(runtime.db.engine, name) as free:
            if not free:
                log.debug("%s: an earlier tick still runs on another instance", name)
                return
            tick = tick_of(wall(), interval)
            async with runtime.db.transaction() as session:
                mine = await repo.claim(session, name, tick, instance=INSTANCE, now=runtime.clock())
            if not mine:
                log.debug("%s: tick %d runs on another instance", name, tick)
                return
            await run(context)

    claimed.__name__ = getattr(job, "__name__", name)
    claimed.__doc__ = job.__doc__
    return claimed
