"""Pacing of every Bot API call the bot makes: Telegram's per-chat limits hold for replies too.

The outbox sender paces broadcasts itself, but the bot's own answers (a reply per message, an
edit per button press) went out as fast as a member typed: a dozen messages in a few seconds
made Telegram answer 429, and the apology failed as well. :class:`ChatPacer` is PTB's
``AIORateLimiter`` (overall 30 per second; a 429 is waited out and the call retried) plus a
leaky bucket per chat for the calls that post or edit a message:

* a private chat takes a short burst (``PRIVATE_BURST``), then one message per
  ``delivery.private_interval`` seconds (1.05 by default: Telegram allows about one per second);
* a group takes one message per ``delivery.group_interval`` seconds (3.1: at most 20 a minute).

Calls that only read (``getChatMember``) or answer a button press (no ``chat_id``) are not
held back. ``time_scale`` shrinks the intervals for a local Bot API server whose limits are
scaled the same way (tests); ``None`` turns per-chat pacing off (a local server without
flood control).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.config import DeliverySettings

#: Messages a private chat may get back to back before the steady rate applies.
PRIVATE_BURST = 3
#: Attempts after a 429 before the call fails (each waits ``retry_after``).
MAX_RETRIES = 3
#: Bot API methods that post or change a message, and so count against a chat's limit.
_POSTING = ("send", "edit", "copy", "forward")
#: Idle chats' buckets are dropped beyond this many.
_KEEP = 1024


class ChatPacer(AIORateLimiter):
    """``AIORateLimiter`` with Telegram's per-chat limits for messages and edits."""

    def __init__(self, delivery: DeliverySettings, *, time_scale: float | None = 1.0) -> None:
        # PTB's own group limiter is a bucket of 20 that allows a burst of 20 and then one
        # every 3 s (more than 20 in a minute); groups are paced below instead.
        super().__init__(group_max_rate=0, max_retries=MAX_RETRIES)
        self._scale = time_scale
        self._private_period = PRIVATE_BURST * delivery.private_interval
        self._group_period = delivery.group_interval
        self._chats: dict[int | str, AsyncLimiter] = {}

    def _limiter(self, endpoint: str, chat_id: object) -> AsyncLimiter | None:
        if self._scale is None or chat_id is None or not endpoint.startswith(_POSTING):
            return None
        key: int | str
        try:
            key = int(str(chat_id))
        except ValueError:
            key = str(chat_id)  # @channelusername
        limiter = self._chats.get(key)
        if limiter is None:
            if len(self._chats) >= _KEEP:
                self._forget_idle()
            group = not isinstance(key, int) or key < 0
            limiter = (
                AsyncLimiter(1, self._group_period / self._scale)
                if group
                else AsyncLimiter(PRIVATE_BURST, self._private_period / self._scale)
            )
            self._chats[key] = limiter
        return limiter

    def _forget_idle(self) -> None:
        for key, limiter in list(self._chats.items()):
            if limiter.has_capacity(limiter.max_rate):
                del self._chats[key]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat's turn, then let ``AIORateLimiter`` send (and retry on a 429)."""
        limiter = self._limiter(endpoint, data.get("chat_id"))
        if limiter is None:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        async with limiter:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
