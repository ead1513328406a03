"""The paced sender: drains the outbox under Telegram's limits, with a receipt per message.

    loop (one message at a time):
        wait out a pause after a 429
        claim the oldest due row that heads its chat    -> PostgreSQL: row lock; SQLite: sending
        take the chat's slot and the global one (or defer the row)
        send it                                         -> sent | deferred retry | failed

* fixed spacing (default 29 messages/s overall and never a burst, so never more than 30 in
  any second), at least a second between two messages to one private chat and three seconds
  in a group (20/min), so Telegram's flood control is not reached in normal operation; on
  PostgreSQL the spacing is shared by every instance (``bot.delivery.budget``);
* only the oldest unfinished row of a chat is claimed, so a chat's messages keep their order;
* ``RetryAfter``: a short wait is waited out and the same row sent again, a long one defers
  the row; either way everything slows down for a while;
* 5xx and network errors: the row is deferred (``not_before``) with a doubling backoff capped
  at ``max_retry_interval`` while other chats go on, and fails only once ``retry_for`` has
  passed since its first error; a timeout is retried once only (the message may have arrived);
* blocked, deactivated, kicked: the member is marked and the row fails (never retried);
* group migrated to a supergroup: the member row follows (merged with a row the supergroup
  already has) and the row is sent again;
* any other error fails that row with its reason, and the sender goes on with the next.

Every row ends ``sent`` (with Telegram's message id) or ``failed`` (with why): nothing is
dropped silently. A crash repeats at most the one message in flight, and nobody waits for a
lease: on PostgreSQL the row in flight is held by a row lock inside the worker's transaction,
which dies with the worker's connection, so a restarted process (or any running worker)
claims it at once; on SQLite one worker runs, reads the head row and writes only its outcome, so
there is nothing to release.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import (
    ChatMigrated,
)

from bot.core.clock import Clock
from bot.db.models import Member, OutboxMessage
from bot.db.repositories import members as members_repo
from bot.db.repositories import outbox as repo
from bot.db.session import Database
from bot.delivery.budget import Budget, budget_for
from bot.delivery.decide import (
    Claimed,
    Failed,
    Flood,
    Outcome,
    Retry,
    SenderLimits,
    SendStats,
    decide,
    retry_delay,
)
from bot.delivery.outgoing import Outgoing

__all__ = [
    "Claimed",
    "Outcome",
    "SendStats",
    "Sender",
    "SenderLimits",
    "decide",
    "enqueue",
    "retry_delay",
]

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]
T = TypeVar("T")
#: Seconds between two reports of a long drain to ``observe`` (the metrics).
REPORT_EVERY = 1.0
Write = Callable[[Callable[[AsyncSession], Awaitable[T]]], Awaitable[T]]


# ----------------------------------------------------------------------- doing


class Sender:
    """Drains the outbox through a PTB ``Bot``."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        *,
        clock: Clock,
        limits: SenderLimits | None = None,
        sleep: Sleep = asyncio.sleep,
        monotonic: Monotonic = time.monotonic,
        observe: Callable[[SendStats], None] | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.db = db
        #: Told what the sender did, every second of a drain and at its end (the metrics).
        self.observe = observe
        self.bot = bot
        self.clock = clock
        self.limits = limits or SenderLimits()
        self.sleep = sleep
        self.monotonic = monotonic
        #: Where slots come from: the cluster's on PostgreSQL, the process's on SQLite.
        self.budget = budget or budget_for(db, self.limits, sleep=sleep, monotonic=monotonic)
        self._wake = asyncio.Event()
        self._heads: list[Claimed] = []

    # ----- the loop ----------------------------------------------------------------------
    def wake(self) -> None:
        """Something was queued: drain now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, *, idle: float = 1.0) -> None:
        """Drain until ``stop`` is set, polling every ``idle`` seconds or when woken."""
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.drain(stop=stop)
            except Exception:
                log.exception("the outbox sender failed; it tries again shortly")
            waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())}
            _done, pending = await asyncio.wait(
                waiters, timeout=idle, return_when=asyncio.FIRST_COMPLETED
            )
            for waiter in pending:
                waiter.cancel()

    async def recover(self) -> int:
        """Release rows a dead worker left ``sending``; runs at the start of every drain.

        SQLite has one worker, which holds no ``sending`` row between two messages, so any
        such row is a dead process's. On PostgreSQL the bot never commits ``sending`` (the
        row lock is the claim); rows an older version left behind are released after the
        lease.
        """
        async with self.db.transaction() as session:
            cutoff = None if self.db.is_sqlite else self.clock() - self.limits.lease
            return await repo.release_in_flight(session, claimed_before=cutoff)

    async def drain(
        self, *, max_messages: int | None = None, stop: asyncio.Event | None = None
    ) -> SendStats:
        """Send every due row (or at most ``max_messages``), pacing each one."""
        stats = SendStats()
        started = self.monotonic()
        self._heads = []
        released = await self.recover()
        if released:
            log.info("released %d message(s) a stopped worker left in flight", released)
        async with self.db.transaction() as session:
            await repo.expire(session, now=self.clock())
        reported, reported_at = SendStats(), started
        try:
            while max_messages is None or stats.finished < max_messages:
                if stop is not None and stop.is_set():
                    break
                await self.budget.pause()
                if not await self._next(stats):
                    break
                if self.observe is not None and self.monotonic() - reported_at >= REPORT_EVERY:
                    # A long drain (a weekly run) is counted as it goes, not only at its end.
                    self.observe(stats.since(reported))
                    reported, reported_at = stats.snapshot(), self.monotonic()
        finally:
            if self.observe is not None:
                self.observe(stats.since(reported))
        stats.seconds = self.monotonic() - started
        return stats

    async def _next(self, stats: SendStats) -> bool:
        """Claim and handle one row; False when nothing is due."""
        if self.db.is_sqlite:
            return await self._next_sqlite(stats)
        return await self._next_locked(stats)

    async def _next_locked(self, stats: SendStats) -> bool:
        row: Claimed | None = None
        try:
            async with self.db.transaction() as session:
                # A frozen or cut-off worker must not hold its row for ever.
                await session.execute(text("SET LOCAL idle_in_transaction_session_timeout = 60000"))
                claimed = await repo.claim_heads(session, now=self.clock(), lock=True)
                if not claimed:
                    return False
                row = Claimed.of(claimed[0])

                async def write(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
                    result = await action(session)
                    await session.flush()
                    return result

                await self._handle(row, write, stats)
        except Exception as exc:
            if row is None:
                raise
            await self._fail_unexpected(row, exc, stats)
        return True

    async def _next_sqlite(self, stats: SendStats) -> bool:
        # One worker per SQLite database: reading the heads is the claim. Marking them
        # ``sending`` would cost a commit per message and buy nothing, since a restart
        # releases every ``sending`` row anyway. A few heads (of distinct chats) are read at
        # once; each one's outcome is written on its own.
        if not self._heads:
            async with self.db.transaction() as session:
                claimed = await repo.claim_heads(
                    session, now=self.clock(), lock=False, limit=self.limits.sqlite_batch
                )
                self._heads = [Claimed.of(r) for r in claimed]
            if not self._heads:
                return False
        row = self._heads.pop(0)

        async def write(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
            async with self.db.transaction() as session:
                return await action(session)

        try:
            await self._handle(row, write, stats)
        except Exception as exc:
            await self._fail_unexpected(row, exc, stats)
        return True

    # ----- one row -----------------------------------------------------------------------
    async def _handle(self, row: Claimed, write: Write[Any], stats: SendStats) -> None:
        now = self.clock()
        if row.expires_at is not None and row.expires_at <= now:
            await write(lambda s: self._finish(s, row, Failed("expired", "expired")))
            stats.fail("expired")
            return
        for attempt in range(5):  # a chat migrates once; a loop here would be Telegram's bug
            wait = await self.budget.take(row.chat_id, may_defer=attempt == 0)
            if wait is not None:
                await write(partial(self._defer, row_id=row.id, wait=wait))
                stats.deferred += 1
                return
            try:
                message = await self._call(row)
            except ChatMigrated as exc:
                new_chat_id = int(exc.new_chat_id)
                survivor = await write(partial(self._migrated, row=row, new_chat_id=new_chat_id))
                row = replace(row, chat_id=new_chat_id, member_id=survivor)
                continue
            except Exception as exc:
                outcome = decide(exc, row, now=self.clock(), limits=self.limits)
                if isinstance(outcome, Flood):
                    stats.flood_waits += 1
                    await self.budget.flood(outcome.seconds)
                    if outcome.seconds <= self.limits.flood_inline / self.limits.time_scale:
                        await self.sleep(outcome.seconds + 0.1 / self.limits.time_scale)
                        continue
                    await write(partial(self._defer, row_id=row.id, wait=outcome.seconds))
                    stats.deferred += 1
                    return
                await write(partial(self._finish, row=row, outcome=outcome))
                if isinstance(outcome, Retry):
                    log.info("message %s deferred after %s", row.id, outcome.error)
                    stats.retried += 1
                else:
                    stats.fail(outcome.counted_as)
                    stats.paused_members += 1 if outcome.pause and row.member_id else 0
                return
            await write(partial(self._sent, row=row, message_id=message.message_id))
            stats.sent += 1
            return
        await write(lambda s: self._finish(s, row, Failed("migrated too often", "bad request")))
        stats.fail("bad request")

    async def _call(self, row: Claimed) -> Message:
        markup = InlineKeyboardMarkup.de_json(row.markup, self.bot) if row.markup else None
        if row.media_type == "photo" and row.media is not None:
            return await self.bot.send_photo(
                row.chat_id,
                photo=row.media,
                filename=row.media_name,
                caption=row.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                message_thread_id=row.thread_id,
            )
        if row.media_type == "document" and row.media is not None:
            return await self.bot.send_document(
                row.chat_id,
                document=row.media,
                filename=row.media_name,
                caption=row.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                message_thread_id=row.thread_id,
            )
        return await self.bot.send_message(
            row.chat_id,
            row.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_web_page_preview=True,
            message_thread_id=row.thread_id,
        )

    # ----- writing outcomes --------------------------------------------------------------
    async def _defer(self, session: AsyncSession, row_id: int, wait: float) -> None:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                status="pending",
                claimed_at=None,
                not_before=self.clock() + timedelta(seconds=max(0.0, wait)),
            )
        )

    async def _sent(self, session: AsyncSession, row: Claimed, message_id: int) -> None:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(
                status="sent",
                message_id=message_id,
                sent_at=self.clock(),
                attempts=OutboxMessage.attempts + 1,
                last_error=None,
                retry_since=None,
                media=None,  # delivered: the bytes are no longer needed
            )
        )

    async def _finish(self, session: AsyncSession, row: Claimed, outcome: Outcome) -> None:
        if isinstance(outcome, Retry):
            values: dict[str, Any] = {
                "status": "pending",
                "claimed_at": None,
                "not_before": outcome.not_before,
                "retry_since": outcome.retry_since,
                "last_error": outcome.error,
            }
        elif isinstance(outcome, Failed):
            values = {"status": "failed", "last_error": outcome.reason, "claimed_at": None}
            if outcome.pause and row.member_id is not None:
                await session.execute(
                    update(Member).where(Member.id == row.member_id).values(blocked_at=self.clock())
                )
        else:  # pragma: no cover - floods never reach here
            raise TypeError(outcome)
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(attempts=OutboxMessage.attempts + 1, **values)
        )

    async def _migrated(self, session: AsyncSession, row: Claimed, new_chat_id: int) -> int | None:
        survivor = await members_repo.migrate_group(
            session, member_id=row.member_id, old_chat_id=row.chat_id, new_chat_id=new_chat_id
        )
        moved = await repo.retarget_chat(
            session, old_chat_id=row.chat_id, new_chat_id=new_chat_id, member_id=survivor
        )
        log.info("chat %s migrated to %s; %d message(s) follow it", row.chat_id, new_chat_id, moved)
        return survivor

    async def _fail_unexpected(self, row: Claimed, exc: Exception, stats: SendStats) -> None:
        """An error nobody planned for fails that row, recorded with its reason; others go on."""
        log.exception("outbox message %s failed unexpectedly", row.id, exc_info=exc)
        reason = f"unexpected {type(exc).__name__}: {exc}"[:300]
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .where(OutboxMessage.status.in_(repo.UNFINISHED))
                .values(status="failed", last_error=reason, claimed_at=None)
            )
        stats.fail("unexpected")


async def enqueue(
    db: Database,
    messages: Iterable[Outgoing],
    *,
    now: datetime,
    run_id: int | None = None,
) -> int:
    """Queue messages in a transaction of their own; rows whose dedupe key exists are skipped."""
    async with db.transaction() as session:
        return await repo.enqueue(session, messages, now=now, run_id=run_id)
