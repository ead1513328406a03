"""Following a call from the digest, /following, and the alert when its deadline moves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.buttons.digest import Follow
from bot.buttons.onboarding import ConsentYes, Country, OrgNameSkip, OrgType, Topic
from bot.callbacks import decode
from bot.db.session import Database
from bot.jobs.fetch import fetch_due
from bot.sandbox.localapi import LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings
from feeds.http import Fetcher
from tests.feeds.feedserver import DATA, FeedServer

ANA = 1000
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_follow_from_the_digest_then_get_an_alert(
    tmp_path: Path, migrated_sqlite_url: str
) -> None:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    atom = (DATA / "rss" / "atom.xml").read_bytes()
    async with FeedServer() as feeds, LocalBotApi() as api:
        feeds.static("/atom.xml", atom)
        sources = [{"id": "eacea", "kind": "rss", "url": feeds.url("/atom.xml")}]
        settings = local_settings(
            api,
            url,
            {
                "sources": sources,
                # 11:00 in Bucharest: outside the default quiet hours (21:00-08:00).
                "schedule": {"tick_seconds": 1},
            },
        )
        api.world.add_user(ANA, "Ana", language_code="en")
        async with (
            LocalBot(api, settings, clock=lambda: NOW, first_tick=0.05),
            Fetcher.create() as fetcher,
        ):
            db = Database.from_url(url)
            try:
                await fetch_due(db, settings, clock=lambda: NOW, fetcher=fetcher)
            finally:
                await db.dispose()
            sim = api.sim
            await sim.send(ANA, "/start")
            await sim.settle()
            await sim.press(ANA, sim.last(ANA), ConsentYes().data)
            await sim.settle()
            steps = [
                OrgNameSkip().data,
                Country(None).data,
                OrgType(None).data,
                Topic("community", True).data,
            ]
            for data in steps:
                await sim.press(ANA, sim.last(ANA), data)
                await sim.settle()
            empty = None
            await sim.send(ANA, "/following")
            await sim.settle()
            empty = sim.last(ANA).text
            await sim.send(ANA, "/digest")
            await sim.settle()
            digest = sim.last(ANA)
            star = next(b for b in digest.buttons() if str(b["text"]).startswith("⭐"))
            star_press = decode(str(star["callback_data"]))
            assert isinstance(star_press, Follow)
            star_id = star_press.opportunity_id
            await sim.press(ANA, digest, str(star["callback_data"]))
            await sim.settle()
            flipped = [b["text"] for b in api.world.message(ANA, digest.message_id).buttons()]  # type: ignore[union-attr]
            await sim.send(ANA, "/following")
            await sim.settle()
            listing = sim.last(ANA)
            listed, listed_buttons = listing.text or "", listing.buttons()  # edited below
            # The call's second cut-off moves at the source: followers are alerted.
            feeds.static("/atom.xml", atom.replace(b"2027-09-17", b"2027-10-01"))
            db = Database.from_url(url)
            try:
                await fetch_due(db, settings, clock=lambda: NOW, fetcher=fetcher, only=["eacea"])
            finally:
                await db.dispose()
            before = len(api.world.messages_in(ANA, from_bot=True))
            await sim.wait_until(
                lambda: len(api.world.messages_in(ANA, from_bot=True)) > before, within=10
            )
            alert = sim.last(ANA)
            # Unfollow on the /following list: the list redraws without the call.
            unfollow = next(b for b in listed_buttons if str(b["text"]).startswith("Unfollow"))
            await sim.press(ANA, listing, str(unfollow["callback_data"]))
            await sim.settle()
            redrawn = api.world.message(ANA, listing.message_id)
    assert "You follow no call yet" in (empty or "")
    assert "✅ 1" in flipped
    assert "CERV: call for proposals" in listed
    assert any(str(b["text"]).startswith("Unfollow") for b in listed_buttons)
    assert "A call you follow changed" in (alert.text or "")
    assert "The deadline moved" in (alert.text or "")
    assert "October 2027" in (alert.text or "")
    assert unfollow["callback_data"] == Follow(star_id, False, "l").data
    assert redrawn is not None
    assert "You follow no call yet" in (redrawn.text or "")
