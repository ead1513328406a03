"""Shared by benchmarks/weekly.py and benchmarks/stats.py: scratch databases, fast seeding,
a statement counter and peak memory.

A scratch database is a temporary SQLite file, or a PostgreSQL database created next to
``test`` on 127.0.0.1:5432 and dropped afterwards; either is migrated to head. Seeding uses
core ``insert()`` with executemany in batches of 10,000 rows (no ORM objects).
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.db import migrate
from bot.db.models import (
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    MemberKeyword,
    OpportunityChange,
    OpportunityRow,
)
from bot.db.session import Database

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
#: Monday 30 November 2026, 09:00 in Bucharest: the members' weekly slot.
MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
LAST_MONDAY = MONDAY - timedelta(days=7)
TOPICS = ["digital", "green", "entrepreneurship", "community", "employment", "vet",
          "social-inclusion", "youth", "research"]  # fmt: skip
PROGRAMMES = ["esf-plus", "erasmus-plus", "horizon-europe", "interreg", "life", "digital-europe",
              "cerv", "national"]  # fmt: skip
COUNTRIES = ["RO", "ES", "MD", "BG", "IT", "PT", "GR", "HU", "PL", "FR", "DE", "BE"]
ORG_TYPES = ["ngo", "public", "vet_provider", "school", "sme", "social_enterprise", "other"]
WORDS = ["robotics", "rural", "roma", "climate", "women", "migrants", "digital", "tender"]
LANGUAGES = ["ro", "en", "es"]
ZONES = ["Europe/Bucharest", "Europe/Madrid", "Europe/Chisinau"]
BATCH = 10_000


@asynccontextmanager
async def scratch_database(backend: str) -> AsyncIterator[Database]:
    """A migrated, empty database of its own, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = Database.from_url(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}")
            try:
                await migrate.upgrade(db.engine)
                yield db
            finally:
                await db.dispose()
        return
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database.from_url(POSTGRES.rsplit("/", 1)[0] + f"/{name}")
        try:
            await migrate.upgrade(db.engine)
            yield db
        finally:
            await db.dispose()
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        await admin.dispose()


async def insert_rows(db: Database, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Core executemany inserts, a transaction per 10,000 rows."""
    for start in range(0, len(rows), BATCH):
        async with db.transaction() as session:
            await session.execute(insert(model), list(rows[start : start + BATCH]))


def call_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Open calls (a tenth forthcoming), deadlines 1 to 200 days away, like matching.py's."""
    rows = []
    for n in range(count):
        deadline = MONDAY + timedelta(days=rng.randint(1, 200))
        rows.append(
            {
                "uid": f"src:{n}",
                "source_id": "src",
                "url": f"https://example.eu/{n}",
                "title": f"Call {n} on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                "summary": " ".join(rng.choices(WORDS, k=12)),
                "language": "en",
                "status": "forthcoming" if rng.random() < 0.1 else "open",
                "deadlines": [deadline.isoformat()],
                "next_deadline": deadline,
                "deadline_model": "single",
                "kind": "call",
                "themes": rng.sample(TOPICS, rng.randint(1, 3)),
                "programmes": rng.sample(PROGRAMMES, rng.randint(0, 1)),
                "programme": None,
                "eligible_countries": rng.sample(COUNTRIES, 2) if rng.random() < 0.3 else [],
                "eligible_org_types": rng.sample(ORG_TYPES[:6], 2) if rng.random() < 0.3 else [],
                "first_seen_at": MONDAY - timedelta(days=rng.randint(0, 60)),
                "last_seen_at": MONDAY,
                "content_hash": "x",
            }
        )
    return rows


async def seed(db: Database, *, members: int, calls: int, seed: int = 7) -> None:
    """``calls`` open calls and ``members`` members due on Monday, with last week's history:
    up to five items sent to each, a tenth following a call, a fiftieth of the calls changed.

    Members go in batches of 10,000 with their rows, so seeding stays small in memory.
    """
    rng = random.Random(seed)
    await insert_rows(db, OpportunityRow, call_rows(calls, rng))
    async with db.transaction() as session:
        call_ids = list(
            (await session.scalars(select(OpportunityRow.id).order_by(OpportunityRow.id))).all()
        )
    await insert_rows(
        db,
        OpportunityChange,
        [
            {
                "opportunity_id": i,
                "kind": "deadline",
                "old": "a",
                "new": "b",
                "detected_at": LAST_MONDAY + timedelta(days=2),
                "notified_at": LAST_MONDAY,
            }
            for i in call_ids[::50]
        ],
    )
    for first in range(0, members, BATCH):
        chats = range(10_000_000 + first, 10_000_000 + min(members, first + BATCH))
        await insert_rows(db, Member, [member_row(chat, rng) for chat in chats])
        async with db.transaction() as session:
            ids = list(
                (
                    await session.scalars(
                        select(Member.id).where(Member.chat_id.between(chats[0], chats[-1]))
                    )
                ).all()
            )
        interests, keywords, sent, follows = [], [], [], []
        for member_id in ids:
            interests += [
                {"member_id": member_id, "kind": "topic", "item_id": t}
                for t in rng.sample(TOPICS, rng.randint(1, 4))
            ]
            interests += [
                {"member_id": member_id, "kind": "programme", "item_id": p}
                for p in rng.sample(PROGRAMMES, rng.randint(0, 2))
            ]
            if rng.random() < 0.1:
                keywords.append(
                    {"member_id": member_id, "kind": "exclude", "word": rng.choice(WORDS)}
                )
            sent += [
                {"member_id": member_id, "opportunity_uid": f"src:{n}", "sent_at": LAST_MONDAY}
                for n in {rng.randrange(calls) for _ in range(5)}
            ]
            if rng.random() < 0.1:
                follows.append(
                    {
                        "member_id": member_id,
                        "opportunity_id": rng.choice(call_ids),
                        "created_at": LAST_MONDAY,
                    }
                )
        await insert_rows(db, MemberInterest, interests)
        await insert_rows(db, MemberKeyword, keywords)
        await insert_rows(db, DigestItem, sent)
        await insert_rows(db, Follow, follows)


def member_row(chat_id: int, rng: random.Random) -> dict[str, Any]:
    """A member who joined a month ago and got last Monday's digest."""
    n = chat_id % 3
    joined = LAST_MONDAY - timedelta(days=30)
    return {
        "chat_id": chat_id,
        "chat_type": "private",
        "language": LANGUAGES[n],
        "timezone": ZONES[n],
        "created_at": joined,
        "last_seen_at": LAST_MONDAY,
        "consented_at": joined,
        "onboarded_at": joined,
        "digest_weekday": 0,
        "digest_minute": 9 * 60,
        "last_digest_at": LAST_MONDAY,
        "country": rng.choice(COUNTRIES),
        "org_type": rng.choice(ORG_TYPES),
    }


@contextmanager
def statements(db: Database) -> Iterator[list[int]]:
    """Counts every statement sent to the database inside the block (``[count]``)."""
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
