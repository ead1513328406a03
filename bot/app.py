"""Composition root: settings in, a ready PTB Application out. Reads top to bottom."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Literal

from telegram import BotCommand, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot import commands, handlers, menus
from bot.config import Settings
from bot.context import BotData, Ctx, Runtime
from bot.core.clock import Clock, utc_now
from bot.core.i18n import Catalogs
from bot.db import migrate
from bot.db.lock import single_process_guard
from bot.db.session import Database, redact
from bot.delivery.pacing import ChatPacer
from bot.jobs import ticks
from bot.web.metrics import Metrics
from bot.web.server import ALLOWED_UPDATES, WebServer

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


Mode = Literal["polling", "webhook", "worker"]


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    *,
    mode: Mode = "polling",
    upgrade: bool = False,
    clock: Clock = utc_now,
    started: asyncio.Event | None = None,
    fetch: bool = True,
    configure: Callable[[App], None] | None = None,
    first_tick: float = 5.0,
    pacing_scale: float | None = 1.0,
    sender_scale: float = 1.0,
) -> None:
    """Run the bot until ``stop`` is set. Used by ``run``, ``serve``, ``worker`` and ``demo``.

    ``polling``: long polling (one process; SQLite's default). ``webhook``: Telegram calls the
    web server, which also answers health checks and metrics. ``worker``: scheduled work and
    the outbox only, no updates (the web server answers health checks and metrics).
    ``sender_scale`` divides the outbox sender's waits (pacing, retries, its idle poll); tests
    raise it so paced deliveries take milliseconds.
    """
    with single_process_guard(settings):
        db = await open_database(settings, upgrade=upgrade)
        try:
            catalogs = Catalogs(settings.i18n.languages, settings.i18n.default_language)
            runtime = Runtime.build(settings, db, catalogs, clock)
            app = build_application(runtime, pacing_scale=pacing_scale)
            metrics = Metrics()
            app.bot_data.metrics = metrics
            instrument(app, metrics)
            if configure is not None:
                configure(app)
            await _serve_app(
                app,
                settings,
                stop,
                started,
                mode=mode,
                fetch=fetch,
                first_tick=first_tick,
                sender_scale=sender_scale,
            )
        finally:
            await db.dispose()


def instrument(app: App, metrics: Metrics, monotonic: Callable[[], float] = time.monotonic) -> None:
    """Count every update by type and time it across all handler groups."""
    started: dict[int, float] = {}

    async def begin(update: Update, context: Ctx) -> None:
        if len(started) > 10_000:  # an update that never reached the end (a handler stopped it)
            started.pop(next(iter(started)))
        started[update.update_id] = monotonic()

    async def end(update: Update, context: Ctx) -> None:
        begun = started.pop(update.update_id, None)
        if begun is not None:
            metrics.record_update(update_type(update), monotonic() - begun)

    app.add_handler(TypeHandler(Update, begin), group=-1_000)
    app.add_handler(TypeHandler(Update, end), group=999)


def update_type(update: Update) -> str:
    """``command``, ``text``, ``button``, ``membership`` or ``other``."""
    if update.callback_query is not None:
        return "button"
    if update.my_chat_member is not None:
        return "membership"
    message = update.effective_message
    if message is not None and message.text:
        return "command" if message.text.startswith("/") else "text"
    return "other"


async def _serve_app(
    app: App,
    settings: Settings,
    stop: asyncio.Event,
    started: asyncio.Event | None,
    *,
    mode: Mode,
    fetch: bool,
    first_tick: float,
    sender_scale: float,
) -> None:
    async with app:
        if mode != "worker":
            await _post_init(app)
        ticks.schedule(app, fetch=fetch, first=first_tick)
        web: WebServer | None = None
        if mode == "polling":
            if app.updater is None:  # pragma: no cover - ApplicationBuilder always makes one
                raise RuntimeError("the application has no updater")
            await app.updater.start_polling(
                timeout=settings.telegram.poll_timeout,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
            if settings.web.public_url is not None:
                # Calendar feeds (and health checks) beside long polling: [web]'s address.
                web = WebServer(
                    app, settings, webhook=False, address=(settings.web.listen, settings.web.port)
                )
                await web.start()
        else:
            web = WebServer(app, settings, webhook=mode == "webhook")
            await web.start()
        app.bot_data.web = web
        await app.start()
        sender = ticks.make_sender(app, time_scale=sender_scale)
        app.bot_data.sender = sender
        # Queuing wakes the sender; the idle poll only picks up deferred rows (at most ten
        # polls a second, however fast the sender is scaled).
        idle = max(0.1, 1.0 / sender_scale)
        sending = asyncio.create_task(sender.run(stop, idle=idle), name="outbox:sender")
        log.info("bot @%s is running (%s)", app.bot.username, mode)
        try:
            if started is not None:
                started.set()
            await stop.wait()
        finally:
            stop.set()
            await sending
            app.bot_data.sender = None
            app.bot_data.web = None
            if web is not None:
                await web.stop()
        if mode == "polling" and app.updater is not None:
            await app.updater.stop()
        await app.stop()
