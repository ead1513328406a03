"""Workshop handlers: members' answers and calendars (member), coordinators' tools (coordinator)."""

from __future__ import annotations

from bot.handlers.workshops import checkin, registration
from bot.handlers.workshops.coordinator import (
    attendees,
    cancel_workshop,
    edit_workshop,
    new_workshop,
    on_draft_text,
)
from bot.handlers.workshops.member import send_own_calendar, show_workshop, workshops_command

__all__ = [
    "attendees",
    "cancel_workshop",
    "checkin",
    "edit_workshop",
    "new_workshop",
    "on_draft_text",
    "registration",
    "send_own_calendar",
    "show_workshop",
    "workshops_command",
]
