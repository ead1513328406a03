"""Follow-up data that crosses layers (frozen records, the error, the notice renderer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.workshops.types import Rendered

#: Who materials or a message reach: those marked as attended, or everyone registered
#: (going, on the waitlist or maybe).
FollowAudience = Literal["attended", "registered"]
FOLLOW_AUDIENCES: tuple[FollowAudience, ...] = ("attended", "registered")
#: Who materials reach: those marked as attended, or everyone who answered (can't go included:
#: the slides help them too).
MaterialsAudience = Literal["attended", "answered"]
MATERIALS_AUDIENCES: tuple[MaterialsAudience, ...] = ("attended", "answered")
#: The answers that count as registered for a workshop.
REGISTERED = ("going", "waitlist", "maybe")


class FollowUpError(BotError):
    """A follow-up request that does not fit the state; ``code`` names why.

    Codes: ``unknown`` (no such workshop or item), ``not_started`` (follow-up opens at the
    start), ``not_owner`` (only the owner or a coordinator marks an item done), ``no_draft``
    (the item is no longer being written), ``too_big`` (a file over the download limit).
    """

    default_code = "unknown"


@dataclass(frozen=True, slots=True)
class FollowUpInfo:
    """What the follow-up screen of a workshop shows."""

    workshop_id: int
    title: str
    attended: int
    registered: int
    #: Everyone who answered, whatever the answer.
    answered: int
    open_items: int
    done_items: int
    #: Hours after the end when the feedback poll goes out (0: none), and whether it went.
    feedback_hours: int = 0
    feedback_sent: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """An attendee who may own an item: member row id, name and organisation."""

    member_id: int
    name: str
    org_name: str


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """A next step as views show it."""

    id: int
    workshop_id: int
    workshop_title: str
    status: str
    text: str
    owner_id: int | None
    owner_label: str
    due_on: date | None
    due_at: datetime | None
    draft_step: str | None
    done_at: datetime | None

    def overdue_at(self, now: datetime) -> bool:
        """Open and past its due day at ``now``."""
        return self.status == "open" and self.due_at is not None and now >= self.due_at


class ActionNotices(Protocol):
    """Renders what the follow-up service queues (views implement it; services never
    import views)."""

    def assigned(self, tr: Translator, item: ActionInfo) -> Rendered:
        """The owner is told about a new next step."""
        ...

    def reminder(self, tr: Translator, item: ActionInfo) -> Rendered:
        """The owner is reminded the day before it is due."""
        ...

    def material_heading(self, tr: Translator, workshop_id: int, title: str) -> str:
        """The line above materials forwarded to attendees (HTML)."""
        ...
