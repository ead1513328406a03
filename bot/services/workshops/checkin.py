"""Self check-in: the coordinator's code for a workshop, and attendees checking themselves in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Workshop, WorkshopRsvp
from bot.db.repositories import workshops as repo
from bot.services.workshops.notices import Context
from bot.workshops.checkin import Window, new_code, screen_available, window
from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopError, WorkshopInfo


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    """What a check-in did: ``window`` says whether it was in time; ``already`` when the person
    had checked in before."""

    workshop: WorkshopInfo
    window: Window
    already: bool = False


class Checkins:
    """Check-in codes and self check-in."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.db = ctx.db

    async def code_for(self, workshop_id: int, *, now: datetime) -> tuple[WorkshopInfo, str]:
        """The workshop's check-in code, made on first use (from an hour before the start).

        Raises:
            WorkshopError: ``unknown`` (no such published workshop), ``cancelled``, ``early``
            (more than an hour before the start) or ``past`` (after the end).
        """
        async with self.db.serialized() as session:
            row = await self.ctx.locked(session, workshop_id)
            if row.status == "cancelled":
                raise WorkshopError("cancelled")
            if row.status != "published" or row.starts_at is None:
                raise WorkshopError("unknown")
            if not screen_available(now, starts_at=row.starts_at, ends_at=row.ends_at):
                raise WorkshopError("checkin_early" if now < row.starts_at else "checkin_over")
            if row.checkin_code is None:
                row.checkin_code = await self._fresh_code(session)
            return await repo.with_counts(session, row), row.checkin_code

    async def _fresh_code(self, session: AsyncSession) -> str:
        while True:  # 887 million codes: a clash is rare, but never reuse one
            code = new_code()
            taken = await session.scalar(select(Workshop.id).where(Workshop.checkin_code == code))
            if taken is None:
                return code

    async def check_in(
        self, chat_id: int, code: str, *, display_name: str, now: datetime
    ) -> CheckinOutcome:
        """Mark the person present at the workshop whose code this is, inside its window.

        A person who never answered gets an answer "going" (they came); any other answer
        becomes "going" too. Attendance is set to true and the time kept.

        Raises:
            WorkshopError: ``not_member`` (no consented member), ``bad_code`` (no workshop has
            this code), ``cancelled``.
        """
        async with self.db.serialized() as session:
            member = await repo.member_by_chat(session, chat_id)
            if member is None or member.consented_at is None:
                raise WorkshopError("not_member")
            workshop_id = await session.scalar(
                select(Workshop.id).where(Workshop.checkin_code == code)
            )
            if workshop_id is None:
                raise WorkshopError("bad_code")
            row = await self.ctx.locked(session, workshop_id)
            if row.status == "cancelled":
                raise WorkshopError("cancelled")
            if row.starts_at is None:
                raise WorkshopError("unknown")
            when = window(now, starts_at=row.starts_at, ends_at=row.ends_at)
            if when is not Window.OPEN:
                return CheckinOutcome(await repo.with_counts(session, row), when)
            rsvp = await repo.rsvp(session, row.id, member.id)
            already = rsvp is not None and rsvp.checked_in_at is not None
            if rsvp is None:
                rsvp = WorkshopRsvp(
                    workshop_id=row.id,
                    member_id=member.id,
                    status=Answer.GOING.value,
                    display_name=display_name[:160],
                    answered_at=now,
                    reminders=[],
                )
                session.add(rsvp)
            elif rsvp.status != Answer.GOING.value:
                rsvp.status = Answer.GOING.value
                rsvp.queued_at = None
            if not already:
                rsvp.checked_in_at = now
            rsvp.attended = True
            await session.flush()
            return CheckinOutcome(await repo.with_counts(session, row), when, already)

    async def is_code(self, code: str) -> bool:
        """Whether some workshop has this check-in code."""
        async with self.db.transaction() as session:
            found = await session.scalar(select(Workshop.id).where(Workshop.checkin_code == code))
            return found is not None
