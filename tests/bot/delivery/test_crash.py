"""Kill -9 the sending process at random moments (a message in flight too), restart it at once.

A real subprocess runs the real sender against the database and the local Bot API server
over real HTTP. Nothing may be lost, each kill may repeat at most the one message in flight,
and the restarted process must not wait for its dead predecessor's lease (issue 18).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.models import Member, OutboxMessage
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import enqueue
from bot.sandbox.localapi import FloodLimits, LocalBotApi

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
#: Sized so that the queue cannot empty before the last kill (pacing alone takes > 3 s).
SCALE = 3.0
MEMBERS = 150
PARTS = 2
KILLS = 6
#: Far below the five-minute lease an expired-lease design would have to wait out.
RESUME_WITHIN = 15.0

#: Figures of the last run, printed by the test (pytest -s) for the record.
FIGURES: dict[str, object] = {}


@dataclass
class Run:
    api: LocalBotApi
    db: Database
    url: str
    chats: list[int]
    procs: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def spawn(self) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.bot.delivery.outbox_worker",
            self.url, self.api.base_url, self.api.token, str(SCALE),
            cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self.procs.append(proc)
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        assert line.startswith(b"ready"), line
        return proc

    async def kill(self, proc: asyncio.subprocess.Process) -> None:
        proc.kill()  # SIGKILL: no clean-up of any kind
        await proc.wait()

    def received(self) -> Counter[int]:
        return Counter(m.chat_id for m in self.api.world.messages.values() if m.sender.is_bot)

    def delivered(self) -> bool:
        received = self.received()
        return all(received[c] >= PARTS for c in self.chats)

    async def unfinished(self) -> int:
        async with self.db.transaction() as session:
            count = await session.scalar(
                select(func.count()).where(OutboxMessage.status.in_(["pending", "sending"]))
            )
        return int(count or 0)

    def in_order(self) -> bool:
        """Every chat got part 1 before part 2 (a repeat may follow, never precede)."""
        for chat in self.chats:
            texts = [m.text or "" for m in self.api.world.messages_in(chat, from_bot=True)]
            firsts = [next(i for i, t in enumerate(texts) if f"part {p}" in t) for p in (1, 2)]
            if firsts != sorted(firsts):
                return False
        return True


@asynccontextmanager
async def make_run(url: str) -> AsyncIterator[Run]:
    db = Database.from_url(url)  # migrated already (a copy of the session's template)
    try:
        async with LocalBotApi(flood=FloodLimits(time_scale=SCALE)) as api:
            chats = list(range(20_000, 20_000 + MEMBERS))
            messages = []
            async with db.transaction() as session:
                for chat_id in chats:
                    api.world.add_user(chat_id, f"Member {chat_id}")
                    member = Member(chat_id=chat_id, chat_type="private", language="en",
                                    created_at=NOW, last_seen_at=NOW)  # fmt: skip
                    session.add(member)
                    await session.flush()
                    messages += [
                        Outgoing(
                            chat_id=chat_id,
                            member_id=member.id,
                            kind="digest",
                            dedupe_key=f"digest:{member.id}:W49:{part}",
                            text=f"<b>Digest</b> part {part}",
                        )
                        for part in range(1, PARTS + 1)
                    ]
            await enqueue(db, messages, now=NOW)
            run = Run(api, db, url, chats)
            try:
                yield run
            finally:
                for proc in run.procs:
                    if proc.returncode is None:
                        await run.kill(proc)
    finally:
        await db.dispose()


async def test_kill_9_at_random_moments_loses_nothing(migrated_database_url: str) -> None:
    database_url = migrated_database_url
    rng = random.Random(18)
    started = time.monotonic()
    async with make_run(database_url) as run:
        api = run.api
        proc = await run.spawn()
        resumed: list[float] = []
        in_flight_kills = 0
        for kill in range(KILLS):
            if kill % 2 == 0:
                # The server holds the next answer: the process dies with a message in
                # flight that Telegram delivers anyway.
                api.sim.delay_next("sendMessage", seconds=1.5)
                mark = len(api.world.calls)
                await api.sim.wait_until(
                    lambda m=mark: any(n == "sendmessage" for n, _ in api.world.calls[m:]),  # type: ignore[misc]
                    within=30,
                )
                assert not run.delivered(), "the queue emptied before the kill"
                in_flight_kills += 1
            else:
                await asyncio.sleep(rng.uniform(0.2, 1.2))
            await run.kill(proc)
            killed_at = time.monotonic()
            proc = await run.spawn()  # at once
            sent = api.world.sent_count
            await api.sim.wait_until(
                lambda s=sent: api.world.sent_count > s or run.delivered(),  # type: ignore[misc]
                within=RESUME_WITHIN,
            )
            resumed.append(time.monotonic() - killed_at)
        await api.sim.wait_until(run.delivered, within=60)
        for _ in range(200):
            if await run.unfinished() == 0:
                break
            await asyncio.sleep(0.05)
        received = run.received()
        lost = sum(1 for c in run.chats for _ in range(max(0, PARTS - received[c])))
        duplicates = sum(max(0, received[c] - PARTS) for c in run.chats)
        assert await run.unfinished() == 0
        assert run.in_order()
    FIGURES.update(
        database=database_url.split(":", 1)[0], kills=KILLS, in_flight_kills=in_flight_kills,
        messages=MEMBERS * PARTS, lost=lost, duplicates=duplicates,
        slowest_resume=round(max(resumed), 2), seconds=round(time.monotonic() - started, 1),
    )  # fmt: skip
    print("crash figures:", FIGURES)
    assert lost == 0
    assert duplicates <= KILLS
    assert max(resumed) < RESUME_WITHIN


@pytest.mark.postgres
async def test_a_running_worker_takes_over_a_dead_ones_row_at_once(
    migrated_postgres_url: str,
) -> None:
    async with make_run(migrated_postgres_url) as run:
        api = run.api
        first = await run.spawn()
        await api.sim.wait_until(lambda: api.world.sent_count >= 10, within=30)
        # The first worker's next message hangs in flight ...
        api.sim.delay_next("sendMessage", seconds=3.0)
        mark = len(api.world.calls)
        await api.sim.wait_until(
            lambda: any(n == "sendmessage" for n, _ in api.world.calls[mark:]), within=30
        )
        in_flight = next(int(p["chat_id"]) for n, p in api.world.calls[mark:] if n == "sendmessage")
        # ... a second worker is running beside it ...
        await run.spawn()
        sent = api.world.sent_count
        await api.sim.wait_until(lambda: api.world.sent_count >= sent + 5, within=30)
        # ... and the first one dies. Nobody restarts it.
        await run.kill(first)
        await api.sim.wait_until(run.delivered, within=60)
        for _ in range(200):
            if await run.unfinished() == 0:
                break
            await asyncio.sleep(0.05)
        assert await run.unfinished() == 0
        received = run.received()
    assert all(received[c] >= PARTS for c in run.chats)
    assert sum(received[c] - PARTS for c in run.chats) <= 1
    assert received[in_flight] >= PARTS
