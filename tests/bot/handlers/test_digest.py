"""/digest end to end: sources fetched into the database, a member's preview digest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.buttons.onboarding import ConsentYes, Country, OrgNameSkip, OrgType, Topic
from bot.db.session import Database
from bot.jobs.fetch import fetch_due
from bot.sandbox.localapi import LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings
from feeds.http import Fetcher
from tests.feeds.feedserver import FeedServer

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANA = 1000


async def test_digest_preview_lists_matching_calls(
    tmp_path: Path, migrated_sqlite_url: str
) -> None:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    async with FeedServer() as feeds, LocalBotApi() as api:
        feeds.fixture("/boe.xml", "rss/boe.xml")
        feeds.fixture("/mfe.xml", "rss/mfe.xml")
        feeds.fixture("/erasmus.xml", "rss/erasmus.xml")
        sources = [
            {"id": "es-boe", "kind": "rss", "url": feeds.url("/boe.xml"), "language": "es"},
            {"id": "ro-mfe", "kind": "rss", "url": feeds.url("/mfe.xml"), "language": "ro",
             "exclude": ["lista plăților"]},
            {"id": "erasmus", "kind": "rss", "url": feeds.url("/erasmus.xml"),
             "programme": "erasmus-plus"},
        ]  # fmt: skip
        settings = local_settings(api, url, {"sources": sources})
        api.world.add_user(ANA, "Ana", language_code="en")
        async with LocalBot(api, settings, clock=lambda: NOW):
            db = Database.from_url(url)
            try:
                async with Fetcher.create() as fetcher:
                    reports = await fetch_due(db, settings, clock=lambda: NOW, fetcher=fetcher)
                assert all(r.error is None for r in reports)
            finally:
                await db.dispose()
            sim = api.sim
            await sim.send(ANA, "/start")
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), ConsentYes().data)
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), OrgNameSkip().data)
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), Country("RO").data)
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), OrgType("ngo").data)
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), Topic("vet", True).data)
            await sim.settle()
            await sim.send(ANA, "/digest")
            await sim.settle()
            digest = sim.last(ANA)
        text, entities = digest.text or "", digest.entities
        assert "Your funding digest (preview)" in text
        assert "Lansare apel de proiecte PEO" in text
        assert "2027 Erasmus+ Call for proposals published" in text
        assert "topic: Vocational training and skills" in text
        assert "Results of the 2026 Jean Monnet" not in text  # no topic of hers
        assert any(e["type"] == "text_link" for e in entities)
