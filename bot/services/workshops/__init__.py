"""Workshop use-cases: authoring (drafts, publish, edit, cancel), RSVPs, reminders, calendars."""

from __future__ import annotations

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.public.rules import PublicRenderer
from bot.services.workshops.authoring import WorkshopAuthoring
from bot.services.workshops.calendar import WorkshopCalendar
from bot.services.workshops.checkin import Checkins
from bot.services.workshops.forms import Forms
from bot.services.workshops.notices import Context
from bot.services.workshops.reminders import Reminders
from bot.services.workshops.rsvp import Rsvps
from bot.workshops.types import (  # re-exported for a transition; import from bot.workshops.types
    AnswerOutcome,
    Attendee,
    Counts,
    Notices,
    Published,
    WorkshopError,
    WorkshopInfo,
)

__all__ = [
    "AnswerOutcome",
    "Attendee",
    "Counts",
    "Published",
    "Reminders",
    "Rsvps",
    "WorkshopAuthoring",
    "WorkshopCalendar",
    "WorkshopError",
    "WorkshopInfo",
    "Workshops",
]


class Workshops:
    """The workshop services over one database, built once by the composition root
    (``rt.workshops.authoring``, ``.rsvp``, ``.reminders``, ``.calendar``).

    ``notices`` renders the messages the services queue (the views' implementation in the
    application; services never import views).
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        catalogs: Catalogs,
        notices: Notices,
        public: PublicRenderer | None = None,
    ) -> None:
        ctx = Context(db, settings, catalogs, notices, public)
        self.authoring = WorkshopAuthoring(ctx)
        self.rsvp = Rsvps(ctx)
        self.reminders = Reminders(ctx)
        self.calendar = WorkshopCalendar(ctx)
        #: Registration forms (participant answers) and self check-in.
        self.forms = Forms(ctx)
        self.checkin = Checkins(ctx)
