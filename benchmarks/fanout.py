"""Fan-out: N members through the local Bot API server enforcing Telegram's limits.

The server enforces 30 messages/s overall and 1/s per chat (time scaled by --scale, on both
sides). Prints the achieved rate as a fraction of the overall limit, the 429 count, and how
many messages were lost or duplicated. Targets: >= 95% of the limit, 0 x 429, 0 lost,
0 duplicated.

    python benchmarks/fanout.py [--members 5000] [--scale 5] [--rate 29] [--database URL]

``--database`` takes an empty database (e.g. ``postgresql+asyncpg://postgres@127.0.0.1/fanout``);
by default a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.db import migrate
from bot.db.models import Member
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import Sender, SenderLimits, enqueue
from bot.sandbox.localapi import FloodLimits, LocalBotApi

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
OVERALL_LIMIT = 30


async def main(members: int, scale: float, rate: float, database: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database.from_url(database or f"sqlite+aiosqlite:///{Path(folder) / 'fanout.sqlite3'}")
        await migrate.upgrade(db.engine)
        async with LocalBotApi(flood=FloodLimits(time_scale=scale)) as api:
            ids: dict[int, int] = {}
            async with db.transaction() as session:
                for chat_id in range(100_000, 100_000 + members):
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
            bot = Bot(api.token, base_url=api.base_url)
            async with bot:
                sender = Sender(
                    db,
                    bot,
                    clock=lambda: NOW,
                    limits=SenderLimits(per_second=rate, time_scale=scale),
                )
                stats = await sender.drain()
            received = Counter(m.chat_id for m in api.world.messages.values() if m.sender.is_bot)
        await db.dispose()
    lost = sum(1 for c in ids if received[c] == 0)
    duplicated = sum(received[c] - 1 for c in ids if received[c] > 1)
    achieved = stats.sent / stats.seconds / scale  # in real Telegram messages per second
    print(f"members: {members}, time scale: {scale}x, sender rate: {rate}/s, {db.engine.name}")
    real_minutes = stats.seconds * scale / 60
    print(f"sent: {stats.sent} in {stats.seconds:.1f} s ({real_minutes:.1f} min at real speed)")
    share = achieved / OVERALL_LIMIT
    print(f"achieved rate: {achieved:.1f}/s = {share:.0%} of the {OVERALL_LIMIT}/s limit (>= 95%)")
    print(f"429 answers: {api.world.flood.rejected} (target 0), flood waits: {stats.flood_waits}")
    print(f"lost: {lost}, duplicated: {duplicated} (targets 0, 0); failed: {stats.failed or 0}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=29.0)
    parser.add_argument("--database", default=None, help="an empty database URL (default SQLite)")
    options = parser.parse_args()
    asyncio.run(main(options.members, options.scale, options.rate, options.database))
