"""Buttons of the member's settings menu and of erasing their data.

The prefixes and field orders are the legacy ``Action`` ones (``1s:weekday``, ``1w:4``), so
buttons already in members' chats keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import Button, button


class Page(StrEnum):
    """The pages the settings and profile buttons open."""

    MAIN = "main"
    LANGUAGE = "language"
    WEEKDAY = "weekday"
    HOUR = "hour"
    TIMEZONE = "timezone"
    QUIET = "quiet"
    PROFILE = "profile"
    TOPICS = "topics"
    PROGRAMMES = "programmes"
    KEYWORDS = "keywords"
    COUNTRY = "country"
    ORG_TYPE = "orgtype"


@button("s")
@dataclass(frozen=True, slots=True)
class OpenPage(Button):
    """Open one settings (or profile) page."""

    page: Page


@button("w")
@dataclass(frozen=True, slots=True)
class Weekday(Button):
    """The digest day, 0 (Monday) to 6."""

    day: int


@button("h")
@dataclass(frozen=True, slots=True)
class Hour(Button):
    """The digest hour (one of ``DIGEST_HOURS``)."""

    hour: int


@button("z")
@dataclass(frozen=True, slots=True)
class TimeZone(Button):
    """A time zone by its index in the offered list (``TIMEZONES``)."""

    index: int


@button("q")
@dataclass(frozen=True, slots=True)
class Quiet(Button):
    """Quiet hours by preset id (a key of ``QUIET_PRESETS``)."""

    preset: str


@button("pa")
@dataclass(frozen=True, slots=True)
class Pause(Button):
    """Pause (``on``) or resume the digests."""

    on: bool


@button("e")
@dataclass(frozen=True, slots=True)
class EmptyDigest(Button):
    """On an empty week send a short note (``on``) or nothing."""

    on: bool


@button("aw")
@dataclass(frozen=True, slots=True)
class AlsoThisWeek(Button):
    """Show (``on``) or hide the news and events after the calls of the digest."""

    on: bool


@button("x")
@dataclass(frozen=True, slots=True)
class CloseMenu(Button):
    """Close the settings menu."""


@button("fy")
@dataclass(frozen=True, slots=True)
class ForgetConfirm(Button):
    """Erase everything about this chat, for good (the confirmation of /forget)."""


@button("fn")
@dataclass(frozen=True, slots=True)
class ForgetCancel(Button):
    """Keep everything (/forget cancelled)."""
