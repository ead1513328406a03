"""Composition root: settings in, a ready PTB Application out. Reads top to bottom."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot import commands, handlers, menus
from bot.config import Settings
from bot.context import BotData, Runtime
from bot.core.clock import Clock, utc_now
from bot.core.i18n import Catalogs
from bot.db import migrate
from bot.db.session import Database, redact
from bot.delivery.pacing import ChatPacer
from bot.jobs import ticks

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, BotData, Any]


class SchemaOutOfDate(Exception):
    """The database is behind (or ahead of) the code; the message says what to run."""


async def open_database(settings: Settings, *, upgrade: bool) -> Database:
    """Connect, then make sure the schema matches the code (upgrading when asked)."""
    db = Database.from_url(settings.database_url, echo=settings.database.echo)
    try:
        status = await migrate.schema_status(db.engine)
        if not status.up_to_date:
            if upgrade:
                log.info("upgrading the database schema %s -> %s", status.current, status.head)
                await migrate.upgrade(db.engine)
            else:
                at = status.current or "empty"
                raise SchemaOutOfDate(
                    f"the database ({redact(settings.database_url)}) is at revision {at}, "
                    f"the code needs {status.head}. Run `inexa-bot db upgrade` "
                    "(or start with `inexa-bot run --migrate`)."
                )
    except BaseException:
        await db.dispose()
        raise
    return db


async def _post_init(app: App) -> None:
    """Register the command menu in every enabled language."""
    catalogs = app.bot_data.runtime.catalogs
    default = [BotCommand(n, d) for n, d in commands.localized(catalogs, catalogs.default)]
    await app.bot.set_my_commands(default)
    for language in catalogs.languages:
        pairs = commands.localized(catalogs, language)
        await app.bot.set_my_commands([BotCommand(n, d) for n, d in pairs], language_code=language)
    runtime = app.bot_data.runtime
    for user_id in await runtime.coordinators.user_ids():
        await menus.show_coordinator_menu(app.bot, catalogs, user_id)


def build_application(runtime: Runtime, *, pacing_scale: float | None = 1.0) -> App:
    """The PTB application, wired to ``runtime``; not started.

    Every call goes through :class:`~bot.delivery.pacing.ChatPacer`, so replies respect Telegram's
    per-chat limits (``pacing_scale``: see there; tests scale it with their local server).
    """
    telegram = runtime.settings.telegram
    token = runtime.settings.token
    if token is None:
        raise ValueError("a token is required to build the application")
    app: App = (
        ApplicationBuilder()
        .token(token)
        .base_url(telegram.base_url)
        .base_file_url(telegram.base_file_url)
        .local_mode(telegram.local_mode)
        .rate_limiter(ChatPacer(runtime.settings.delivery, time_scale=pacing_scale))
        .context_types(ContextTypes(bot_data=BotData))
        .build()
    )
    app.bot_data.attach(runtime)
    handlers.register(app)
    return app


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    *,
    upgrade: bool = False,
    clock: Clock = utc_now,
    started: asyncio.Event | None = None,
    fetch: bool = True,
    configure: Callable[[App], None] | None = None,
    first_tick: float = 5.0,
    pacing_scale: float | None = 1.0,
    sender_scale: float = 1.0,
) -> None:
    """Run the bot with long polling until ``stop`` is set. Used by ``run`` and ``demo`` alike.

    ``sender_scale`` divides the outbox sender's waits (pacing, retries, its idle poll); tests
    raise it so paced deliveries take milliseconds.
    """
    db = await open_database(settings, upgrade=upgrade)
    try:
        catalogs = Catalogs(settings.i18n.languages, settings.i18n.default_language)
        runtime = Runtime.build(settings, db, catalogs, clock)
        app = build_application(runtime, pacing_scale=pacing_scale)
        if configure is not None:
            configure(app)
        await _serve_app(
            app,
            settings,
            stop,
            started,
            fetch=fetch,
            first_tick=first_tick,
            sender_scale=sender_scale,
        )
    finally:
        await db.dispose()


async def _serve_app(
    app: App,
    settings: Settings,
    stop: asyncio.Event,
    started: asyncio.Event | None,
    *,
    fetch: bool,
    first_tick: float,
    sender_scale: float,
) -> None:
    async with app:
        await _post_init(app)
        ticks.schedule(app, fetch=fetch, first=first_tick)
        if app.updater is None:  # pragma: no cover - ApplicationBuilder always makes one
            raise RuntimeError("the application has no updater")
        await app.updater.start_polling(
            timeout=settings.telegram.poll_timeout,
            allowed_updates=["message", "callback_query", "my_chat_member"],
            drop_pending_updates=False,
        )
        await app.start()
        sender = ticks.make_sender(app, time_scale=sender_scale)
        app.bot_data.sender = sender
        # Queuing wakes the sender; the idle poll only picks up deferred rows (at most ten
        # polls a second, however fast the sender is scaled).
        idle = max(0.1, 1.0 / sender_scale)
        sending = asyncio.create_task(sender.run(stop, idle=idle), name="outbox:sender")
        log.info("bot @%s is running", app.bot.username)
        try:
            if started is not None:
                started.set()
            await stop.wait()
        finally:
            stop.set()
            await sending
            app.bot_data.sender = None
        await app.updater.stop()
        await app.stop()
