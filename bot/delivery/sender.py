"""The paced sender: drains the outbox under Telegram's limits, with a receipt per message.

    loop:
        claim a batch of due rows (FOR UPDATE SKIP LOCKED on PostgreSQL)   -> status sending
        for each row: wait for the global slot and the chat's slot, send    -> sent | retry | failed

* fixed spacing (default 29 messages/s overall and never a burst, so never more than 30 in
  any second), at least a second between two messages to one private chat and three seconds
  in a group (20/min), so Telegram's flood control is not reached in normal operation;
* ``RetryAfter``: wait as told, then send the same row again, and slow down for a while;
* 5xx and network errors: retry with backoff; a timeout is retried once only (the message may
  have arrived); after ``max_attempts`` the row fails with its reason;
* blocked, deactivated, kicked: the member is marked and the row fails (never retried);
* group migrated to a supergroup: the member's chat id is updated and the row sent again;
* every row ends ``sent`` (with Telegram's message id) or ``failed`` (with why): nothing is
  dropped silently. A crash leaves at most the one in-flight row to be sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.db.models import Member, OutboxMessage
from bot.db.repositories import outbox as repo
from bot.db.session import Database

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


@dataclass(frozen=True, slots=True)
class SenderLimits:
    """Pacing, below Telegram's limits with headroom; scale everything with ``time_scale``."""

    per_second: float = 29.0
    private_interval: float = 1.05
    group_interval: float = 3.1
    max_attempts: int = 5
    batch: int = 50
    #: A row claimed longer ago than this by a worker that is gone is taken over.
    lease: timedelta = timedelta(minutes=5)
    time_scale: float = 1.0


