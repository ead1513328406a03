"""Pure rules of the public posts: the weekly slot, the calls of the week, per topic.

Public posts carry calls and activities only, never anything about a member (the showcase
is the exception, by each member's explicit opt-in).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.dates import Deadline
from bot.core.i18n import Translator
from bot.directory.types import Entry
from bot.workshops.fields import local_datetime
from bot.workshops.types import Rendered, WorkshopInfo

#: Calls in one public post at most (the rest wait for the next week or are in the bot).
MAX_CALLS = 12


@dataclass(frozen=True, slots=True)
class PublicCall:
    """A funding call as the public digest shows it."""

    opportunity_id: int
    title: str
    url: str
    call_id: str | None
    deadline: Deadline | None
    themes: tuple[str, ...]
    first_seen_at: datetime


@dataclass(frozen=True, slots=True)
class Target:
    """A linked place to post: the channel, or a forum topic for one taxonomy topic."""

    id: int
    kind: str
    chat_id: int
    thread_id: int | None
    topic: str | None
    title: str


def weekly_slot(now: datetime, *, weekday: int, at: time, zone: ZoneInfo) -> datetime:
    """The latest weekly slot (``weekday``, 0 = Monday, at local ``at``) not after ``now``."""
    local = now.astimezone(zone)
    day: date = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    slot = local_datetime(day, at, zone)
    if slot > now:
        slot = local_datetime(day - timedelta(days=7), at, zone)
    return slot


def week_key(slot: datetime) -> str:
    """A stable name of the week of ``slot`` (ISO year and week), for dedupe keys."""
    year, week, _ = slot.isocalendar()
    return f"{year}w{week:02d}"


def calls_of_week(calls: Iterable[PublicCall], *, slot: datetime) -> list[PublicCall]:
    """Calls first seen in the week before ``slot``, closing soonest first (no deadline last)."""
    since = slot - timedelta(days=7)
    found = [c for c in calls if since <= c.first_seen_at < slot]
    far = datetime.max.replace(tzinfo=slot.tzinfo)
    return sorted(found, key=lambda c: (c.deadline.at if c.deadline else far, c.opportunity_id))


def calls_for(target: Target, calls: Sequence[PublicCall]) -> list[PublicCall]:
    """What one target gets: the channel every call, a topic the calls of its theme."""
    chosen = (
        list(calls) if target.kind == "channel" else [c for c in calls if target.topic in c.themes]
    )
    return chosen[:MAX_CALLS]


class PublicRenderer(Protocol):
    """Renders public posts (the views implement it; services never import views)."""

    def digest(
        self, tr: Translator, settings: Settings, calls: Sequence[PublicCall], *, topic: str | None
    ) -> str:
        """The week's calls for the channel (``topic`` None) or a forum topic."""
        ...

    def workshop(
        self, tr: Translator, settings: Settings, workshop: WorkshopInfo, *, bot_username: str
    ) -> Rendered:
        """An activity's public announcement with its "Answer in private" link."""
        ...

    def showcase(self, tr: Translator, settings: Settings, entry: Entry) -> str:
        """A new showcase member's post."""
        ...
