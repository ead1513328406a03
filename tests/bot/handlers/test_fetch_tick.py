"""The scheduled fetch inside the running bot: sources fetched, coordinators told of a failure."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.db.models import OpportunityRow
from bot.db.session import Database
from bot.sandbox.localapi import LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings
from tests.feeds.feedserver import FeedServer

COORDINATOR = 9000
START = datetime(2026, 11, 25, 9, tzinfo=UTC)


async def test_tick_fetches_and_notifies_coordinators_once(
    tmp_path: Path, migrated_sqlite_url: str
) -> None:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    async with FeedServer() as feeds, LocalBotApi() as api:
        feeds.fixture("/boe.xml", "rss/boe.xml")
        feeds.static("/cf.xml", b"<html><title>Just a moment...</title>cf-chl-</html>", status=403)
        api.world.add_user(COORDINATOR, "Coordinator")
        settings = local_settings(
            api,
            url,
            {
                "telegram": {"admin_ids": [COORDINATOR]},
                "schedule": {"tick_seconds": 1},
                "sources": [
                    {"id": "boe", "kind": "rss", "url": feeds.url("/boe.xml"), "language": "es"},
                    {"id": "guarded", "kind": "rss", "url": feeds.url("/cf.xml"), "min_items": 5},
                ],
            },
        )
        # Every look at the clock is six hours later, so backoff and the day-long incident
        # threshold pass within a few real ticks.
        times = (START + timedelta(hours=6 * n) for n in itertools.count())
        async with LocalBot(api, settings, clock=lambda: next(times), fetch=True, first_tick=0.05):
            # Notices go through the outbox, so the incident's notice and a later escalation
            # may arrive in either order.
            await api.sim.wait_until(
                lambda: any(
                    (m.text or "").startswith("⚠️") for m in api.world.messages_in(COORDINATOR)
                ),
                within=15,
            )
        notices = [m.text or "" for m in api.world.messages_in(COORDINATOR)]
        # One notice per incident; the clock racing by days may add the one-day escalation,
        # also only once.
        first = [n for n in notices if n.startswith("⚠️")]
        assert len(first) == 1
        assert "guarded" in first[0]
        assert "anti-bot challenge" in first[0]
        assert len([n for n in notices if n.startswith("🚨")]) <= 1
        assert len(notices) == len(first) + len([n for n in notices if n.startswith("🚨")])
        db = Database.from_url(url)
        try:
            async with db.transaction() as session:
                stored = await session.scalar(select(func.count()).select_from(OpportunityRow))
        finally:
            await db.dispose()
        assert stored == 2
