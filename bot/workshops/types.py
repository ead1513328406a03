"""Workshop data that crosses layers: snapshots, outcomes, the error, the notice renderer.

Services return these, handlers pass them on and views render them; none of them is an ORM
row, so a view can never lazy-load or change the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.workshops.seats import Answer, rsvp_open


class WorkshopError(BotError):
    """A request that cannot be done in the workshop's state; ``code`` names why.

    Codes: ``unknown``, ``cancelled``, ``closed``, ``incomplete``, ``past``, ``no_draft``,
    ``not_member``, ``is_edit``, ``not_edit`` (the views word each one).
    """

    default_code = "unknown"


@dataclass(frozen=True, slots=True)
class Counts:
    """Answers to a workshop."""

    going: int = 0
    maybe: int = 0
    no: int = 0
    waitlist: int = 0
    attended: int = 0

    @property
    def answered(self) -> int:
        """Everyone who answered, whatever the answer."""
        return self.going + self.maybe + self.no + self.waitlist


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop as views show it (a frozen snapshot, not an ORM row)."""

    id: int
    status: str
    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str
    place: str | None
    url: str | None
    language: str
    capacity: int | None
    topics: tuple[str, ...]
    audience: str
    rsvp_closes_at: datetime | None
    related_calls: tuple[str, ...]
    created_by: int
    organiser_name: str
    draft_step: str | None
    edits_id: int | None
    sequence: int
    created_at: datetime
    counts: Counts = field(default_factory=Counts)
    #: The registration form's field codes (``bot.participants.fields.Field``), () = no form.
    registration_fields: tuple[str, ...] = ()
    #: The online link is given only to people who checked in.
    link_after_checkin: bool = False
    #: workshop, session (mutual learning), meeting (partners'), conference.
    kind: str = "workshop"
    #: The repeat rule (a draft's choice; on an occurrence, its series' rule).
    recurrence: str | None = None
    #: The series an occurrence belongs to.
    series_id: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The workshop's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def seats_left(self) -> int | None:
        """Free seats, None when unlimited."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.counts.going)

    def open_at(self, now: datetime) -> bool:
        """Taking answers at ``now``."""
        return (
            self.status == "published"
            and self.starts_at is not None
            and rsvp_open(now=now, starts_at=self.starts_at, closes_at=self.rsvp_closes_at)
        )


def with_counts(workshop: WorkshopInfo, counts: Counts) -> WorkshopInfo:
    """The same workshop with other counts (for previews)."""
    return replace(workshop, counts=counts)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What one RSVP press did."""

    workshop: WorkshopInfo
    status: Answer
    changed: bool
    promoted: int = 0


@dataclass(frozen=True, slots=True)
class Attendee:
    """One answer, for ``/attendees`` and the CSV export."""

    member_id: int
    display_name: str
    org_name: str
    country: str
    org_type: str
    status: str
    answered_at: datetime
    attended: bool | None


@dataclass(frozen=True, slots=True)
class Published:
    """The result of publishing, applying an edit or cancelling."""

    workshop: WorkshopInfo
    recipients: int
    changes: tuple[str, ...] = ()
    promoted: int = 0


@dataclass(frozen=True, slots=True)
class AttendeeList:
    """A workshop with its answers, for ``/attendees``; ``marking`` once it has started."""

    workshop: WorkshopInfo
    people: tuple[Attendee, ...]
    marking: bool


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message ready for the outbox: Telegram HTML and the keyboard as Telegram's JSON."""

    text: str
    reply_markup: dict[str, Any] | None = None


class Notices(Protocol):
    """Renders the messages workshop services queue (the views implement it; services never
    import views, the composition root hands them one)."""

    def announcement(
        self,
        tr: Translator,
        workshop: WorkshopInfo,
        *,
        zone: ZoneInfo,
        private: bool,
        bot_username: str | None,
    ) -> Rendered:
        """The announcement of a new workshop."""
        ...

    def change_notice(
        self,
        tr: Translator,
        workshop: WorkshopInfo,
        *,
        kind: str,
        changes: Sequence[str],
        answer: Answer,
        zone: ZoneInfo,
    ) -> Rendered:
        """What changed (or that it was cancelled), for a member who answered."""
        ...

    def promoted(self, tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo) -> Rendered:
        """A waitlisted member got a seat."""
        ...

    def reminder(
        self, tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo, now: datetime
    ) -> Rendered:
        """A reminder for a member who is going."""
        ...
