"""The weekly digest end to end: due at the member's local time, queued, paced out, reported."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.buttons.onboarding import (
    ConsentYes,
    Country,
    InterestsDone,
    KeywordsDone,
    OrgNameSkip,
    OrgType,
    Topic,
)
from bot.db.session import Database
from bot.jobs.fetch import fetch_due
from bot.sandbox.localapi import LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings
from feeds.http import Fetcher
from tests.feeds.feedserver import FeedServer

ANA, COORDINATOR = 1000, 9000
WEDNESDAY = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
MONDAY_9_BUCHAREST = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_weekly_digest_arrives_at_the_members_time_once(
    tmp_path: Path, migrated_sqlite_url: str
) -> None:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    clock = Clock(WEDNESDAY)
    async with FeedServer() as feeds, LocalBotApi() as api:
        feeds.fixture("/mfe.xml", "rss/mfe.xml")
        feeds.fixture("/erasmus.xml", "rss/erasmus.xml")
        sources = [
            {"id": "ro-mfe", "kind": "rss", "url": feeds.url("/mfe.xml"), "language": "ro"},
            {"id": "erasmus", "kind": "rss", "url": feeds.url("/erasmus.xml")},
        ]
        settings = local_settings(
            api,
            url,
            {
                "sources": sources,
                "telegram": {"admin_ids": [COORDINATOR]},
                "schedule": {"tick_seconds": 1},
            },
        )
        api.world.add_user(ANA, "Ana", language_code="ro")
        api.world.add_user(COORDINATOR, "Coordinator")
        async with LocalBot(api, settings, clock=clock, first_tick=0.05):
            db = Database.from_url(url)
            try:
                async with Fetcher.create() as fetcher:
                    await fetch_due(db, settings, clock=clock, fetcher=fetcher)
            finally:
                await db.dispose()
            sim = api.sim
            await sim.send(ANA, "/start")
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), ConsentYes().data)
            await sim.settle()
            for data in (
                OrgNameSkip().data,
                Country("RO").data,
                OrgType("ngo").data,
                Topic("vet", True).data,
                InterestsDone("t").data,
                InterestsDone("p").data,
                KeywordsDone().data,
            ):
                await sim.press(ANA, sim.last(ANA), data)
                await sim.settle()
            before = len(api.world.messages_in(ANA, from_bot=True))
            # Sunday evening: not yet (two ticks pass without a digest).
            clock.now = MONDAY_9_BUCHAREST - timedelta(hours=12)
            await asyncio.sleep(2.2)
            assert len(api.world.messages_in(ANA, from_bot=True)) == before
            # Monday 09:00 in Bucharest: the digest goes out, and the coordinators get a report.
            clock.now = MONDAY_9_BUCHAREST
            await sim.wait_until(
                lambda: (
                    len(api.world.messages_in(ANA, from_bot=True)) > before
                    and bool(api.world.messages_in(COORDINATOR))
                ),
                within=15,
            )
            digest = api.world.messages_in(ANA, from_bot=True)[-1]
            report = api.world.messages_in(COORDINATOR)[-1]
            # A week later nothing new matches: a short note, not the same calls again.
            clock.now = MONDAY_9_BUCHAREST + timedelta(days=7)
            await sim.wait_until(
                lambda: len(api.world.messages_in(ANA, from_bot=True)) > before + 1, within=15
            )
            second = api.world.messages_in(ANA, from_bot=True)[-1]
    assert "Buletinul tău de finanțări" in (digest.text or "")
    assert "Lansare apel de proiecte PEO" in (digest.text or "")
    assert "previzualizare" not in (digest.text or "")
    assert "1 recipients, 1 messages sent, 0 failed, 0 members paused" in (report.text or "")
    assert (report.text or "").startswith("📬 Run #1 (weekly digest)")
    assert "Lansare apel" not in (second.text or "")
    assert "nu e nimic nou" in (second.text or "")
    assert len(api.world.messages_in(ANA, from_bot=True)) == before + 2
