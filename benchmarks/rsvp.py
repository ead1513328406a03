"""The last seats under a crowd: N members press Going at the same moment.

Runs the real service on a SQLite file (and on PostgreSQL when one answers on
127.0.0.1:5432, database ``test``), prints how long the crowd took, presses per second,
and checks that the workshop was never overbooked and every press got an answer.

    python benchmarks/rsvp.py [--members 500] [--seats 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db import migrate
from bot.db.models import Member
from bot.db.session import Database
from bot.services.workshops import Workshops
from bot.views.workshops import NOTICES
from bot.workshops.seats import Answer

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=8)
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def crowd(url: str, members: int, seats: int) -> str:
    db = Database.from_url(url)
    try:
        await migrate.upgrade(db.engine)
        settings = parse_settings({}, environ={})
        workshops = Workshops(db, settings, Catalogs(["en", "ro", "es"], "en"), NOTICES)
        authoring, service = workshops.authoring, workshops.rsvp
        base = 7_000_000 + int(time.time() * 1000) % 1_000_000 * 1000
        async with db.transaction() as session:
            session.add_all(
                Member(
                    chat_id=base + i,
                    chat_type="private",
                    language="en",
                    created_at=NOW,
                    last_seen_at=NOW,
                    consented_at=NOW,
                    timezone="Europe/Bucharest",
                )
                for i in range(members)
            )
        draft = await authoring.start_draft(base, "Bench", language="en", now=NOW)
        await authoring.update_draft(
            draft.id, base, step="preview", title="Crowd", starts_at=START,
            ends_at=START + timedelta(hours=1), place="Online", capacity=seats,
        )  # fmt: skip
        workshop = (await authoring.publish(draft.id, base, audience="all", now=NOW)).workshop
        started = time.perf_counter()
        outcomes = await asyncio.gather(
            *(
                service.answer(workshop.id, base + i, Answer.GOING, display_name="", now=NOW)
                for i in range(members)
            )
        )
        seconds = time.perf_counter() - started
        going = sum(o.status is Answer.GOING for o in outcomes)
        waiting = sum(o.status is Answer.WAITLIST for o in outcomes)
        stored = await service.get(workshop.id)
        assert stored is not None
        verdict = (
            "ok"
            if stored.counts.going == going == seats and going + waiting == members
            else "OVERBOOKED"
        )
        return (
            f"{members} presses for {seats} seats: {seconds:.2f} s, "
            f"{members / seconds:.0f} presses/s; going {stored.counts.going}, "
            f"waitlist {stored.counts.waitlist}: {verdict}"
        )
    finally:
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--seats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(
            "sqlite:",
            await crowd(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3", args.members, args.seats),
        )
    try:
        print("postgresql:", await crowd(POSTGRES, args.members, args.seats))
    except OSError as exc:
        print(f"postgresql: skipped ({exc})")


if __name__ == "__main__":
    asyncio.run(main())
