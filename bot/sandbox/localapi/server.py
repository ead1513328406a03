"""Run the local Bot API server on 127.0.0.1 (real HTTP, real long polling) or in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType
from typing import Self

import httpx
import uvicorn

from bot.sandbox.localapi.app import create_app
from bot.sandbox.localapi.controls import Simulator
from bot.sandbox.localapi.flood import FloodLimits
from bot.sandbox.localapi.state import World
from bot.sandbox.localapi.webhook import WebhookDelivery


class LocalBotApi:
    """A local Bot API server: ``async with LocalBotApi() as api: ... api.base_url ...``."""

    def __init__(
        self,
        *,
        flood: FloodLimits | None = None,
        token: str = "123456:TEST-local-bot-api-token",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.world = World(token=token, flood=flood or FloodLimits(enabled=False))
        self.sim = Simulator(self.world)
        self.app = create_app(self.world)
        self.host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.webhooks = WebhookDelivery(self.world)

    @property
    def token(self) -> str:
        """The bot token this server accepts."""
        return self.world.token

    @property
    def port(self) -> int:
        """The TCP port (known once started)."""
        if self._server is None or not self._server.servers:
            raise RuntimeError("the server is not running")
        sockets = self._server.servers[0].sockets
        return int(sockets[0].getsockname()[1])

    @property
    def base_url(self) -> str:
        """What to give PTB as ``base_url`` (the token is appended)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What to give PTB as ``base_file_url``."""
        return f"http://{self.host}:{self.port}/file/bot"

    def transport(self) -> httpx.ASGITransport:
        """An in-process transport: PTB talks to the app without sockets."""
        return httpx.ASGITransport(app=self.app)

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one)."""
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self._port,
            log_level="warning",
            lifespan="off",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        self.webhooks.start()
        while not self._server.started:
            if self._task.done():
                self._task.result()  # re-raise the start-up failure
                raise RuntimeError("the local Bot API server stopped while starting")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Stop listening (long polls in flight are cut)."""
        await self.webhooks.stop()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self.world.notify_change()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, 5)
        self._server = None
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


logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
