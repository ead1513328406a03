"""One message to queue: what every service hands to the outbox (plain data, no database types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message for the outbox; the sender paces, retries and records it.

    ``dedupe_key`` makes queueing idempotent: a second message with a key already queued
    (or sent) is skipped, so a job that runs twice, or resumes after a crash, sends once.
    """

    chat_id: int
    kind: str
    #: Telegram HTML (every text from a feed or a member escaped by the view that built it).
    text: str
    member_id: int | None = None
    dedupe_key: str | None = None
    #: An inline keyboard as Telegram's JSON (``InlineKeyboardMarkup.to_dict()``).
    reply_markup: dict[str, Any] | None = None
    #: Not before this instant (quiet hours); None: as soon as the chat's pacing allows.
    not_before: datetime | None = None
    #: Give up at this instant (a reminder for an event that has begun).
    expires_at: datetime | None = None
    #: "photo" or "document", with its file name and bytes.
    media_type: str | None = None
    media_name: str | None = None
    media: bytes | None = None
    #: A forum topic of the group ``chat_id`` (``message_thread_id``); None: the chat itself.
    thread_id: int | None = None
