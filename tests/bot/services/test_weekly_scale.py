"""The weekly run is set-based: its statements do not grow with members, and a run that
stopped half-way is finished by the next one without a duplicate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, update

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import (
    DeliveryRun,
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    OpportunityChange,
    OpportunityRow,
    OutboxMessage,
)
from bot.db.session import Database
from bot.services.delivery import queue_run_reports
from bot.services.digests import WeeklyDigests, taxonomy_labeler

LAST_MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 09:00 Bucharest
MONDAY = LAST_MONDAY + timedelta(days=7)
LANGUAGES = ("en", "ro", "es")


def call(n: int) -> dict[str, Any]:
    return {
        "uid": f"s:{n}", "source_id": "s", "url": f"https://e.eu/{n}", "title": f"Call {n}",
        "summary": "", "language": "en", "status": "open",
        "deadlines": [(MONDAY + timedelta(days=5 + n)).isoformat()],
        "next_deadline": MONDAY + timedelta(days=5 + n), "deadline_model": "single",
        "themes": ["green"], "first_seen_at": LAST_MONDAY - timedelta(days=20),
        "last_seen_at": MONDAY, "content_hash": "x",
    }  # fmt: skip


async def seed(db: Database, members: range, *, calls: int = 30) -> None:
    """Members due on Monday 09:00 Bucharest (chat ids ``1000 + n``), each with a sent item
    and a follow of a call that changed since; the calls come with the first ones."""
    async with db.transaction() as session:
        if calls:
            await session.execute(insert(OpportunityRow), [call(n) for n in range(calls)])
        await session.execute(
            insert(Member),
            [
                {
                    "chat_id": 1000 + n,
                    "chat_type": "private",
                    "language": LANGUAGES[n % len(LANGUAGES)],
                    "created_at": LAST_MONDAY,
                    "last_seen_at": LAST_MONDAY,
                    "consented_at": LAST_MONDAY,
                    "onboarded_at": LAST_MONDAY,
                    "digest_weekday": 0,
                    "digest_minute": 9 * 60,
                    "timezone": "Europe/Bucharest",
                    "last_digest_at": LAST_MONDAY,
                }
                for n in members
            ],
        )
        ids = list(
            (
                await session.scalars(
                    select(Member.id).where(Member.chat_id.in_([1000 + n for n in members]))
                )
            ).all()
        )
        first = await session.scalar(select(OpportunityRow.id).where(OpportunityRow.uid == "s:0"))
        assert first is not None
        await session.execute(
            insert(MemberInterest),
            [{"member_id": i, "kind": "topic", "item_id": "green"} for i in ids],
        )
        await session.execute(
            insert(DigestItem),
            [{"member_id": i, "opportunity_uid": "s:0", "sent_at": LAST_MONDAY} for i in ids],
        )
        await session.execute(
            insert(Follow),
            [{"member_id": i, "opportunity_id": first, "created_at": LAST_MONDAY} for i in ids],
        )
        if calls:
            await session.execute(
                insert(OpportunityChange),
                [{"opportunity_id": first, "kind": "deadline", "old": "a", "new": "b",
                  "detected_at": LAST_MONDAY + timedelta(days=1), "notified_at": LAST_MONDAY}],
            )  # fmt: skip


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


def weekly(db: Database, **options: Any) -> WeeklyDigests:
    return WeeklyDigests(
        db, parse_settings({}, environ={}), Catalogs(list(LANGUAGES), "en"), **options
    )


async def digests_per_member(db: Database) -> Counter[int]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(OutboxMessage.member_id).where(OutboxMessage.kind == "digest")
        )
        return Counter(m for m in rows.all() if m is not None)


async def test_the_run_issues_as_many_statements_for_500_members_as_for_50(
    db: Database,
) -> None:
    await seed(db, range(50))
    with counted(db) as fifty:
        queued = await weekly(db).queue_due(now=MONDAY)
    assert (queued.members, queued.messages) == (50, 50)
    assert await digests_per_member(db) == Counter(dict.fromkeys(range(1, 51), 1))
    async with db.transaction() as session:
        text = await session.scalar(select(OutboxMessage.text).where(OutboxMessage.member_id == 1))
    # The followed call changed since last week: shown again, closing soonest, then the new.
    assert text is not None
    assert text.index("Call 0") < text.index("Call 1") < text.index("Call 11")
    assert "Call 12" not in text

    # A week later 450 more members have joined: 500 digests.
    await seed(db, range(50, 500), calls=0)
    with counted(db) as five_hundred:
        queued = await weekly(db).queue_due(now=MONDAY + timedelta(days=7))
    assert (queued.members, queued.messages) == (500, 500)
    assert await digests_per_member(db) == Counter(
        {**dict.fromkeys(range(1, 51), 2), **dict.fromkeys(range(51, 501), 1)}
    )
    # Three statements find who is due, one reads the calls, and one chunk reads its history
    # in three and writes in a few (the dedupe keys are looked up 500 at a time).
    assert len(fifty) <= 15, fifty
    assert (len(five_hundred) - len(fifty)) / (500 - 50) <= 0.05, (len(fifty), len(five_hundred))


async def test_a_run_that_stops_half_way_is_finished_without_duplicates(db: Database) -> None:
    await seed(db, range(7))
    settings = parse_settings({}, environ={})
    plain = taxonomy_labeler(settings)

    def failing(kind: str, item: str, language: str) -> str:
        if language == "es":  # member 3 is the first Spanish one: the second chunk fails
            raise RuntimeError("renderer failed")
        return plain(kind, item, language)

    with pytest.raises(RuntimeError, match="renderer failed"):
        await weekly(db, chunk=2, label=failing).queue_due(now=MONDAY)
    assert await digests_per_member(db) == Counter({1: 1, 2: 1})
    async with db.transaction() as session:
        run = (await session.scalars(select(DeliveryRun))).one()
    assert run.queueing
    # The first chunk is delivered before the rest is queued: the run is not reported yet.
    async with db.transaction() as session:
        await session.execute(update(OutboxMessage).values(status="sent", sent_at=MONDAY))
    readers = {1: Catalogs(["en"], "en").get("en")}
    assert await queue_run_reports(db, readers, now=MONDAY) == []

    queued = await weekly(db, chunk=2).queue_due(now=MONDAY)
    assert (queued.run_id, queued.members) == (run.id, 5)  # the same run, resumed
    assert await digests_per_member(db) == Counter(dict.fromkeys(range(1, 8), 1))
    async with db.transaction() as session:
        runs = (await session.scalars(select(DeliveryRun))).all()
        run_ids = set((await session.scalars(select(OutboxMessage.run_id))).all())
        items = await session.scalar(select(func.count()).select_from(DigestItem))
    assert [r.queueing for r in runs] == [False]
    assert run_ids == {run.id}
    assert items == 7 * 12  # last week's item, and the eleven other calls shown now

    async with db.transaction() as session:
        await session.execute(update(OutboxMessage).values(status="sent", sent_at=MONDAY))
    (report,) = await queue_run_reports(db, readers, now=MONDAY + timedelta(minutes=1))
    assert (report.run_id, report.recipients, report.sent) == (run.id, 7, 7)

    again = await weekly(db, chunk=2).queue_due(now=MONDAY + timedelta(minutes=5))
    assert (again.members, again.messages) == (0, 0)
    assert await digests_per_member(db) == Counter(dict.fromkeys(range(1, 8), 1))
