"""The delivery tests' tools: a real database of members, the local server, senders on a
stepped clock (``FakeTime`` also stands in for monotonic time and sleep)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from telegram import Bot

from bot.db.models import Member, OutboxMessage
from bot.db.session import Database
from bot.delivery.budget import LocalBudget
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import Sender, SenderLimits, SendStats
from bot.sandbox.localapi import FloodLimits, LocalBotApi
from tests.harness import Clock

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
SCALE = 20.0  # every window twenty times shorter, on both sides


class StepClock(Clock):
    """The harness clock, frozen: it stands still until a test moves it (no waiting for real)."""

    def __init__(self, now: datetime = NOW) -> None:
        super().__init__(now, frozen=True)


async def drain_all(sender: Sender, clock: StepClock, *, rounds: int = 200) -> SendStats:
    """Drain, then jump the clock to the next deferred row, until nothing is left to send."""
    total = SendStats()
    for _ in range(rounds):
        stats = await sender.drain()
        total.sent += stats.sent
        total.retried += stats.retried
        total.flood_waits += stats.flood_waits
        for reason, count in stats.failed.items():
            total.failed[reason] = total.failed.get(reason, 0) + count
        async with sender.db.transaction() as session:
            waiting = await session.scalar(
                select(func.min(OutboxMessage.not_before)).where(OutboxMessage.status == "pending")
            )
            left = await session.scalar(
                select(func.count()).where(OutboxMessage.status.in_(["pending", "sending"]))
            )
        if not left:
            return total
        if waiting is not None and waiting > clock.now:
            clock.now = waiting
    raise AssertionError("the outbox never emptied")


@dataclass
class Setup:
    api: LocalBotApi
    db: Database
    bot: Bot
    members: dict[int, int]  # chat id -> member id

    def sender(self, now: datetime | StepClock = NOW, **limits: Any) -> Sender:
        clock = now if isinstance(now, StepClock) else StepClock(now)
        return Sender(
            self.db, self.bot, clock=clock, limits=SenderLimits(time_scale=SCALE, **limits)
        )

    def received(self) -> Counter[int]:
        return Counter(m.chat_id for m in self.api.world.messages.values() if m.sender.is_bot)


@asynccontextmanager
async def make_setup(db: Database, *, flood: bool = True) -> AsyncIterator[Setup]:
    limits = FloodLimits(time_scale=SCALE) if flood else FloodLimits(enabled=False)
    async with LocalBotApi(flood=limits) as api:
        members: dict[int, int] = {}
        async with db.transaction() as session:
            for chat_id in range(10_000, 10_240):
                api.world.add_user(chat_id, f"Member {chat_id}")
                member = Member(
                    chat_id=chat_id, chat_type="private", language="en", created_at=NOW,
                    last_seen_at=NOW,
                )  # fmt: skip
                session.add(member)
                await session.flush()
                members[chat_id] = member.id
        bot = Bot(api.token, base_url=api.base_url)
        async with bot:
            yield Setup(api, db, bot, members)


def digest(chat_id: int, member_id: int, part: int = 1) -> Outgoing:
    return Outgoing(
        chat_id=chat_id,
        member_id=member_id,
        kind="digest",
        dedupe_key=f"digest:{member_id}:2026-W49:{part}",
        text=f"<b>Digest</b> part {part} for {chat_id} &amp; friends",
    )


class FakeTime(StepClock):
    """Wall clock, monotonic clock and sleep in one: waiting moves time, nobody waits."""

    def monotonic(self) -> float:
        return (self.now - NOW).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


def fake_sender(setup: Setup, time: FakeTime, **limits: Any) -> Sender:
    """A sender on fake time. Its budget is the process's own on every database: the shared
    one lives on PostgreSQL's clock, which fake time does not move."""
    paced = SenderLimits(**limits)
    return Sender(
        setup.db, setup.bot, clock=time, limits=paced, sleep=time.sleep,
        monotonic=time.monotonic, budget=LocalBudget(paced, time.sleep, time.monotonic),
    )  # fmt: skip
