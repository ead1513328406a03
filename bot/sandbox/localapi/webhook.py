"""Webhook delivery, as Telegram does it: POST each update to the bot's URL, in order, until 2xx.

While a webhook is set, queued updates are not offered to getUpdates (409, as on Telegram)
but POSTed one at a time, oldest first, with ``X-Telegram-Bot-Api-Secret-Token`` when the bot
set a secret. An answer other than 2xx (or no answer) keeps the update queued and is retried
after a short pause, and the failure shows in ``getWebhookInfo`` (``last_error_message``,
e.g. "Wrong response from the webhook: 403 Forbidden"), as on Telegram. One deliberate
difference: plain ``http://`` to a loopback address is accepted, so tests need no TLS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from http import HTTPStatus

import httpx

from bot.sandbox.localapi.state import World

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """The background task that POSTs queued updates while a webhook is set."""

    def __init__(self, world: World, *, retry_pause: float = 0.05) -> None:
        self.world = world
        self.retry_pause = retry_pause
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin delivering (idle while no webhook is set)."""
        self._task = asyncio.create_task(self._run(), name="localapi:webhook")

    async def stop(self) -> None:
        """Stop delivering; undelivered updates stay queued."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        async with httpx.AsyncClient(timeout=10.0) as client:
            while True:
                update = await self.world.next_webhook_update()
                url, secret = self.world.webhook_url, self.world.webhook_secret
                headers = {SECRET_HEADER: secret} if secret else {}
                try:
                    response = await client.post(url, json=update, headers=headers)
                except httpx.HTTPError as error:
                    self.world.webhook_failed(f"Connection failed: {type(error).__name__}")
                    await asyncio.sleep(self.retry_pause)
                    continue
                if 200 <= response.status_code < 300:
                    await self.world.webhook_delivered(update["update_id"])
                    continue
                phrase = _phrase(response.status_code)
                self.world.webhook_failed(
                    f"Wrong response from the webhook: {response.status_code} {phrase}"
                )
                await asyncio.sleep(self.retry_pause)


def _phrase(status: int) -> str:
    with contextlib.suppress(ValueError):
        return HTTPStatus(status).phrase
    return ""
