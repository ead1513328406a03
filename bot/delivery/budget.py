"""How the outbox sender paces itself: in the process (SQLite), or shared by the cluster.

Two budgets with one interface, chosen by the database (:func:`budget_for`):

* :class:`LocalBudget` (one process: SQLite, or tests of one sender): fixed spacing of
  ``1 / per_second`` kept in memory, and each chat's next moment in memory;
* :class:`SharedBudget` (PostgreSQL, any number of instances): the same spacing and chat
  intervals kept in the database (``bot.db.repositories.pacing``), one statement per message,
  so ``per_second`` is the rate of the whole cluster, not of each instance.

Both: a wait shorter than ``inline_wait`` happens in place; a chat that is not ready for
longer makes the sender defer its row; a 429 pauses everyone for ``retry_after`` and halves
the rate for a minute (scaled by ``time_scale``).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.repositories import pacing
from bot.db.session import Database
from bot.delivery.decide import SenderLimits

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

#: After a 429, half speed for this long (API seconds).
SLOW_FOR = 60.0


class Budget(Protocol):
    """Where the sender asks for its slots."""

    async def pause(self) -> None:
        """Wait out a long pause (after a 429) before claiming a row."""

    async def take(self, chat_id: int, *, may_defer: bool) -> float | None:
        """Wait for the chat's slot and the global one and take both (None); or, when the
        chat is not ready for longer than the inline wait and ``may_defer``, take nothing and
        return the seconds to defer its row by."""

    async def flood(self, seconds: float) -> None:
        """A 429 asked to wait ``seconds``: pause and slow down."""


def chat_gap(limits: SenderLimits, chat_id: int) -> float:
    """Real seconds between two messages to a chat (groups have negative ids)."""
    gap = limits.group_interval if chat_id < 0 else limits.private_interval
    return gap / limits.time_scale


class LocalBudget:
    """The pacing of one process, in memory."""

    def __init__(self, limits: SenderLimits, sleep: Sleep, monotonic: Monotonic) -> None:
        self.limits = limits
        self.sleep = sleep
        self.monotonic = monotonic
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._slow_until = 0.0

    def _interval(self) -> float:
        interval = 1.0 / (self.limits.per_second * self.limits.time_scale)
        if self.monotonic() < self._slow_until:
            interval *= 2  # after a flood warning, half speed for a while
        return interval

    async def pause(self) -> None:
        """Only a long pause is waited out before claiming; the next slot itself is waited
        for after claiming, so the claim's round trips overlap the spacing."""
        wait = self._next_global - self.monotonic()
        if wait > self.limits.inline_wait / self.limits.time_scale:
            await self.sleep(wait)

    async def take(self, chat_id: int, *, may_defer: bool) -> float | None:
        """See :meth:`Budget.take`."""
        now = self.monotonic()
        chat_wait = self._next_chat.get(chat_id, 0.0) - now
        if may_defer and chat_wait > self.limits.inline_wait / self.limits.time_scale:
            return chat_wait
        planned = max(self._next_global, now)
        wait = max(planned - now, chat_wait, 0.0)
        if wait:
            await self.sleep(wait)
        now = self.monotonic()
        interval = self._interval()
        # Absorb a small oversleep (up to a fifth of the interval) so the rate does not drift
        # down; never more, so no second can hold more than per_second + 1 messages.
        self._next_global = max(planned + interval, now + 0.8 * interval)
        self._next_chat[chat_id] = now + chat_gap(self.limits, chat_id)
        if len(self._next_chat) > 10_000:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        return None

    async def flood(self, seconds: float) -> None:
        """See :meth:`Budget.flood`."""
        now = self.monotonic()
        self._slow_until = now + SLOW_FOR / self.limits.time_scale
        self._next_global = max(self._next_global, now + seconds)


class SharedBudget:
    """The pacing of the whole cluster, in PostgreSQL: one reservation per message."""

    def __init__(
        self, db: Database, limits: SenderLimits, sleep: Sleep, monotonic: Monotonic
    ) -> None:
        self.db = db
        self.limits = limits
        self.sleep = sleep
        self.monotonic = monotonic
        #: A long cluster pause learnt from the last reservation (monotonic).
        self._paused_until = 0.0
        self._last_prune = -1e9

    @asynccontextmanager
    async def _autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A pooled connection in autocommit: each statement is its own short transaction."""
        async with self.db.engine.connect() as connection:
            yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    @property
    def _horizon(self) -> float:
        return self.limits.inline_wait / self.limits.time_scale

    async def pause(self) -> None:
        """Wait out a cluster pause learnt earlier; now and then forget chats that are ready."""
        wait = self._paused_until - self.monotonic()
        if wait > 0:
            await self.sleep(wait)
        if self.monotonic() - self._last_prune > 60 / self.limits.time_scale:
            self._last_prune = self.monotonic()
            async with self._autocommit() as connection:
                await pacing.prune(connection)

    async def take(self, chat_id: int, *, may_defer: bool) -> float | None:
        """See :meth:`Budget.take`: one reservation in the database (more only while paused)."""
        step = 1.0 / (self.limits.per_second * self.limits.time_scale)
        gap = chat_gap(self.limits, chat_id)
        # Without deferring (a retry after a short 429), the chat's interval is waited out.
        horizon = self._horizon if may_defer else max(self._horizon, gap)
        while True:
            async with self._autocommit() as connection:
                found = await pacing.reserve(
                    connection, chat_id=chat_id, step=step, gap=gap, horizon=horizon
                )
            if found.wait is not None:
                if found.wait > 0:
                    await self.sleep(found.wait)
                return None
            if found.chat_wait > horizon:
                if may_defer:
                    return found.chat_wait
                await self.sleep(found.chat_wait - horizon)
                continue
            # The cluster is paused (a 429 on some instance): wait it out, then try again.
            self._paused_until = self.monotonic() + found.global_wait
            await self.sleep(max(found.global_wait - horizon, 0.0) or step)

    async def flood(self, seconds: float) -> None:
        """Pause every instance, then half speed for the whole cluster."""
        self._paused_until = max(self._paused_until, self.monotonic() + seconds)
        async with self._autocommit() as connection:
            await pacing.flood(connection, pause=seconds, slow=SLOW_FOR / self.limits.time_scale)


def budget_for(
    db: Database,
    limits: SenderLimits,
    *,
    sleep: Sleep,
    monotonic: Monotonic = time.monotonic,
) -> Budget:
    """The cluster's budget on PostgreSQL, the process's own on SQLite (one process)."""
    if db.is_sqlite:
        return LocalBudget(limits, sleep, monotonic)
    return SharedBudget(db, limits, sleep, monotonic)
