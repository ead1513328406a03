"""A sending process for the crash tests.

    python -m tests.bot.delivery.outbox_worker DATABASE_URL BASE_URL TOKEN SCALE

It runs the real :class:`Sender` loop against the database and the local Bot API server
until it is killed, and prints ``ready`` once it is up.
"""

from __future__ import annotations

import asyncio
import os
import sys

from telegram import Bot

from bot.core.clock import utc_now
from bot.db.session import Database
from bot.delivery.sender import Sender, SenderLimits


async def main(url: str, base_url: str, token: str, scale: float) -> None:
    db = Database.from_url(url)
    bot = Bot(token, base_url=base_url)
    async with bot:
        sender = Sender(db, bot, clock=utc_now, limits=SenderLimits(time_scale=scale))
        print("ready", os.getpid(), flush=True)
        await sender.run(asyncio.Event(), idle=0.05)


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
