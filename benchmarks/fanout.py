"""Fan-out: N members through the local Bot API server enforcing Telegram's limits.

The server enforces 30 messages/s overall and 1/s per chat (time scaled by --scale, on both
sides). Prints the achieved rate as a fraction of the overall limit, the 429 count, and how
many messages were lost or duplicated. Targets: >= 95% of the limit, 0 x 429, 0 lost,
0 duplicated.

    python benchmarks/fanout.py [--members 5000] [--scale 5] [--rate 29] [--database URL]
    python benchmarks/fanout.py --instances 1 2 3 --database postgresql+asyncpg://...

``--database`` takes an empty database (e.g. ``postgresql+asyncpg://postgres@127.0.0.1/fanout``);
by default a temporary SQLite file is used. ``--instances`` (PostgreSQL) runs the outbox with
that many sending processes at once, each one a real subprocess with its own sender, all of
them pacing against the budget they share in the database; one run per count given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func, select, text
from telegram import Bot

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.clock import utc_now
from bot.db import migrate
from bot.db.models import Member, OutboxMessage
from bot.db.session import Database
from bot.delivery.budget import LocalBudget
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import Sender, SenderLimits, SendStats, enqueue
from bot.sandbox.localapi import FloodLimits, LocalBotApi

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
OVERALL_LIMIT = 30


async def _members(db: Database, api: LocalBotApi, count: int) -> dict[int, int]:
    ids: dict[int, int] = {}
    async with db.transaction() as session:
        await session.execute(delete(OutboxMessage))
        await session.execute(delete(Member))
        for table in ("send_budget", "send_chat_slots"):
            if not db.is_sqlite:
                await session.execute(text(f"DELETE FROM {table}"))
        for chat_id in range(100_000, 100_000 + count):
            api.world.add_user(chat_id, "M")
            row = Member(chat_id=chat_id, chat_type="private", language="en",
                         created_at=NOW, last_seen_at=NOW)  # fmt: skip
            session.add(row)
            await session.flush()
            ids[chat_id] = row.id
    await enqueue(
        db,
        [
            Outgoing(
                chat_id=c,
                member_id=m,
                kind="digest",
                dedupe_key=f"digest:{m}:W49:1",
                text=f"<b>Digest</b> for {c}",
            )
            for c, m in ids.items()
        ],
        now=NOW,
    )
    return ids


async def _unfinished(db: Database) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).where(OutboxMessage.status.in_(["pending", "sending"]))
        )
    return int(count or 0)


async def worker(
    database: str, base_url: str, token: str, scale: float, rate: float, local: bool
) -> None:
    """One sending process: waits for a line on stdin, drains until the outbox is empty,
    prints what it did as JSON."""
    db = Database.from_url(database)
    total = SendStats()
    async with Bot(token, base_url=base_url) as bot:
        limits = SenderLimits(per_second=rate, time_scale=scale)
        # --split: each process paces itself at rate / N (the advice before the shared budget).
        budget = LocalBudget(limits, asyncio.sleep, time.monotonic) if local else None
        sender = Sender(db, bot, clock=utc_now, limits=limits, budget=budget)
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        while True:
            stats = await sender.drain()
            total.sent += stats.sent
            total.flood_waits += stats.flood_waits
            total.deferred += stats.deferred
            if not stats.sent and await _unfinished(db) == 0:
                break
            await asyncio.sleep(0.01)
    await db.dispose()
    print(json.dumps(asdict(total)), flush=True)


async def _spawn(
    database: str, api: LocalBotApi, scale: float, rate: float, split: bool
) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--worker", "--database", database, "--base-url", api.base_url,
        "--token", api.token, "--scale", str(scale), "--rate", str(rate),
        *(["--split"] if split else []),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PTB_TIMEDELTA": "true"},
    )  # fmt: skip
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    if not line.startswith(b"ready"):
        raise RuntimeError(f"a worker did not start: {line!r}")
    return proc


async def run(
    members: int, scale: float, rate: float, database: str, instances: int | None, split: bool
) -> None:
    db = Database.from_url(database)
    await migrate.upgrade(db.engine)
    async with LocalBotApi(flood=FloodLimits(time_scale=scale)) as api:
        ids = await _members(db, api, members)
        if instances is None:  # in this process, as before
            async with Bot(api.token, base_url=api.base_url) as bot:
                sender = Sender(db, bot, clock=lambda: NOW,
                                limits=SenderLimits(per_second=rate, time_scale=scale))  # fmt: skip
                stats = await sender.drain()
            seconds, sent, floods = stats.seconds, stats.sent, stats.flood_waits
        else:
            each = rate / instances if split else rate
            procs = [await _spawn(database, api, scale, each, split) for _ in range(instances)]
            started = time.monotonic()
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(b"go\n")
                await proc.stdin.drain()
            await api.sim.wait_until(lambda: api.world.sent_count >= members, within=3600)
            seconds = time.monotonic() - started
            results = []
            for proc in procs:
                out, _ = await proc.communicate()
                results.append(json.loads(out.decode().strip().splitlines()[-1]))
            sent = sum(r["sent"] for r in results)
            floods = sum(r["flood_waits"] for r in results)
            shares = ", ".join(str(r["sent"]) for r in results)
        received = Counter(m.chat_id for m in api.world.messages.values() if m.sender.is_bot)
        rejected = api.world.flood.rejected
    await db.dispose()
    lost = sum(1 for c in ids if received[c] == 0)
    duplicated = sum(received[c] - 1 for c in ids if received[c] > 1)
    achieved = sent / seconds / scale  # in real Telegram messages per second
    share = achieved / OVERALL_LIMIT
    label = "in-process sender" if instances is None else f"{instances} instance(s)"
    if split:
        label += f", each pacing itself at {rate:g} / {instances}"
    print(f"{label}: {members} members, time scale {scale}x, rate {rate}/s, {db.engine.name}")
    real_minutes = seconds * scale / 60
    print(f"  sent: {sent} in {seconds:.1f} s ({real_minutes:.1f} min at real speed)"
          + (f", per instance: {shares}" if instances is not None else ""))  # fmt: skip
    limit = f"{OVERALL_LIMIT}/s limit (>= 95%)"
    print(f"  achieved rate: {achieved:.1f}/s = {share:.0%} of the {limit}")
    print(f"  429 answers: {rejected} (target 0), flood waits: {floods}")
    print(f"  lost: {lost}, duplicated: {duplicated} (targets 0, 0)")


async def main(options: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = options.database or f"sqlite+aiosqlite:///{Path(folder) / 'fanout.sqlite3'}"
        if options.instances and database.startswith("sqlite"):
            raise SystemExit("--instances needs PostgreSQL (--database postgresql+asyncpg://...)")
        for count in options.instances or [None]:
            await run(options.members, options.scale, options.rate, database, count, options.split)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=29.0)
    parser.add_argument("--database", default=None, help="an empty database URL (default SQLite)")
    parser.add_argument("--instances", type=int, nargs="*", help="sending processes (PostgreSQL)")
    parser.add_argument(
        "--split",
        action="store_true",
        help="with --instances: each process paces itself at rate / N (no shared budget)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        asyncio.run(worker(options.database, options.base_url, options.token, options.scale,
                           options.rate, options.split))  # fmt: skip
    else:
        asyncio.run(main(options))
