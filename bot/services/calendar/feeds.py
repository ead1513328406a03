"""Private calendar feeds: a secret link per member to an ``.ics`` of their activities and
followed deadlines, which calendar apps fetch again by themselves.

Only a SHA-256 of the token is stored, so the link is shown once (when it is made); a new
link replaces the old one and turning it off deletes it. The body is built with a stamp that
only changes with the link, so the same content gives the same bytes: its hash is the
``ETag``, and ``Last-Modified`` is when that hash last changed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from bot.calendar.agenda import upcoming_deadlines
from bot.core.i18n import Catalogs
from bot.db.models import Member
from bot.db.repositories import calendar as repo
from bot.db.repositories import workshops
from bot.db.session import Database
from bot.services.workshops.calendar import WorkshopCalendar
from bot.workshops import ics

#: Calendar apps are told to come back after this long (``REFRESH-INTERVAL``, ``X-PUBLISHED-TTL``).
REFRESH = "PT1H"


def token_hash(token: str) -> str:
    """What is stored for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class FeedBody:
    """A feed as served: the bytes, their ETag and when they last changed."""

    body: bytes
    etag: str
    modified_at: datetime


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """A member's feed link: when it was made and last fetched (None: no link)."""

    created_at: datetime
    last_fetched_at: datetime | None


class CalendarFeeds:
    """Makes, revokes and serves members' feed links."""

    def __init__(self, db: Database, calendar: WorkshopCalendar, catalogs: Catalogs) -> None:
        self.db = db
        self.calendar = calendar
        self.catalogs = catalogs

    async def status(self, chat_id: int) -> FeedStatus | None:
        """The member's link, if they made one."""
        async with self.db.transaction() as session:
            member = await workshops.member_by_chat(session, chat_id)
            feed = await repo.feed_of(session, member.id) if member else None
            return FeedStatus(feed.created_at, feed.last_fetched_at) if feed else None

    async def new_link(self, chat_id: int, *, now: datetime) -> str | None:
        """A new secret token for the member (the old link stops working); None when the chat
        is not a member who agreed to the privacy notice."""
        token = secrets.token_urlsafe(24)
        async with self.db.transaction() as session:
            member = await workshops.member_by_chat(session, chat_id)
            if member is None or member.consented_at is None:
                return None
            await repo.replace_feed(session, member.id, token_hash(token), now=now)
        return token

    async def revoke(self, chat_id: int) -> bool:
        """Turn the member's link off; False when there was none."""
        async with self.db.transaction() as session:
            member = await workshops.member_by_chat(session, chat_id)
            return member is not None and await repo.delete_feed(session, member.id)

    async def serve(self, token: str, *, now: datetime) -> FeedBody | None:
        """The feed behind ``token`` (None: no such link), recording the fetch."""
        if not 16 <= len(token) <= 64:
            return None
        async with self.db.transaction() as session:
            feed = await repo.feed_by_hash(session, token_hash(token))
            if feed is None:
                return None
            rows = await workshops.going_of_member(session, feed.member_id, now=now)
            calls = [
                repo.call_deadlines(r)
                for r in await workshops.followed_calls(session, feed.member_id)
            ]
            stamp = feed.created_at
            member = await session.get(Member, feed.member_id)
            tr = self.catalogs.get(member.language if member else None)
            name = tr.gettext("INEXA workshops and deadlines")
            events = [
                self.calendar.calendar_event(workshops.snapshot(row), now=stamp) for row in rows
            ]
            deadlines = [
                ics.CalendarDeadline(
                    uid=ics.deadline_uid(entry.uid, entry.deadline),
                    title=entry.title[:200],
                    deadline=entry.deadline,
                    url=entry.url,
                    stamp=stamp,
                    has_time=entry.has_time,
                    zone=entry.zone,
                )
                for entry in upcoming_deadlines(calls, now=now)
            ]
            body = ics.build_calendar(events, deadlines, name=name, refresh=REFRESH)
            digest = hashlib.sha256(body).hexdigest()
            if feed.content_hash != digest or feed.modified_at is None:
                feed.content_hash = digest
                feed.modified_at = now.replace(microsecond=0)
            feed.last_fetched_at = now
            return FeedBody(body, f'"{digest[:32]}"', feed.modified_at)
