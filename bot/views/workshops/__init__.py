"""Workshop screens and messages: members' cards, the coordinator's draft and preview, attendees."""

from __future__ import annotations

from bot.views.common import Screen
from bot.views.workshops.attendees import (
    ATTENDEES_PER_PAGE,
    attendees_csv,
    attendees_view,
    coordinator_list,
)
from bot.views.workshops.authoring import (
    applied_text,
    cancel_confirmation,
    cancelled_text,
    error_text,
    field_names,
    preview,
    problem_text,
    published_text,
    step_prompt,
    topics_line,
    usage_text,
)
from bot.views.workshops.cards import (
    announcement,
    answer_line,
    change_notice,
    details,
    moment,
    promoted_notice,
    reminder,
    rsvp_keyboard,
    span,
    status_name,
    workshops_list,
)
from bot.views.workshops.notices import NOTICES, ScreenNotices

__all__ = [
    "ATTENDEES_PER_PAGE",
    "NOTICES",
    "Screen",
    "ScreenNotices",
    "announcement",
    "answer_line",
    "applied_text",
    "attendees_csv",
    "attendees_view",
    "cancel_confirmation",
    "cancelled_text",
    "change_notice",
    "coordinator_list",
    "details",
    "error_text",
    "field_names",
    "moment",
    "preview",
    "problem_text",
    "promoted_notice",
    "published_text",
    "reminder",
    "rsvp_keyboard",
    "span",
    "status_name",
    "step_prompt",
    "topics_line",
    "usage_text",
    "workshops_list",
]
