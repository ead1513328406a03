"""A real python-telegram-bot Application against the local server (socket and in-process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    TypeHandler,
)
from telegram.request import HTTPXRequest

from bot.sandbox.localapi import FloodLimits, LocalBotApi, render


def build(api: LocalBotApi) -> Application:  # type: ignore[type-arg]
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(
            "<b>Welcome</b>, pick one",
            parse_mode="HTML",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]]),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"You pressed {query.data}")

    async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        api.sim.mark_processed(update.update_id)

    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(TypeHandler(Update, done), group=99)
    return app


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        server.world.add_user(1000, "Ana", language_code="ro")
        yield server


async def test_polling_application_over_a_socket(api: LocalBotApi) -> None:
    app = build(api)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=2)
        await app.start()
        await api.sim.send(1000, "/start")
        await api.sim.settle()
        welcome = api.sim.last(1000)
        assert welcome.text == "Welcome, pick one"
        assert welcome.entities == [{"type": "bold", "offset": 0, "length": 7}]
        await api.sim.press(1000, welcome, "go")
        await api.sim.settle()
        assert api.sim.last(1000).text == "You pressed go"
        await app.updater.stop()
        await app.stop()
    assert render(api.world.transcript) == (
        "Ana: /start\n\nINEXA Alliance: Welcome, pick one\n    [ Go ]\n\n"
        "Ana presses [Go]\nINEXA Alliance: (edited) You pressed go\n"
    )
    methods = [name for name, _ in api.world.calls]
    assert {"getme", "deletewebhook", "getupdates", "answercallbackquery"} <= set(methods)


async def test_errors_surface_as_ptb_exceptions(api: LocalBotApi) -> None:
    bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
    async with bot:
        api.sim.fail_next(
            "sendMessage", code=429, description="Too Many Requests: retry after 3", retry_after=3
        )
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(1000, "x")
        assert flood.value.retry_after in (3, timedelta(seconds=3))
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(
                1000,
                "x",
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("b", callback_data="é" * 33)]]
                ),
            )
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(1000, "x" * 5000)
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(4242, "x")
        api.world.add_group(-77, "Group", admins=(1000,))
        await api.sim.migrate(-77, -10077)
        with pytest.raises(ChatMigrated) as moved:
            await bot.send_message(-77, "x")
        assert moved.value.new_chat_id == -10077
        await api.sim.block(1000)
        with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
            await bot.send_message(1000, "x")


async def test_real_flood_limit_raises_retry_after() -> None:
    async with LocalBotApi(flood=FloodLimits(chat_burst=2)) as api:
        api.world.add_user(1000, "Ana")
        bot = Bot(api.token, base_url=api.base_url)
        async with bot:
            await bot.send_message(1000, "1")
            await bot.send_message(1000, "2")
            with pytest.raises(RetryAfter):
                await bot.send_message(1000, "3")


async def test_in_process_transport_without_sockets() -> None:
    api = LocalBotApi()
    api.world.add_user(1000, "Ana")

    def request() -> HTTPXRequest:
        return HTTPXRequest(httpx_kwargs={"transport": api.transport()})

    bot = Bot(
        api.token, base_url="http://local/bot", request=request(), get_updates_request=request()
    )
    async with bot:
        me = await bot.get_me()
        assert me.username == "inexa_test_bot"
        sent = await bot.send_message(1000, "<i>hi</i>", parse_mode="HTML")
        assert sent.text == "hi"
        mark = len(api.world.calls)
        poll = asyncio.create_task(bot.get_updates(timeout=3))
        await api.sim.wait_until(lambda: "getupdates" in {n for n, _ in api.world.calls[mark:]})
        await api.sim.send(1000, "hello")
        updates = await poll
        assert updates[0].message is not None
        assert updates[0].message.text == "hello"


async def test_two_pollers_conflict(api: LocalBotApi) -> None:
    async with httpx.AsyncClient(base_url=api.base_url.removesuffix("/bot")) as client:
        first = asyncio.create_task(
            client.post(f"/bot{api.token}/getUpdates", data={"timeout": "3"})
        )
        await api.sim.wait_until(lambda: any(n == "getupdates" for n, _ in api.world.calls))
        second = asyncio.create_task(
            client.post(f"/bot{api.token}/getUpdates", data={"timeout": "0"})
        )
        older = await first
        await second
    assert older.status_code == 409
    assert older.json()["description"].startswith(
        "Conflict: terminated by other getUpdates request"
    )
