"""Flood control like Telegram's: about 30 messages/s overall, 1/s per chat with a short
burst, 20/min per group. Answers are real 429s with ``retry_after`` = seconds until the
window frees, rounded up.

Time can be scaled for fast tests: with ``time_scale=10`` every window is ten times
shorter, and ``retry_after`` is still expressed in (scaled) API seconds.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """The limits; ``enabled=False`` turns flood control off (functional tests)."""

    overall_per_second: int = 30
    chat_per_second: float = 1.0
    #: Messages a private chat may receive back to back before the 1/s rate applies.
    chat_burst: int = 3
    group_per_minute: int = 20
    paid_per_second: int = 1000
    time_scale: float = 1.0
    enabled: bool = True


class FloodControl:
    """Decides whether one more message to a chat is allowed now."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.clock = clock
        self._overall: deque[float] = deque()
        self._paid: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        # Token buckets for private chats: chat id -> (tokens, last refill time).
        self._chats: dict[int, tuple[float, float]] = {}
        self.rejected = 0

    def _seconds(self, api_seconds: float) -> float:
        return api_seconds / self.limits.time_scale

    def _retry(self, real_seconds: float) -> int:
        return max(1, math.ceil(real_seconds * self.limits.time_scale - 1e-9))

    @staticmethod
    def _window(log: deque[float], now: float, span: float, limit: int) -> float | None:
        while log and log[0] <= now - span:
            log.popleft()
        if len(log) >= limit:
            return log[0] + span - now
        return None

    def check(self, chat_id: int, *, group: bool, paid: bool = False) -> int | None:
        """None if the message may go now (and count it), else ``retry_after`` seconds."""
        if not self.limits.enabled:
            return None
        now = self.clock()
        limits = self.limits
        if paid:
            wait = self._window(self._paid, now, self._seconds(1), limits.paid_per_second)
        else:
            wait = self._window(self._overall, now, self._seconds(1), limits.overall_per_second)
        if wait is not None:
            return self._reject(wait)
        if group:
            log = self._groups.setdefault(chat_id, deque())
            wait = self._window(log, now, self._seconds(60), limits.group_per_minute)
            if wait is not None:
                return self._reject(wait)
        else:
            rate = limits.chat_per_second * limits.time_scale
            tokens, last = self._chats.get(chat_id, (float(limits.chat_burst), now))
            tokens = min(float(limits.chat_burst), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._chats[chat_id] = (tokens, now)
                return self._reject((1.0 - tokens) / rate)
            self._chats[chat_id] = (tokens - 1.0, now)
        if group:
            self._groups[chat_id].append(now)
        (self._paid if paid else self._overall).append(now)
        return None

    def _reject(self, real_seconds: float) -> int:
        self.rejected += 1
        return self._retry(real_seconds)
