"""What the sender decides, without doing it: limits, counters, and the outcome of each error.

Pure functions and plain records (the functional core of ``bot.delivery.sender``): given the
exception a send raised, the row and the time, :func:`decide` says whether the row is retried,
waits out flood control or fails, and with which reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.db.models import OutboxMessage


@dataclass(frozen=True, slots=True)
class SenderLimits:
    """Pacing and retries, below Telegram's limits; ``time_scale`` shortens every wait."""

    per_second: float = 29.0
    private_interval: float = 1.05
    group_interval: float = 3.1
    #: A message meeting server errors is retried this long after its first error.
    retry_for: timedelta = timedelta(hours=2)
    #: Longest pause between two tries of such a message.
    max_retry_interval: float = 300.0
    #: Waits up to this long (a chat's slot, a short 429) happen in place; longer ones defer.
    inline_wait: float = 0.5
    #: A 429 asking for at most this long is waited out with the row kept.
    flood_inline: float = 30.0
    #: SQLite (one worker): heads read at once.
    sqlite_batch: int = 20
    #: Rows an older version of the bot left ``sending`` on PostgreSQL are released after this.
    lease: timedelta = timedelta(minutes=5)
    time_scale: float = 1.0


@dataclass
class SendStats:
    """What one drain did."""

    sent: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    retried: int = 0
    deferred: int = 0
    flood_waits: int = 0
    paused_members: int = 0
    seconds: float = 0.0

    def fail(self, reason: str) -> None:
        """Count a permanent failure by reason."""
        self.failed[reason] = self.failed.get(reason, 0) + 1

    @property
    def finished(self) -> int:
        """Rows that ended (sent or failed)."""
        return self.sent + sum(self.failed.values())

    def since(self, earlier: SendStats) -> SendStats:
        """What happened after ``earlier`` (a snapshot of these counts)."""
        return SendStats(
            sent=self.sent - earlier.sent,
            failed={
                reason: count - earlier.failed.get(reason, 0)
                for reason, count in self.failed.items()
                if count > earlier.failed.get(reason, 0)
            },
            retried=self.retried - earlier.retried,
            deferred=self.deferred - earlier.deferred,
            flood_waits=self.flood_waits - earlier.flood_waits,
            paused_members=self.paused_members - earlier.paused_members,
        )

    def snapshot(self) -> SendStats:
        """A copy of the counts so far."""
        return replace(self, failed=dict(self.failed))


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed outbox row, detached from its session."""

    id: int
    chat_id: int
    member_id: int | None
    text: str
    markup: dict[str, Any] | None
    media_type: str | None
    media_name: str | None
    media: bytes | None
    attempts: int
    last_error: str | None
    retry_since: datetime | None
    expires_at: datetime | None
    #: The forum topic to post in (``message_thread_id``), if any.
    thread_id: int | None = None

    @classmethod
    def of(cls, row: OutboxMessage) -> Claimed:
        """Copy what sending needs."""
        return cls(
            row.id, row.chat_id, row.member_id, row.text, row.reply_markup, row.media_type,
            row.media_name, row.media, row.attempts, row.last_error, row.retry_since,
            row.expires_at, row.thread_id,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Failed:
    """The row ends failed; ``pause`` marks the member as unreachable."""

    reason: str
    counted_as: str
    pause: bool = False


@dataclass(frozen=True, slots=True)
class Retry:
    """Try the row again at ``not_before``; other rows go on meanwhile."""

    not_before: datetime
    retry_since: datetime
    error: str


@dataclass(frozen=True, slots=True)
class Flood:
    """Telegram asked to wait ``seconds`` (already scaled)."""

    seconds: float


Outcome = Failed | Retry | Flood

TIMED_OUT = "timed out"


def retry_delay(attempts: int, limits: SenderLimits) -> float:
    """Seconds before the next try after ``attempts`` failed ones: 2, 4, 8, ... capped."""
    return min(2.0 ** min(max(attempts, 1), 30), limits.max_retry_interval) / limits.time_scale


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def decide(exc: BaseException, row: Claimed, *, now: datetime, limits: SenderLimits) -> Outcome:
    """What a failed send means for the row (pure: no I/O)."""
    if isinstance(exc, RetryAfter):
        return Flood(_retry_seconds(exc) / limits.time_scale)
    if isinstance(exc, Forbidden):
        kind = "deactivated" if "deactivated" in str(exc).lower() else "blocked"
        return Failed(kind, kind, pause=True)
    if isinstance(exc, BadRequest):
        if "chat not found" in str(exc).lower():
            return Failed("chat not found", "chat not found", pause=True)
        return Failed(str(exc)[:300], "bad request")
    attempts = row.attempts + 1
    if isinstance(exc, TimedOut):
        # A timed-out send may have arrived: retry once only.
        if row.last_error == TIMED_OUT:
            return Failed("timed out twice", "timeout")
        delay = timedelta(seconds=retry_delay(attempts, limits))
        return Retry(now + delay, row.retry_since or now, TIMED_OUT)
    if isinstance(exc, NetworkError):
        since = row.retry_since or now
        reason = f"server error: {exc}"[:300]
        if now - since >= limits.retry_for / limits.time_scale:
            return Failed(reason, "server error")
        delay = timedelta(seconds=retry_delay(attempts, limits))
        return Retry(now + delay, since, reason)
    if isinstance(exc, TelegramError):
        return Failed(f"telegram: {exc}"[:300], "telegram error")
    return Failed(f"unexpected {type(exc).__name__}: {exc}"[:300], "unexpected")
