"""Buttons of the follow-up after a workshop: materials, messages, next steps and their owners."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button
from bot.followup.types import FollowAudience, MaterialsAudience


@button("uf")
@dataclass(frozen=True, slots=True)
class FollowUpOpen(Button):
    """Open a workshop's follow-up screen (coordinators)."""

    workshop_id: int


@button("um")
@dataclass(frozen=True, slots=True)
class MaterialsStart(Button):
    """Pass what the coordinator sends next on to the audience."""

    workshop_id: int
    audience: MaterialsAudience


@button("us")
@dataclass(frozen=True, slots=True)
class FollowUpStop(Button):
    """Stop passing materials on (or stop writing a next step): back to the follow-up screen."""

    workshop_id: int


@button("uw")
@dataclass(frozen=True, slots=True)
class MessageAttendees(Button):
    """Write a broadcast to the workshop's audience."""

    workshop_id: int
    audience: FollowAudience


@button("ub")
@dataclass(frozen=True, slots=True)
class FeedbackDelay(Button):
    """When the workshop's feedback poll goes out: ``hours`` after the end (0: no poll)."""

    workshop_id: int
    hours: int


@button("ua")
@dataclass(frozen=True, slots=True)
class ActionNew(Button):
    """Record a next step of the workshop."""

    workshop_id: int


@button("uo")
@dataclass(frozen=True, slots=True)
class ActionOwner(Button):
    """The attendee (member row id) who owns the next step being written."""

    item_id: int
    member_id: int


@button("ux")
@dataclass(frozen=True, slots=True)
class ActionDiscard(Button):
    """Throw the next step being written away."""

    item_id: int


@button("ud")
@dataclass(frozen=True, slots=True)
class ActionDone(Button):
    """The owner (or a coordinator) marks a next step done (``listed``: pressed in /actions)."""

    item_id: int
    listed: bool
