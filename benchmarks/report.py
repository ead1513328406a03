"""``inexa-bot report`` at scale: the funder's report for a year with N members.

Seeds N members (three to an organisation), their ESF+ answers, 200 workshops in the year
with two answers per member (60 % marked attended, 20 % absent, 20 % never marked) and a
digest per member, then times what ``inexa-bot report`` does: the reads
(:func:`bot.services.reports.collect_report`) and the files (workbook with embedded charts,
plus the PNGs), on a SQLite file and on PostgreSQL (a scratch database on 127.0.0.1:5432,
dropped afterwards). Prints wall-clock seconds, this process's CPU seconds (on a shared machine
the better guide to an idle one; PostgreSQL's own work is not in it), SQL statements and peak
memory (max RSS).

    python benchmarks/report.py [--members 10000 100000] [--format xlsx|csv]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.cli.report import write_files
from bot.config import parse_settings
from bot.db import migrate
from bot.db.models import Member, OutboxMessage, Workshop, WorkshopRsvp
from bot.db.models.organisations import Organisation
from bot.db.models.participants import ParticipantProfile
from bot.db.session import Database
from bot.participants.fields import CHOICES, PREFER_NOT, Field
from bot.services.reports import collect_report

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)
T0 = datetime(2026, 1, 1, tzinfo=UTC)
POSTGRES_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
WORKSHOPS = 200
CHUNK = 5000
TYPES = ("ngo", "public", "sme", "social_enterprise", "vet_provider", "school", "other", None)


def _answer(rng: random.Random, field: Field) -> str | None:
    options = [*CHOICES[field], PREFER_NOT, None]
    return rng.choice(options)


async def _insert(db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        async with db.transaction() as session:
            await session.execute(insert(table), rows[start : start + CHUNK])


async def seed(db: Database, members: int) -> None:
    rng = random.Random(15)
    orgs = members // 3
    await _insert(
        db,
        Organisation,
        [
            {
                "id": i + 1, "name": f"Organisation {i:06d}", "country": rng.choice(["RO", "ES"]),
                "org_type": TYPES[i % len(TYPES)], "status": "approved", "created_at": T0,
                "updated_at": T0,
            }
            for i in range(orgs)
        ],
    )  # fmt: skip
    await _insert(
        db,
        Member,
        [
            {
                "id": i + 1, "chat_id": 10_000_000 + i, "chat_type": "private", "language": "ro",
                "created_at": T0, "last_seen_at": T0, "consented_at": T0,
                "organisation_id": i // 3 + 1 if i // 3 < orgs else None,
            }
            for i in range(members)
        ],
    )  # fmt: skip
    profiles = []
    for i in range(members):
        if rng.random() < 0.2:
            continue
        consent = rng.random() < 0.3
        row: dict[str, Any] = {
            "member_id": i + 1,
            "updated_at": T0,
            "sensitive_consent_at": T0 if consent else None,
        }
        for field in (Field.GENDER, Field.AGE_BAND, Field.EMPLOYMENT_STATUS, Field.EDUCATION_LEVEL):
            row[field.value] = _answer(rng, field)
        for field in (
            Field.DISABILITY, Field.THIRD_COUNTRY_NATIONAL, Field.FOREIGN_BACKGROUND,
            Field.MINORITY, Field.HOMELESS, Field.RURAL_AREA,
        ):  # fmt: skip
            row[field.value] = _answer(rng, field) if consent else None
        profiles.append(row)
    await _insert(db, ParticipantProfile, profiles)
    starts = [T0 + timedelta(days=1 + i * 364 // WORKSHOPS, hours=9) for i in range(WORKSHOPS)]
    await _insert(
        db,
        Workshop,
        [
            {
                "id": i + 1, "status": "published", "title": f"Workshop {i}", "description": "",
                "starts_at": s, "ends_at": s + timedelta(hours=2 + i % 3), "timezone":
                "Europe/Bucharest", "place": "Iași" if i % 2 else None,
                "url": None if i % 2 else "https://meet.example", "language": "ro",
                "topics": ["digital"], "audience": "all", "related_calls": [],
                "registration_fields": [], "created_by": 1, "organiser_name": "", "sequence": 0,
                "created_at": T0, "updated_at": T0,
            }
            for i, s in enumerate(starts)
        ],
    )  # fmt: skip
    rsvps = []
    for i in range(members):
        for w in {rng.randrange(WORKSHOPS), rng.randrange(WORKSHOPS)}:
            mark = rng.random()
            attended = True if mark < 0.6 else False if mark < 0.8 else None
            rsvps.append(
                {
                    "workshop_id": w + 1, "member_id": i + 1, "status": "going",
                    "display_name": "", "answered_at": T0, "attended": attended,
                    "reminders": [],
                }
            )  # fmt: skip
    await _insert(db, WorkshopRsvp, rsvps)
    await _insert(
        db,
        OutboxMessage,
        [
            {
                "chat_id": 10_000_000 + i, "member_id": i + 1, "kind": "digest", "text": "…",
                "status": "sent", "attempts": 1, "created_at": T0 + timedelta(days=3),
                "sent_at": T0 + timedelta(days=3),
            }
            for i in range(members)
        ],
    )  # fmt: skip


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(url: str, members: int, file_format: str) -> str:
    db = Database.from_url(url)
    try:
        await migrate.upgrade(db.engine)
        began = time.perf_counter()
        await seed(db, members)
        seeded = time.perf_counter() - began
        # Statistics as a running database has them (autovacuum's analyze, SQLite's optimize).
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE"))
            await conn.commit()
        statements = 0

        def count(*_: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(db.engine.sync_engine, "before_cursor_execute", count)
        settings = parse_settings({}, environ={})
        started, cpu = time.perf_counter(), time.process_time()
        report = await collect_report(db, FIRST, LAST)
        read = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as out:
            began = time.perf_counter()
            written = await asyncio.to_thread(
                write_files, report, settings, "ro", Path(out), file_format
            )
            files = time.perf_counter() - began
            used = time.process_time() - cpu
            size = sum(p.stat().st_size for p in written) / 1e6
        total = read + files
        return (
            f"{members:>7} members: report {total:.2f} s, {used:.2f} s CPU in this process "
            f"(reads {read:.2f} s in {statements} statements, files {files:.2f} s, {size:.1f} MB); "
            f"{report.participants} participants, {len(report.organisations)} organisations, "
            f"{len(report.activities)} workshops; max RSS {_max_rss_mb():.0f} MB; "
            f"seeding took {seeded:.1f} s; {'within' if total <= 5 else 'OVER'} the 5 s target"
        )
    finally:
        await db.dispose()


async def postgres(members: int, file_format: str) -> str:
    admin = create_async_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"bench_report_{members}"
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            await conn.execute(text(f"CREATE DATABASE {name}"))
        try:
            url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
            return await measure(url, members, file_format)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    finally:
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    # A new process pays once for importing matplotlib and openpyxl and drawing a first chart;
    # measured apart so that the figures below compare the sizes, not the start-up.
    began = time.perf_counter()
    from bot.reports import charts, workbook  # noqa: F401  (the imports are what is timed)

    charts.bars(["a"], [[1]], charts.ChartLabels(title="warm-up", no_data="-"))
    print(f"cold start (imports, first chart): {time.perf_counter() - began:.2f} s", flush=True)
    for members in args.members:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
            print("sqlite:    ", await measure(url, members, args.format), flush=True)
        if args.skip_postgres:
            continue
        try:
            print("postgresql:", await postgres(members, args.format), flush=True)
        except OSError as exc:
            print(f"postgresql: skipped ({exc})")


if __name__ == "__main__":
    asyncio.run(main())
