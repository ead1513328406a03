"""The alliance calendar: every upcoming activity, whatever its topics, and the deadlines of
the calls coordinators highlight; the dates of a series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.calendar.agenda import ActivityEntry, Entry, merged, upcoming_deadlines
from bot.db.repositories import broadcasts as opportunities
from bot.db.repositories import calendar as repo
from bot.db.repositories import workshops
from bot.db.session import Database
from bot.services.workshops.series import dates_of
from bot.workshops.seats import Answer


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlighted call: its row id, call id and title, and its next deadline."""

    opportunity_id: int
    title: str
    call_id: str | None
    next_deadline: datetime | None
    #: False when it was highlighted already (or, removing, when it was not).
    changed: bool = True


class AllianceCalendar:
    """Reads the alliance's agenda; coordinators highlight calls (one transaction each)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def agenda(self, chat_id: int, *, now: datetime) -> list[Entry]:
        """Every published activity not yet ended (all topics) with the reader's answer, and
        every deadline ahead of a highlighted call, in time order."""
        async with self.db.transaction() as session:
            member = await workshops.member_by_chat(session, chat_id)
            answers = await workshops.answers_of(session, member.id) if member else {}
            rows = await workshops.upcoming_published(session, now=now)
            counts = await workshops.counts(session, [r.id for r in rows])
            calls = [repo.call_deadlines(row) for row in await repo.highlighted(session)]
        activities = [
            ActivityEntry(
                workshops.snapshot(row, counts.get(row.id)),
                Answer(answers[row.id]) if row.id in answers else None,
            )
            for row in rows
        ]
        return merged(activities, upcoming_deadlines(calls, now=now))

    async def series_dates(self, series_id: int, chat_id: int) -> list[ActivityEntry]:
        """Every date of a series with the reader's answer to each."""
        async with self.db.transaction() as session:
            member = await workshops.member_by_chat(session, chat_id)
            answers = await workshops.answers_of(session, member.id) if member else {}
            rows = await dates_of(session, series_id)
            counts = await workshops.counts(session, [r.id for r in rows])
        return [
            ActivityEntry(
                workshops.snapshot(row, counts.get(row.id)),
                Answer(answers[row.id]) if row.id in answers else None,
            )
            for row in rows
        ]

    async def highlight(self, reference: str, *, by: int, now: datetime) -> Highlight | None:
        """Highlight a call by row id, call id or uid; None when there is no such call."""
        async with self.db.transaction() as session:
            row = await opportunities.find_opportunity(session, reference)
            if row is None:
                return None
            changed = await repo.highlight(session, row.id, by=by, now=now)
            return Highlight(row.id, row.title, row.call_id, row.next_deadline, changed)

    async def unhighlight(self, opportunity_id: int) -> Highlight | None:
        """Stop highlighting a call; None when there is no such call."""
        async with self.db.transaction() as session:
            row = await opportunities.find_opportunity(session, str(opportunity_id))
            if row is None or row.id != opportunity_id:
                return None
            changed = await repo.unhighlight(session, opportunity_id)
            return Highlight(row.id, row.title, row.call_id, row.next_deadline, changed)

    async def highlights(self) -> list[Highlight]:
        """Every highlighted call, closing soonest first."""
        async with self.db.transaction() as session:
            rows = await repo.highlighted(session)
            return [Highlight(r.id, r.title, r.call_id, r.next_deadline) for r in rows]
