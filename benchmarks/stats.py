"""/stats at scale: 10,000 and 100,000 members with a month of history, on SQLite and PostgreSQL.

Each member got four weekly digests in the last 30 days (outbox rows of 3,000 characters,
sent; one in fifty failed) with five items each (digest_items rows), a tenth follow a call,
5,000 calls were first seen over the last two months and 1,500 earlier ones are closed.
Prints the time (wall and CPU) of ``collect_stats`` for the default 30 days (every aggregate
/stats shows, in one transaction), of the text and of the three charts, and the statements.
Target: <= 5 s at 100,000 members.

    python benchmarks/stats.py [--members 10000 100000] [--backends sqlite postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import BATCH, MONDAY, call_rows, insert_rows, scratch_database, seed, statements
from sqlalchemy import func, select

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import DeliveryRun, DigestItem, Member, OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.reports.export import render_charts
from bot.services.stats import collect_stats, period_of_days
from bot.views import stats as views

WEEKS = 4


async def seed_history(db: Database, members: int) -> None:
    """Four weekly runs: a digest to every member each (one in fifty failed), five items each."""
    rng = random.Random(11)
    # The calls of earlier weeks, closed since (last week's come with the members).
    await insert_rows(
        db,
        OpportunityRow,
        [
            {**row, "uid": f"past:{week}:{n}", "status": "closed"}
            for week in range(2, WEEKS + 1)
            for n, row in enumerate(call_rows(500, rng))
        ],
    )
    text = "x" * 3000  # a digest's size: the text is never read, but the rows are this long
    async with db.transaction() as session:
        ids = list((await session.scalars(select(Member.id).order_by(Member.id))).all())
        chats = dict((await session.execute(select(Member.id, Member.chat_id))).tuples().all())
    for week in range(1, WEEKS + 1):
        when = MONDAY - timedelta(days=7 * week)
        async with db.transaction() as session:
            run = DeliveryRun(kind="digest", started_at=when, finished_at=when, reported=True)
            session.add(run)
            await session.flush()
            run_id = run.id
        rows: list[dict[str, Any]] = []
        for member_id in ids:
            failed = rng.random() < 0.02
            rows.append(
                {
                    "chat_id": chats[member_id],
                    "member_id": member_id,
                    "run_id": run_id,
                    "kind": "digest",
                    "dedupe_key": f"digest:{member_id}:{when.date()}:1",
                    "text": text,
                    "status": "failed" if failed else "sent",
                    "attempts": 1,
                    "claimed_at": when,
                    "sent_at": None if failed else when,
                    "created_at": when,
                    "last_error": "blocked" if failed else None,
                }
            )
        await insert_rows(db, OutboxMessage, rows)
        del rows
        for first in range(0, len(ids), BATCH):
            await insert_rows(
                db,
                DigestItem,
                [
                    {
                        "member_id": m,
                        "opportunity_uid": f"past:{week}:{(m + j) % 500}",
                        "sent_at": when,
                    }
                    for m in ids[first : first + BATCH]
                    for j in range(5)
                    if week > 1
                ],
            )


async def case(backend: str, members: int) -> dict[str, float]:
    async with scratch_database(backend) as db:
        started = time.perf_counter()
        await seed(db, members=members, calls=5000)
        await seed_history(db, members)
        seeded = time.perf_counter() - started
        async with db.transaction() as session:
            outbox = await session.scalar(select(func.count()).select_from(OutboxMessage))
            items = await session.scalar(select(func.count()).select_from(DigestItem))
        start, end = period_of_days(MONDAY.date() - timedelta(days=29), MONDAY.date())
        with statements(db) as counted:
            began, cpu = time.perf_counter(), time.process_time()
            stats = await collect_stats(db, start=start, end=end)
            collected, collected_cpu = time.perf_counter() - began, time.process_time() - cpu
        settings = parse_settings({}, environ={})
        tr = Catalogs(["en"], "en").get("en")
        began = time.perf_counter()
        names = views.topic_names(settings, "en")
        text = views.stats_text(
            tr, stats, topic_label=names, programme_label=views.programme_names(settings, "en")
        )
        rendered = time.perf_counter() - began
        began, cpu = time.perf_counter(), time.process_time()
        render_charts(stats, views.chart_labels(tr, stats, names))
        charted, charted_cpu = time.perf_counter() - began, time.process_time() - cpu
    assert stats.members.consented == members
    assert text
    return {
        "collect": collected,
        "collect_cpu": collected_cpu,
        "charts_cpu": charted_cpu,
        "text": rendered,
        "charts": charted,
        "statements": counted[0],
        "seeded": seeded,
        "outbox": float(outbox or 0),
        "items": float(items or 0),
    }


async def main(args: argparse.Namespace) -> None:
    today = date(2026, 11, 30)
    for backend in args.backends:
        for members in args.members:
            try:
                f = await case(backend, members)
            except OSError as exc:
                print(f"{backend}: skipped ({exc})")
                break
            total = f["collect"] + f["text"] + f["charts"]
            # SQLite runs in this process (its thread counts); PostgreSQL's work is the server's.
            cpu_note = "" if backend == "sqlite" else ", the server's not counted"
            print(
                f"{backend:>10} {members:>7} members ({f['outbox']:.0f} outbox rows, "
                f"{f['items']:.0f} digest items): /stats for the 30 days to {today} in "
                f"{total:.2f} s (target <= 5 s): queries {f['collect']:.2f} s "
                f"({f['collect_cpu']:.2f} s CPU in this process{cpu_note}) in "
                f"{f['statements']:.0f} statements, text {f['text']:.3f} s, charts "
                f"{f['charts']:.2f} s ({f['charts_cpu']:.2f} s CPU) (seeded in {f['seeded']:.0f} s)"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    asyncio.run(main(parser.parse_args()))
