"""The web server beside the bot: uvicorn serving :func:`bot.web.app.create_web_app`.

In ``webhook`` mode it also tells Telegram where to send updates (``setWebhook`` with the
secret token, ``drop_pending_updates`` off so nothing queued during a deploy is lost, and
``allowed_updates`` limited to what the handlers use). The webhook is never deleted on stop:
with several instances behind a load balancer, one instance stopping must not cut the
others off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any

import uvicorn
from telegram.ext import Application

from bot.config import Settings
from bot.context import Runtime
from bot.services.calendar import FeedBody
from bot.services.health import Health
from bot.web.app import FeedSource, create_web_app

log = logging.getLogger(__name__)

#: The update types the handlers act on (anything else is not even sent to us).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the process's stop event decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """Start and stop the web server (and register the webhook) for one application."""

    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        settings: Settings,
        *,
        webhook: bool,
        address: tuple[str, int] | None = None,
    ) -> None:
        self.app = app
        self.settings = settings
        self.webhook = webhook
        #: Where to listen: ``[webhook]``'s listen and port unless given (``run``: ``[web]``'s).
        self.address = address or (settings.webhook.listen, settings.webhook.port)
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The TCP port it listens on (known once started; port 0 picks a free one)."""
        if self._server is None or not self._server.servers:
            raise RuntimeError("the web server is not running")
        return int(self._server.servers[0].sockets[0].getsockname()[1])

    async def start(self) -> None:
        """Listen, then (webhook mode) register the webhook with Telegram."""
        runtime = self.app.bot_data.runtime
        hook = self.settings.webhook
        secret = hook.secret_token.get_secret_value() if hook.secret_token else None
        if self.webhook and (hook.url is None or secret is None):
            raise ValueError("webhook mode needs webhook.url and webhook.secret_token")
        health = Health(runtime.db, self.app.bot.get_me, monotonic=time.monotonic)
        web_app = create_web_app(
            health=health,
            metrics=self.app.bot_data.metrics,
            clock=runtime.clock,
            application=self.app if self.webhook else None,
            webhook_path=hook.path,
            secret_token=secret,
            feeds=self._feeds() if self.settings.web.public_url else None,
        )
        host, port = self.address
        config = uvicorn.Config(
            web_app,
            host=host,
            port=port,
            log_config=None,
            lifespan="off",
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(), name="web:server")
        while not self._server.started:
            if self._task.done():
                self._task.result()  # re-raise why it could not start (port taken...)
                raise RuntimeError(f"the web server could not listen on {host}:{port}")
            await asyncio.sleep(0.01)
        log.info("web server listening on %s:%s", host, self.port)
        if self.webhook:
            await self.app.bot.set_webhook(
                url=str(hook.url),
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
                max_connections=hook.max_connections,
            )
            log.info("webhook registered at %s", hook.url)

    def _feeds(self) -> FeedSource:
        """Members' calendar feeds, on the application's clock."""
        runtime: Runtime = self.app.bot_data.runtime

        async def source(token: str) -> FeedBody | None:
            return await runtime.calendar.feeds.serve(token, now=runtime.clock())

        return source

    async def stop(self) -> None:
        """Stop listening (requests in flight get a few seconds to finish)."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        self._server = None
        self._task = None
