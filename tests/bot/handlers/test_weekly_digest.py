"""The weekly digest end to end: due at the member's local time, queued, paced out, reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.feeds.feedserver import FeedServer
from tests.harness import ANA, COORDINATOR, Clock, running_env

WEDNESDAY = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
MONDAY_9_BUCHAREST = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
PEOPLE = {ANA: ("Ana", "ro"), COORDINATOR: ("Coordinator", None)}


async def test_weekly_digest_arrives_at_the_members_time_once(migrated_sqlite_url: str) -> None:
    clock = Clock(WEDNESDAY)
    async with FeedServer() as feeds:
        feeds.fixture("/mfe.xml", "rss/mfe.xml")
        feeds.fixture("/erasmus.xml", "rss/erasmus.xml")
        sources = [
            {"id": "ro-mfe", "kind": "rss", "url": feeds.url("/mfe.xml"), "language": "ro"},
            {"id": "erasmus", "kind": "rss", "url": feeds.url("/erasmus.xml")},
        ]
        async with running_env(
            migrated_sqlite_url, people=PEOPLE, overrides={"sources": sources}, clock=clock
        ) as env:
            await env.run_job("fetch")
            await env.onboard(ANA, "vet")
            before = len(env.bot_messages(ANA))
            # Sunday evening: not yet.
            clock.now = MONDAY_9_BUCHAREST - timedelta(hours=12)
            await env.run_job("digests")
            assert await env.queued() == 0
            assert len(env.bot_messages(ANA)) == before
            # Monday 09:00 in Bucharest: the digest goes out, and the coordinators get a report.
            clock.now = MONDAY_9_BUCHAREST
            await env.run_job("digests")
            assert len(env.bot_messages(ANA)) == before + 1
            await env.run_job("reports")
            digest = env.bot_messages(ANA)[-1]
            report = env.bot_messages(COORDINATOR)[-1]
            # The same slot again sends nothing more.
            await env.run_job("digests")
            assert len(env.bot_messages(ANA)) == before + 1
            # A week later nothing new matches: a short note, not the same calls again.
            clock.now = MONDAY_9_BUCHAREST + timedelta(days=7)
            await env.run_job("digests")
            second = env.bot_messages(ANA)[-1]
            assert len(env.bot_messages(ANA)) == before + 2
    assert "Buletinul tău de finanțări" in (digest.text or "")
    assert "Lansare apel de proiecte PEO" in (digest.text or "")
    assert "previzualizare" not in (digest.text or "")
    assert "1 recipient, 1 message sent, 0 failed, 0 members paused" in (report.text or "")
    assert (report.text or "").startswith("📬 Run #1 (weekly digest)")
    assert "Lansare apel" not in (second.text or "")
    assert "nu e nimic nou" in (second.text or "")
