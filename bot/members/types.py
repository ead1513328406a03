"""The records that cross layers for members: their profile, the calls they follow, errors.

Services return these (frozen snapshots, never ORM rows); handlers and views read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.dates import Deadline
from bot.core.errors import BotError
from bot.core.timing import QuietHours


class NotConsented(BotError):
    """The member has not agreed to the privacy notice yet (or is unknown)."""

    default_code = "not_consented"


@dataclass(frozen=True, slots=True)
class MemberColumns:
    """A member row's own columns (no interests or keywords), as a profile is built from."""

    id: int
    chat_id: int
    chat_type: str
    language: str
    consented_at: datetime | None
    onboarded_at: datetime | None
    org_name: str | None
    country: str | None
    org_type: str | None
    digest_weekday: int | None
    digest_minute: int | None
    timezone: str | None
    quiet_start_minute: int | None
    quiet_end_minute: int | None
    paused_at: datetime | None
    blocked_at: datetime | None
    empty_digest_note: bool
    also_this_week: bool
    created_at: datetime
    consent_version: str | None
    last_digest_at: datetime | None
    workshops_any_language: bool


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything the bot shows a member about themselves."""

    chat_id: int
    chat_type: str
    language: str
    consented: bool
    onboarded: bool
    org_name: str | None = None
    country: str | None = None
    org_type: str | None = None
    topics: frozenset[str] = frozenset()
    programmes: frozenset[str] = frozenset()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    digest_weekday: int = 0
    digest_minute: int = 9 * 60
    timezone: str = "Europe/Bucharest"
    quiet: QuietHours | None = None
    paused: bool = False
    blocked: bool = False
    empty_digest_note: bool = True
    #: News and events after the calls, in a short "Also this week" section.
    also_this_week: bool = True
    #: Announcements of workshops held in any language (else only in one's own).
    workshops_any_language: bool = False
    awaiting: str | None = None
    created_at: datetime | None = None
    consented_at: datetime | None = None
    consent_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Followed:
    """A followed call, for /following."""

    opportunity_id: int
    title: str
    url: str
    next_deadline: datetime | None
    status: str
    #: The deadline has a time of day (otherwise it is the end of its day in ``deadline_zone``).
    deadline_has_time: bool = False
    #: The zone the source states its deadlines in.
    deadline_zone: str = "Europe/Brussels"

    @property
    def deadline(self) -> Deadline | None:
        """The next deadline as the source stated it."""
        if self.next_deadline is None:
            return None
        return Deadline(self.next_deadline, self.deadline_has_time, self.deadline_zone)
