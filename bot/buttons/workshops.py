"""Buttons of workshops: members' answers and calendar files, the coordinator's guided draft,
publishing, edits, cancellation and attendance.

Prefixes and field order are those of the legacy ``Action.WS_*`` data, so buttons already in
members' chats (announcements, reminders) keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button

#: g going, m maybe, n can't go, l leave the waitlist, v open the card (from /workshops).
AnswerCode = Literal["g", "m", "n", "l", "v"]
#: Fields the preview offers to change (``step`` names of the guided flow).
DraftField = Literal[
    "title",
    "description",
    "start",
    "end",
    "place",
    "capacity",
    "rsvp_close",
    "language",
    "topics",
    "related",
    "form",
    "kind",
    "repeat",
]


# --- members ---------------------------------------------------------------------------------


@button("wr")
@dataclass(frozen=True, slots=True)
class Rsvp(Button):
    """Answer a workshop (or open its card from /workshops)."""

    workshop_id: int
    code: AnswerCode


@button("wi")
@dataclass(frozen=True, slots=True)
class CalendarFile(Button):
    """Send the workshop's calendar file (a cancellation once cancelled)."""

    workshop_id: int


# --- the guided draft (coordinators) ---------------------------------------------------------


@button("wl")
@dataclass(frozen=True, slots=True)
class DraftLanguage(Button):
    """The language the workshop is held in."""

    code: str


@button("wu")
@dataclass(frozen=True, slots=True)
class DraftUnlimited(Button):
    """No seat limit."""


@button("wt")
@dataclass(frozen=True, slots=True)
class DraftTopic(Button):
    """Select (``on``) or drop a topic of the draft (the target state, so a replay is harmless)."""

    topic: str
    on: bool


@button("wtd")
@dataclass(frozen=True, slots=True)
class DraftTopicsDone(Button):
    """Topics chosen: next step."""


@button("wc")
@dataclass(frozen=True, slots=True)
class DraftAtStart(Button):
    """Answers close at the start."""


@button("wn")
@dataclass(frozen=True, slots=True)
class DraftSkip(Button):
    """Leave an optional field empty."""

    step: Literal["description", "related"]


@button("we")
@dataclass(frozen=True, slots=True)
class EditField(Button):
    """Change one field of a draft from its preview."""

    draft_id: int
    field: DraftField


@button("wx")
@dataclass(frozen=True, slots=True)
class DiscardDraft(Button):
    """Throw the draft away."""

    draft_id: int


@button("wp")
@dataclass(frozen=True, slots=True)
class Publish(Button):
    """Publish to members with the workshop's topics (``t``) or to everyone (``a``)."""

    draft_id: int
    audience: Literal["t", "a"]


@button("wa")
@dataclass(frozen=True, slots=True)
class ApplyEdit(Button):
    """Apply an edit draft to its published workshop and notify who answered."""

    draft_id: int


@button("wk")
@dataclass(frozen=True, slots=True)
class CancelWorkshop(Button):
    """Cancel a published workshop; ``confirm`` is always "1" (the data must say it)."""

    workshop_id: int
    confirm: Literal["1"]


# --- attendance (coordinators) ---------------------------------------------------------------


@button("wm")
@dataclass(frozen=True, slots=True)
class MarkAttended(Button):
    """Mark whether a member (row id) came."""

    workshop_id: int
    member_id: int
    came: bool


@button("wv")
@dataclass(frozen=True, slots=True)
class ExportAttendees(Button):
    """Answers and attendance as a CSV file."""

    workshop_id: int


@button("wg")
@dataclass(frozen=True, slots=True)
class AttendeesPage(Button):
    """A page of the attendee list."""

    workshop_id: int
    page: int
