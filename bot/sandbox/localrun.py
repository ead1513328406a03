"""The real bot, started exactly as ``inexa-bot run`` starts it, against the local Bot API server.

Used by ``inexa-bot demo`` and by the end-to-end tests: same code path (``bot.app.serve``),
pointed at the local server through ``base_url``.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from typing import Any, Self

from telegram import Update
from telegram.ext import TypeHandler

from bot.app import App, Mode, serve
from bot.config import Settings, parse_settings
from bot.context import Ctx
from bot.core.clock import Clock, utc_now
from bot.sandbox.localapi import LocalBotApi


def local_settings(
    api: LocalBotApi, database_url: str, overrides: dict[str, Any] | None = None
) -> Settings:
    """Settings pointing the bot at ``api`` and ``database_url`` (no environment involved)."""
    data: dict[str, Any] = dict(overrides or {})
    telegram = dict(data.get("telegram") or {})
    telegram.update(
        token=api.token, base_url=api.base_url, base_file_url=api.base_file_url, poll_timeout=2
    )
    data["telegram"] = telegram
    data["database"] = {**dict(data.get("database") or {}), "url": database_url}
    return parse_settings(data, source="local", environ={})


class LocalBot:
    """``async with LocalBot(api, settings): ...`` runs the bot until the block ends.

    ``sender_scale`` divides the outbox sender's waits (tests: milliseconds instead of seconds);
    ``first_tick`` is when the scheduled jobs first run.
    """

    def __init__(
        self,
        api: LocalBotApi,
        settings: Settings,
        *,
        clock: Clock = utc_now,
        fetch: bool = False,
        first_tick: float = 5.0,
        mode: Mode = "polling",
        sender_scale: float = 1.0,
    ) -> None:
        self.api = api
        self.mode = mode
        self.settings = settings
        self.clock = clock
        self.fetch = fetch
        self.first_tick = first_tick
        self.sender_scale = sender_scale
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.app: App | None = None

    def _configure(self, app: App) -> None:
        self.app = app

        async def processed(update: Update, context: Ctx) -> None:
            self.api.sim.mark_processed(update.update_id)

        # The last group runs after every other handler finished with the update, so the
        # simulator knows exactly when the bot is done (no sleeping in tests).
        app.add_handler(TypeHandler(Update, processed), group=1_000)

    def _pacing_scale(self) -> float | None:
        """Pace replies on the server's (possibly scaled) clock; not at all without flood
        control, so functional tests run at full speed."""
        limits = self.api.world.flood.limits
        return limits.time_scale if limits.enabled else None

    async def start(self) -> None:
        """Start the bot (polling, webhook or worker); returns once it is ready."""
        started = asyncio.Event()
        self._task = asyncio.create_task(
            serve(
                self.settings,
                self._stop,
                mode=self.mode,
                upgrade=True,
                clock=self.clock,
                started=started,
                fetch=self.fetch,
                configure=self._configure,
                first_tick=self.first_tick,
                pacing_scale=self._pacing_scale(),
                sender_scale=self.sender_scale,
            )
        )
        waiter = asyncio.create_task(started.wait())
        done, _ = await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            waiter.cancel()
            self._task.result()
            raise RuntimeError("the bot stopped while starting")

    async def stop(self) -> None:
        """Stop the bot and close the database."""
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