@dataclass
class SendStats:
    """What one drain did."""

    sent: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    retried: int = 0
    flood_waits: int = 0
    paused_members: int = 0
    seconds: float = 0.0

    def fail(self, reason: str) -> None:
        """Count a permanent failure by reason."""
        self.failed[reason] = self.failed.get(reason, 0) + 1


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


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
    ) -> None:
        self.db = db
        self.bot = bot
        self.clock = clock
        self.limits = limits or SenderLimits()
        self.sleep = sleep
        self.monotonic = monotonic
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._slow_until = 0.0

    async def recover(self) -> int:
        """Release rows a dead worker left half-sent; call once at start-up."""
        async with self.db.transaction() as session:
            cutoff = None if self.db.is_sqlite else self.clock() - self.limits.lease
            return await repo.release_in_flight(session, claimed_before=cutoff)

    async def drain(self, *, max_messages: int | None = None) -> SendStats:
        """Send every due row (or at most ``max_messages``), pacing each one."""
        stats = SendStats()
        started = self.monotonic()
        while max_messages is None or stats.sent + sum(stats.failed.values()) < max_messages:
            async with self.db.transaction() as session:
                batch = await repo.claim(
                    session,
                    now=self.clock(),
                    limit=self.limits.batch,
                    skip_locked=not self.db.is_sqlite,
                )
                rows = [(r.id, r.chat_id, r.member_id, r.text, r.reply_markup) for r in batch]
            if not rows:
                break
            deferred: list[tuple[int, float]] = []
            for position, (row_id, chat_id, member_id, text, markup) in enumerate(rows):
                done = stats.sent + sum(stats.failed.values())
                if max_messages is not None and done >= max_messages:
                    deferred.extend((r[0], 0.0) for r in rows[position:])
                    break
                chat_ready = self._next_chat.get(chat_id, 0.0)
                if chat_ready > self.monotonic() + 0.5 / self.limits.time_scale:
                    deferred.append((row_id, chat_ready - self.monotonic()))
                    continue
                await self._send_one(row_id, chat_id, member_id, text, markup, stats)
            if deferred:
                await self._defer(deferred)
        stats.seconds = self.monotonic() - started
        return stats

    async def _defer(self, rows: list[tuple[int, float]]) -> None:
        now = self.clock()
        async with self.db.transaction() as session:
            for row_id, wait in rows:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id)
                    .values(
                        status="pending",
                        claimed_at=None,
                        not_before=now + timedelta(seconds=max(0.0, wait)) if wait else None,
                    )
                )

    async def _pace(self, chat_id: int) -> None:
        limits = self.limits
        interval = 1.0 / (limits.per_second * limits.time_scale)
        if self.monotonic() < self._slow_until:
            interval *= 2  # after a flood warning, half speed for a while
        now = self.monotonic()
        planned = max(self._next_global, now)
        wait = max(planned - now, self._next_chat.get(chat_id, 0.0) - now, 0.0)
        if wait:
            await self.sleep(wait)
        now = self.monotonic()
        # Absorb a small oversleep (up to a fifth of the interval) so the rate does not drift
        # down; never more, so no second can hold more than per_second + 1 messages.
        self._next_global = max(planned + interval, now + 0.8 * interval)
        gap = limits.group_interval if chat_id < 0 else limits.private_interval
        self._next_chat[chat_id] = now + gap / limits.time_scale

    async def _send_one(
        self,
        row_id: int,
        chat_id: int,
        member_id: int | None,
        text: str,
        markup: dict[str, Any] | None,
        stats: SendStats,
    ) -> None:
        attempts = 0
        while True:
            await self._pace(chat_id)
            try:
                message = await self.bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=InlineKeyboardMarkup.de_json(markup, self.bot) if markup else None,
                    disable_web_page_preview=True,
                )
            except RetryAfter as exc:
                stats.flood_waits += 1
                wait = _retry_seconds(exc) / self.limits.time_scale
                self._slow_until = self.monotonic() + 60 / self.limits.time_scale
                await self.sleep(wait + 0.1 / self.limits.time_scale)
                continue
            except ChatMigrated as exc:
                await self._migrated(row_id, member_id, exc.new_chat_id)
                chat_id = exc.new_chat_id
                continue
            except Forbidden as exc:
                reason = str(exc).lower()
                kind = "deactivated" if "deactivated" in reason else "blocked"
                await self._fail(row_id, member_id, kind, block=True)
                stats.fail(kind)
                stats.paused_members += 1 if member_id is not None else 0
                return
            except BadRequest as exc:
                reason = "chat not found" if "chat not found" in str(exc).lower() else str(exc)
                await self._fail(row_id, member_id, reason[:300], block="chat not found" in reason)
                stats.fail("chat not found" if "chat not found" in reason else "bad request")
                return
            except TimedOut:
                attempts += 1
                # A timed-out send may have arrived: retry once only.
                if attempts >= 2:
                    await self._fail(row_id, member_id, "timed out twice", block=False)
                    stats.fail("timeout")
                    return
                stats.retried += 1
                await self.sleep(self._backoff(attempts))
                continue
            except NetworkError as exc:
                attempts += 1
                if attempts >= self.limits.max_attempts:
                    await self._fail(row_id, member_id, f"network: {exc}"[:300], block=False)
                    stats.fail("server error")
                    return
                stats.retried += 1
                await self.sleep(self._backoff(attempts))
                continue
            await self._sent(row_id, message.message_id, attempts + 1)
            stats.sent += 1
            return

    def _backoff(self, attempt: int) -> float:
        return min(2.0**attempt, 60.0) / self.limits.time_scale

    async def _sent(self, row_id: int, message_id: int, attempts: int) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id)
                .values(
                    status="sent",
                    message_id=message_id,
                    sent_at=self.clock(),
                    attempts=OutboxMessage.attempts + attempts,
                )
            )

    async def _fail(self, row_id: int, member_id: int | None, reason: str, *, block: bool) -> None:
        now = self.clock()
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id)
                .values(status="failed", last_error=reason, attempts=OutboxMessage.attempts + 1)
            )
            if block and member_id is not None:
                await session.execute(
                    update(Member).where(Member.id == member_id).values(blocked_at=now)
                )

    async def _migrated(self, row_id: int, member_id: int | None, new_chat_id: int) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id).values(chat_id=new_chat_id)
            )
            if member_id is not None:
                await session.execute(
                    update(Member)
                    .where(Member.id == member_id)
                    .values(chat_id=new_chat_id, chat_type="supergroup")
                )
        log.info("chat migrated to %s; message %s follows it", new_chat_id, row_id)


async def enqueue(
    db: Database,
    messages: list[dict[str, Any]],
    *,
    now: datetime,
    run_id: int | None = None,
) -> int:
    """Queue messages (dicts of OutboxMessage fields); rows whose dedupe key exists are skipped."""
    async with db.transaction() as session:
        keys = [m["dedupe_key"] for m in messages if m.get("dedupe_key")]
        existing = await repo.existing_keys(session, keys)
        added = 0
        for message in messages:
            if message.get("dedupe_key") in existing:
                continue
            session.add(
                OutboxMessage(
                    created_at=now, run_id=run_id, status="pending", attempts=0, **message
                )
            )
            added += 1
        return added
