"""``inexa-bot demo``: the local Bot API server, the real bot, a scripted member, a transcript.

Needs no token and no network; runs on a temporary SQLite database and finishes in seconds.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bot.buttons.onboarding import (
    ConsentYes,
    Country,
    CountryZone,
    InterestsDone,
    KeywordsDone,
    OrgType,
    Programme,
    Topic,
)
from bot.buttons.workshops import (
    CalendarFile,
    DraftAtStart,
    DraftLanguage,
    DraftSkip,
    DraftTopic,
    DraftTopicsDone,
    Publish,
    Rsvp,
)
from bot.callbacks import VERSION
from bot.core.clock import utc_now
from bot.db.session import Database
from bot.jobs.fetch import fetch_due
from bot.sandbox.demofeeds import DemoFeeds
from bot.sandbox.localapi import LocalBotApi, StoredMessage, render
from bot.sandbox.localrun import LocalBot, local_settings
from feeds.http import Fetcher

MEMBER_ID = 1000
COORDINATOR_ID = 9000
NAMES = {"en": "Ana", "ro": "Ana", "es": "Lucía"}
ORGS = {
    "en": "Inclusion Works Association",
    "ro": "Asociația Pro Incluziune",
    "es": "Asociación Inclusión Activa",
}
COUNTRIES = {"en": "RO", "ro": "RO", "es": "ES"}


async def run_demo(*, language: str = "en") -> str:
    """Play the member's conversation and return the readable transcript."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="inexa-demo-") as workdir:
        database_url = f"sqlite+aiosqlite:///{Path(workdir) / 'demo.sqlite3'}"
        async with DemoFeeds() as feeds, LocalBotApi() as api:
            sim = api.sim
            api.world.add_user(MEMBER_ID, NAMES[language], language_code=language)
            api.world.add_user(COORDINATOR_ID, "Carmen", language_code=language)
            settings = local_settings(
                api,
                database_url,
                {
                    "sources": feeds.sources(),
                    "telegram": {"admin_ids": [COORDINATOR_ID]},
                    "schedule": {"tick_seconds": 1},
                },
            )
            async with LocalBot(api, settings, first_tick=0.2):
                # The same fetch the scheduler runs, against the bundled sample feeds.
                db = Database.from_url(database_url)
                try:
                    async with Fetcher.create() as fetcher:
                        reports = await fetch_due(db, settings, clock=utc_now, fetcher=fetcher)
                finally:
                    await db.dispose()
                fetched = sum(r.stored.new for r in reports if r.stored)
                await sim.send(MEMBER_ID, "/start")
                await sim.settle()
                welcome = sim.last(MEMBER_ID)
                await sim.press(MEMBER_ID, welcome, ConsentYes().data)
                await sim.settle()
                await sim.send(MEMBER_ID, ORGS[language])
                await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), Country(COUNTRIES[language]).data)
                await sim.settle()
                # Spain has two time zones: the member is on the peninsula (the first).
                madrid = CountryZone(COUNTRIES[language], 0).data
                if any(b.get("callback_data") == madrid for b in sim.last(MEMBER_ID).buttons()):
                    await sim.press(MEMBER_ID, sim.last(MEMBER_ID), madrid)
                    await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), OrgType("ngo").data)
                await sim.settle()
                for topic in ("vet", "social-inclusion", "employment"):
                    await sim.press(MEMBER_ID, sim.last(MEMBER_ID), Topic(topic, True).data)
                    await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), InterestsDone("t").data)
                await sim.settle()
                for programme in ("esf-plus", "erasmus-plus"):
                    await sim.press(MEMBER_ID, sim.last(MEMBER_ID), Programme(programme, True).data)
                    await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), InterestsDone("p").data)
                await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), KeywordsDone().data)
                await sim.settle()
                await sim.send(MEMBER_ID, "/digest")
                await sim.settle()
                digest = sim.last(MEMBER_ID)
                stars = [b for b in digest.buttons() if str(b.get("text", "")).startswith("⭐")]
                if stars:
                    await sim.press(MEMBER_ID, digest, str(stars[0]["callback_data"]))
                    await sim.settle()
                    await sim.send(MEMBER_ID, "/following")
                    await sim.settle()
                await _workshop(api)
                await sim.send(MEMBER_ID, "/help")
                await sim.settle()
            transcript = render(api.world.transcript, compact=True)
    elapsed = time.monotonic() - started
    header = (
        "INEXA Alliance bot: offline demo\n"
        "A local Bot API server plays Telegram; the real bot runs against it on a temporary\n"
        f"database, with {fetched} opportunities fetched from bundled sample feeds.\n"
        f"Member: {NAMES[language]} ({language}).\n" + "=" * 78 + "\n"
    )
    footer = "=" * 78 + f"\nDemo finished in {elapsed:.1f} s. Run it for real: see README.md.\n"
    return header + transcript + footer


async def _workshop(api: LocalBotApi) -> None:
    """A coordinator creates and publishes a workshop; the member answers Going."""
    sim = api.sim
    start = (utc_now() + timedelta(days=8)).strftime("%Y-%m-%d 10:00")
    steps = [
        "/newworkshop",
        "Writing a winning ESF+ application",
        "Budget, partners and impact indicators, with examples from funded projects.",
        start,
        "2h",
        "INEXA hub, Iași | https://meet.example.org/esf-clinic",
    ]
    for text in steps:
        await sim.send(COORDINATOR_ID, text)
        await sim.settle()
    for data in (DraftLanguage("en").data,):
        await sim.press(COORDINATOR_ID, sim.last(COORDINATOR_ID), data)
        await sim.settle()
    await sim.send(COORDINATOR_ID, "25")
    await sim.settle()
    for data in (
        DraftTopic("vet", True).data,
        DraftTopicsDone().data,
        DraftAtStart().data,
        DraftSkip("related").data,
    ):
        await sim.press(COORDINATOR_ID, sim.last(COORDINATOR_ID), data)
        await sim.settle()
    preview = sim.last(COORDINATOR_ID)
    publish = next(
        str(b["callback_data"])
        for b in preview.buttons()
        if str(b.get("callback_data", "")).startswith(f"{VERSION}{Publish.PREFIX}:")
    )
    await sim.press(COORDINATOR_ID, preview, publish)
    await sim.settle()

    def announced() -> StoredMessage | None:
        for message in reversed(api.world.messages_in(MEMBER_ID, from_bot=True)):
            for button in message.buttons():
                if str(button.get("callback_data", "")).startswith(f"{VERSION}{Rsvp.PREFIX}:"):
                    return message
        return None

    await sim.wait_until(lambda: announced() is not None, within=20)
    card = announced()
    assert card is not None
    going = next(
        str(b["callback_data"])
        for b in card.buttons()
        if str(b.get("callback_data", "")).endswith(":g")
    )
    await sim.press(MEMBER_ID, card, going)
    await sim.settle()
    calendar = next(
        str(b["callback_data"])
        for b in card.buttons()
        if str(b.get("callback_data", "")).startswith(f"{VERSION}{CalendarFile.PREFIX}:")
    )
    await sim.press(MEMBER_ID, card, calendar)
    await sim.settle()
    workshop_id = going.split(":")[1]
    await sim.send(COORDINATOR_ID, f"/attendees {workshop_id}")
    await sim.settle()
