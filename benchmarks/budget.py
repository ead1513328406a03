"""Two ways to share Telegram's 30 messages/s between instances on PostgreSQL, measured.

    python benchmarks/budget.py --database postgresql+asyncpg://postgres@127.0.0.1/budget

Each of ``--clients`` workers (a connection each) asks for send slots as fast as it can for
``--seconds``, then "sends" at the moment it was given:

* ``next slot`` (what the bot uses, ``bot.db.repositories.pacing``): one row holds the
  cluster's next free moment; an upsert advances it by ``1 / rate`` and returns the slot, on
  the database's clock; the worker sleeps until its slot;
* ``per-second counter``: a row per wall-clock second counts the messages given out in it
  (``INSERT ... ON CONFLICT DO UPDATE SET used = used + 1 WHERE used < rate``); a full second
  sends the worker to the next one; it sends as soon as it has a place.

Printed: messages sent per second, the most in any sliding one-second window (Telegram's and
the local server's rule: at most 30), statements per message, and the latency of one ask.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.db import migrate
from bot.db.repositories import pacing
from bot.db.session import Database

COUNTER = text(
    """
INSERT INTO budget_seconds (second, used) VALUES (:second, 1)
ON CONFLICT (second) DO UPDATE SET used = budget_seconds.used + 1
WHERE budget_seconds.used < :rate
RETURNING used
"""
)


def max_in_window(times: list[float], span: float = 1.0) -> int:
    """The most moments in any window of ``span`` seconds."""
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= span:
            start += 1
        best = max(best, end - start + 1)
    return best


async def next_slot(connection: AsyncConnection, rate: float, stop: float, out: list[float],
                    asks: list[float], statements: list[int]) -> None:  # fmt: skip
    while time.monotonic() < stop:
        began = time.monotonic()
        found = await pacing.reserve(
            connection, chat_id=int(began * 1e6) % 10**9, step=1 / rate, gap=0.0, horizon=1.0
        )
        asks.append(time.monotonic() - began)
        statements.append(1)
        if found.wait is None:
            await asyncio.sleep(max(found.global_wait - 1.0, 0.001))
            continue
        await asyncio.sleep(max(found.wait, 0.0))
        out.append(time.monotonic())


async def per_second(connection: AsyncConnection, rate: float, stop: float, out: list[float],
                     asks: list[float], statements: list[int]) -> None:  # fmt: skip
    while time.monotonic() < stop:
        second = int(time.time())
        began = time.monotonic()
        used = await connection.scalar(COUNTER, {"second": second, "rate": rate})
        asks.append(time.monotonic() - began)
        statements.append(1)
        if used is None:  # full: wait for the next second
            await asyncio.sleep(max(second + 1 - time.time(), 0.0))
            continue
        out.append(time.monotonic())


async def measure(db: Database, name: str, clients: int, seconds: float, rate: float) -> None:
    worker = next_slot if name == "next slot" else per_second
    connections = []
    for _ in range(clients):
        connection = await db.engine.connect()
        connections.append(await connection.execution_options(isolation_level="AUTOCOMMIT"))
    await connections[0].execute(text("DELETE FROM send_budget"))
    await connections[0].execute(text("DELETE FROM send_chat_slots"))
    await connections[0].execute(text("TRUNCATE budget_seconds"))
    sent: list[float] = []
    asks: list[float] = []
    statements: list[int] = []
    stop = time.monotonic() + seconds
    await asyncio.gather(*(worker(c, rate, stop, sent, asks, statements) for c in connections))
    for connection in connections:
        await connection.close()
    print(
        f"{name:>18}: {len(sent) / seconds:5.1f} messages/s, at most {max_in_window(sent)} in "
        f"a second (limit 30), {len(statements) / max(len(sent), 1):.2f} statements/message, "
        f"ask {statistics.median(asks) * 1000:.2f} ms median, "
        f"{sorted(asks)[int(len(asks) * 0.99)] * 1000:.2f} ms p99"
    )


async def main(database: str, clients: int, seconds: float, rate: float) -> None:
    db = Database.from_url(database)
    await migrate.upgrade(db.engine)
    async with db.engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE IF NOT EXISTS budget_seconds (second bigint PRIMARY KEY, used int)")
        )
    print(f"{clients} clients, {seconds:g} s each way, rate {rate:g}/s")
    for name in ("next slot", "per-second counter"):
        await measure(db, name, clients, seconds, rate)
    async with db.engine.begin() as connection:
        await connection.execute(text("DROP TABLE budget_seconds"))
    await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL database URL")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=29.0)
    options = parser.parse_args()
    asyncio.run(main(options.database, options.clients, options.seconds, options.rate))
