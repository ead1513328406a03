"""The alliance calendar's use-cases: the agenda with highlighted calls, series, feed links."""

from __future__ import annotations

from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.services.calendar.agenda import AllianceCalendar, Highlight
from bot.services.calendar.feeds import CalendarFeeds, FeedBody, FeedStatus
from bot.services.workshops import Workshops

__all__ = ["AllianceCalendar", "CalendarFeeds", "Calendars", "FeedBody", "FeedStatus", "Highlight"]


class Calendars:
    """The calendar services over one database (``rt.calendar.agenda``, ``rt.calendar.feeds``)."""

    def __init__(self, db: Database, workshops: Workshops, catalogs: Catalogs) -> None:
        self.agenda = AllianceCalendar(db)
        self.feeds = CalendarFeeds(db, workshops.calendar, catalogs)
