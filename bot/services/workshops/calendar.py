"""Calendar files: one workshop's, and a member's workshops with the deadlines they follow."""

from __future__ import annotations

from datetime import datetime

from bot.db.repositories import workshops as repo
from bot.services.workshops.notices import Context
from bot.workshops import ics
from bot.workshops.types import WorkshopInfo


class WorkshopCalendar:
    """Builds ``.ics`` files from stored workshops and followed calls."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.db = ctx.db

    def calendar_event(self, workshop: WorkshopInfo, *, now: datetime) -> ics.CalendarEvent:
        """A workshop as a calendar entry."""
        assert workshop.starts_at is not None
        assert workshop.ends_at is not None
        privacy = self.ctx.settings.privacy
        return ics.CalendarEvent(
            uid=ics.workshop_uid(workshop.id, workshop.created_at),
            title=workshop.title,
            description=workshop.description,
            starts_at=workshop.starts_at.astimezone(workshop.zone),
            ends_at=workshop.ends_at.astimezone(workshop.zone),
            location=workshop.place,
            # A link given only after check-in stays out of calendar files.
            url=None if workshop.link_after_checkin else workshop.url,
            organiser_name=workshop.organiser_name or privacy.controller,
            organiser_email=privacy.contact if "@" in privacy.contact else None,
            sequence=workshop.sequence,
            cancelled=workshop.status == "cancelled",
            stamp=now,
        )

    async def workshop_ics(self, workshop_id: int, *, now: datetime) -> bytes | None:
        """The calendar file of one workshop (a cancellation notice once cancelled)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, workshop_id)
            workshop = repo.snapshot(row) if row is not None else None
        if workshop is None or workshop.status == "draft" or workshop.starts_at is None:
            return None
        return ics.build_calendar(
            [self.calendar_event(workshop, now=now)],
            name=workshop.title,
            cancel=workshop.status == "cancelled",
        )

    async def member_calendar(self, chat_id: int, *, now: datetime, name: str) -> tuple[bytes, int]:
        """Every upcoming workshop the member goes to and the deadlines of calls they follow.

        Returns the file and how many entries it holds.
        """
        async with self.db.transaction() as session:
            member = await repo.member_by_chat(session, chat_id)
            if member is None:
                return ics.build_calendar([], name=name), 0
            workshops = await repo.going_of_member(session, member.id, now=now)
            calls = await repo.followed_calls(session, member.id)
        events = [self.calendar_event(repo.snapshot(w), now=now) for w in workshops]
        deadlines = []
        for call in calls:
            for value in call.deadlines or ():
                deadline = datetime.fromisoformat(value)
                if deadline > now:
                    deadlines.append(
                        ics.CalendarDeadline(
                            uid=ics.deadline_uid(call.uid, deadline),
                            title=call.title[:200],
                            deadline=deadline,
                            url=call.url,
                            stamp=now,
                            has_time=call.deadline_has_time,
                            zone=call.deadline_zone,
                        )
                    )
        return ics.build_calendar(events, deadlines, name=name), len(events) + len(deadlines)
