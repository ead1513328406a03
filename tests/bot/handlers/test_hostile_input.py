"""Hostile and careless input end to end (issue 12): numbers beyond 64 bits everywhere ids
are read, presses answered whatever happens, long input quoted short, a burst of messages
under Telegram's flood control."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.buttons.onboarding import InterestsDone, Keywords
from bot.buttons.settings import OpenPage, Page
from bot.callbacks import VERSION, button_kinds
from bot.context import Ctx
from bot.core.i18n import Catalogs
from bot.sandbox.localapi import FloodLimits, LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings
from tests.bot.handlers.conftest import ANA, BOGDAN, NOW, Env

COORDINATOR = 9000
HUGE = str(2**64)  # one past what any 64-bit id column holds
HUGER = "9" * 30
CATALOGS = Catalogs(["en", "ro", "es"], "en")


def _went_wrong(env: Env, *chats: int) -> list[str]:
    return [t for chat in chats for t in env.texts(chat) if "something went wrong" in t]


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_numbers_beyond_64_bits_never_reach_the_database(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    env.world.add_user(COORDINATOR, "Carmen", language_code="en")
    await env.onboard(BOGDAN, org="Asociația Pro Incluziune")
    # Deep links and command arguments.
    for number in (HUGE, HUGER):
        reply = await env.say(BOGDAN, f"/start ws{number}")
        assert "There is no such workshop." in (reply.text or "")
        for command in ("cancelworkshop", "editworkshop", "attendees"):
            reply = await env.say(COORDINATOR, f"/{command} {number}")
            assert "/workshops lists them" in (reply.text or ""), command
        reply = await env.say(COORDINATOR, f"/push {number}")
        assert "I found no opportunity" in (reply.text or "")
        for action in ("add", "remove"):
            reply = await env.say(COORDINATOR, f"/admins {action} {number}")
            assert "/admins add USER_ID" in (reply.text or "")
    reply = await env.say(COORDINATOR, "/stats " + "9" * 5000)  # beyond int()'s 4300 digits
    assert "/stats 7" in (reply.text or "")
    # Button data: every action, the huge number in every position.
    menu = await env.say(BOGDAN, "/settings")
    coordinator_menu = await env.say(COORDINATOR, "/admins")
    shapes = [(HUGE,), (HUGE, "1"), (HUGE, "g"), (HUGE, HUGE, "1"), ("t", "x", HUGE), ("1", HUGER)]
    # Legacy actions and typed buttons alike (no shape here is a valid destructive press).
    prefixes = sorted(button_kinds())
    for prefix in prefixes:
        for args in shapes:
            data = ":".join([VERSION + prefix, *args])
            await env.sim.forge_press(BOGDAN, menu, data)
            await env.sim.forge_press(COORDINATOR, coordinator_menu, data)
        await env.sim.settle(within=30)
    assert _went_wrong(env, BOGDAN, COORDINATOR) == []
    assert env.world.unanswered_queries == []  # no app left spinning
    assert _errors(caplog) == []


@pytest.fixture
async def raising(tmp_path: Path, migrated_sqlite_url: str) -> AsyncIterator[Env]:
    """The real bot with one extra button handler that fails before answering its press."""
    url = migrated_sqlite_url  # a copy of the session's migrated template
    async with LocalBotApi() as api:
        api.world.add_user(ANA, "Ana", language_code="ro")
        settings = local_settings(api, url)
        bot = LocalBot(api, settings, clock=lambda: NOW)
        async with bot:
            assert bot.app is not None

            async def boom(update: Update, context: Ctx) -> None:
                raise RuntimeError("a bug in a button handler")

            bot.app.add_handler(CallbackQueryHandler(boom, pattern="^boom$"), group=-1)
            from bot.db.session import Database

            db = Database.from_url(url)
            try:
                yield Env(api, settings, db)
            finally:
                await db.dispose()


async def test_an_unhandled_error_still_answers_the_press(
    raising: Env, caplog: pytest.LogCaptureFixture
) -> None:
    env = raising
    welcome = await env.say(ANA, "/start")
    with caplog.at_level(logging.ERROR):
        await env.sim.forge_press(ANA, welcome, "boom")
        await env.sim.settle()
    assert env.world.unanswered_queries == []
    popups = [e.text for e in env.world.transcript if e.kind == "answer"]
    apology = CATALOGS.get("ro").gettext(
        "Sorry, something went wrong on our side. Please try again in a minute."
    )
    assert apology in popups
    assert any("a bug in a button handler" in str(r.exc_info) for r in caplog.records)


async def test_a_long_keyword_is_quoted_short(env: Env) -> None:
    await env.onboard(ANA, org="Asociația Pro Incluziune")
    page = await env.say(ANA, "/topics")
    page = await env.tap(ANA, page, InterestsDone("t").data)
    page = await env.tap(ANA, page, OpenPage(Page.KEYWORDS).data)
    await env.tap(ANA, page, Keywords("i").data)
    for word in ("k" * 4000, "ș" * 4000 + "!"):
        reply = await env.say(ANA, word)
        text = reply.text or ""
        assert len(text) < 300
        assert "…" in text
    assert _went_wrong(env, ANA) == []


@pytest.fixture
async def flood_env(tmp_path: Path, migrated_sqlite_url: str) -> AsyncIterator[Env]:
    """Telegram's flood limits enforced by the local server (at 5x speed)."""
    url = migrated_sqlite_url  # a copy of the session's migrated template
    async with LocalBotApi(flood=FloodLimits(time_scale=5)) as api:
        api.world.add_user(ANA, "Ana", language_code="ro")
        settings = local_settings(api, url)
        async with LocalBot(api, settings, clock=lambda: NOW):
            from bot.db.session import Database

            db = Database.from_url(url)
            try:
                yield Env(api, settings, db)
            finally:
                await db.dispose()


async def test_a_burst_of_messages_gets_every_reply_within_flood_limits(
    flood_env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    env = flood_env
    for number in range(12):
        await env.sim.send(ANA, f"hello {number}?")
    await env.sim.settle(within=30)
    replies = env.world.messages_in(ANA, from_bot=True)
    assert len(replies) == 12
    assert all("/help" in (m.text or "") for m in replies)
    assert env.world.flood.rejected == 0  # paced before Telegram had to say 429
    assert _errors(caplog) == []
    assert not any("Flood control" in r.getMessage() for r in caplog.records)
