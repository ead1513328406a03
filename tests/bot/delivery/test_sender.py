"""The outbox sender against the local Bot API server enforcing flood limits (time-scaled)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.db import migrate
from bot.db.models import Member, OutboxMessage
from bot.db.session import Database
from bot.delivery.sender import Sender, SenderLimits, SendStats, enqueue
from bot.localapi import FloodLimits, LocalBotApi

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
SCALE = 20.0  # every window twenty times shorter, on both sides


class StepClock:
    """A clock that stands still until a test moves it (no waiting for real)."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


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
async def make_setup(db: Database) -> AsyncIterator[Setup]:
    async with LocalBotApi(flood=FloodLimits(time_scale=SCALE)) as api:
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


@pytest.fixture
async def setup(db: Database) -> AsyncIterator[Setup]:
    async with make_setup(db) as made:
        yield made


def digest(chat_id: int, member_id: int, part: int = 1) -> dict[str, object]:
    return {
        "chat_id": chat_id,
        "member_id": member_id,
        "kind": "digest",
        "dedupe_key": f"digest:{member_id}:2026-W49:{part}",
        "text": f"<b>Digest</b> part {part} for {chat_id} &amp; friends",
    }


async def test_a_weekly_run_to_hundreds_of_members_draws_no_429(setup: Setup) -> None:
    messages = [digest(c, m) for c, m in setup.members.items()]
    messages += [digest(c, m, part=2) for c, m in list(setup.members.items())[:30]]
    assert await enqueue(setup.db, messages, now=NOW) == 270
    assert await enqueue(setup.db, messages, now=NOW) == 0  # idempotent
    stats = await setup.sender().drain()
    assert stats.sent == 270
    assert stats.failed == {}
    assert setup.api.world.flood.rejected == 0
    received = setup.received()
    assert all(received[c] == (2 if i < 30 else 1) for i, c in enumerate(setup.members))
    async with setup.db.transaction() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    assert {r.status for r in rows} == {"sent"}
    assert all(r.message_id for r in rows)


async def test_flood_server_errors_blocked_deactivated_and_migrated(setup: Setup) -> None:
    chats = list(setup.members)
    sim = setup.api.sim
    await sim.block(chats[0])
    sim.deactivate(chats[1])
    group, supergroup = -500, -1_000_500
    setup.api.world.add_group(group, "Group", admins=(chats[2],))
    async with setup.db.transaction() as session:
        member = Member(
            chat_id=group, chat_type="group", language="ro", created_at=NOW, last_seen_at=NOW
        )
        session.add(member)
        await session.flush()
        group_member = member.id
    await sim.migrate(group, supergroup)
    await enqueue(
        setup.db,
        [digest(c, setup.members[c]) for c in chats[:20]] + [digest(group, group_member)],
        now=NOW,
    )
    sim.fail_next(
        "sendMessage", 1, code=429, description="Too Many Requests: retry after 2", retry_after=2
    )
    sim.fail_next("sendMessage", 2, code=502, description="Bad Gateway")
    clock = StepClock()
    stats = await drain_all(setup.sender(clock), clock)
    assert stats.failed == {"blocked": 1, "deactivated": 1}
    assert stats.sent == 19
    assert stats.flood_waits == 1
    assert stats.retried == 2
    received = setup.received()
    assert received[supergroup] == 1
    assert received[group] == 0
    async with setup.db.transaction() as session:
        blocked = await session.scalar(select(Member.blocked_at).where(Member.chat_id == chats[0]))
        moved = await session.scalar(select(Member.chat_id).where(Member.id == group_member))
        failures = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed"))
        ).all()
    assert blocked is not None and blocked >= NOW  # when the (retried) row met the block
    assert moved == supergroup
    assert sorted(f.last_error for f in failures) == ["blocked", "deactivated"]


async def test_a_crash_mid_run_loses_nothing_and_repeats_at_most_one(setup: Setup) -> None:
    await enqueue(setup.db, [digest(c, m) for c, m in setup.members.items()], now=NOW)
    first = await setup.sender().drain(max_messages=100)
    assert first.sent == 100
    # The worker dies while sending one more: Telegram got it, the outbox never heard back.
    async with setup.db.transaction() as session:
        row = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending")
            .order_by(OutboxMessage.id)
            .limit(1)
        )
        assert row is not None
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(status="sending", claimed_at=NOW)
        )
        in_flight = row.chat_id
    await setup.bot.send_message(in_flight, "<b>Digest</b> part 1", parse_mode="HTML")
    # On PostgreSQL (several workers) a row is taken over once its lease has expired.
    restarted = setup.sender(NOW + timedelta(minutes=10))
    assert await restarted.recover() == 1
    second = await restarted.drain()
    assert first.sent + second.sent == len(setup.members)
    received = setup.received()
    assert all(received[c] >= 1 for c in setup.members)  # nothing lost
    assert sum(received[c] - 1 for c in setup.members) == 1  # the one in flight, at most
    assert setup.api.world.flood.rejected == 0


async def test_a_timeout_is_retried_once(db: Database) -> None:
    async with LocalBotApi() as api:
        api.world.add_user(7, "Slow")
        async with db.transaction() as session:
            member = Member(
                chat_id=7, chat_type="private", language="en", created_at=NOW, last_seen_at=NOW
            )
            session.add(member)
            await session.flush()
            member_id = member.id
        await enqueue(db, [digest(7, member_id)], now=NOW)
        # Telegram answers too late for our read timeout, but the message does arrive.
        api.sim.delay_next("sendMessage", seconds=1.0)
        bot = Bot(api.token, base_url=api.base_url, request=HTTPXRequest(read_timeout=0.3))
        clock = StepClock()
        async with bot:
            sender = Sender(db, bot, clock=clock, limits=SenderLimits(time_scale=SCALE))
            stats = await drain_all(sender, clock)
        await asyncio.sleep(1.0)  # let the late answer finish on the server side
        copies = sum(1 for m in api.world.messages.values() if m.sender.is_bot and m.chat_id == 7)
    assert stats.sent == 1
    assert stats.retried == 1
    assert copies == 2  # the documented single repeat of a timed-out send


@pytest.mark.postgres
async def test_two_workers_share_a_postgresql_outbox_without_duplicates(postgres_url: str) -> None:
    first_db, second_db = Database.from_url(postgres_url), Database.from_url(postgres_url)
    try:
        await migrate.upgrade(first_db.engine)
        async with make_setup(first_db) as setup:
            await enqueue(setup.db, [digest(c, m) for c, m in setup.members.items()], now=NOW)
            second = Sender(
                second_db, setup.bot, clock=lambda: NOW, limits=SenderLimits(time_scale=SCALE)
            )
            stats = await asyncio.gather(setup.sender().drain(), second.drain())
            received = setup.received()
    finally:
        await first_db.dispose()
        await second_db.dispose()
    assert stats[0].sent > 0
    assert stats[1].sent > 0
    assert stats[0].sent + stats[1].sent == len(setup.members)
    assert all(received[c] == 1 for c in setup.members)
