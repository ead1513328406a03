"""Members' answers to workshops (with a waitlist), what they see, and attendance."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Member, WorkshopRsvp
from bot.db.repositories import workshops as repo
from bot.services.workshops import notices
from bot.services.workshops.notices import Context
from bot.workshops.seats import Answer, decide, rsvp_open
from bot.workshops.types import AnswerOutcome, Attendee, AttendeeList, WorkshopError, WorkshopInfo

#: The order of the attendee list: seats first, then the waitlist in order, then the rest.
_ORDER = {"going": 0, "waitlist": 1, "maybe": 2, "no": 3}


class Rsvps:
    """Workshops as members see them, their answers, and who came."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.db = ctx.db

    # ------------------------------------------------------------------ reading

    async def get(self, workshop_id: int) -> WorkshopInfo | None:
        """A workshop with its counts (drafts included)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, workshop_id)
            return await repo.with_counts(session, row) if row is not None else None

    async def listing(self, *, now: datetime, include_past: bool = False) -> list[WorkshopInfo]:
        """Published and cancelled workshops, soonest first (upcoming only by default)."""
        async with self.db.transaction() as session:
            rows = await repo.listed(session, now=now, include_past=include_past)
            counts = await repo.counts(session, [r.id for r in rows])
            return [repo.snapshot(r, counts.get(r.id)) for r in rows]

    async def upcoming_for(
        self, chat_id: int, *, now: datetime
    ) -> list[tuple[WorkshopInfo, Answer | None]]:
        """Upcoming published workshops the member was invited to or answered, with the answer."""
        async with self.db.transaction() as session:
            member = await repo.member_by_chat(session, chat_id)
            if member is None:
                return []
            topics = await repo.topics_of(session, member.id)
            answers = {k: Answer(v) for k, v in (await repo.answers_of(session, member.id)).items()}
            rows = [
                r
                for r in await repo.upcoming_published(session, now=now)
                if r.id in answers
                or r.audience == "all"
                or not r.topics
                or topics.intersection(r.topics)
            ]
            counts = await repo.counts(session, [r.id for r in rows])
            return [(repo.snapshot(r, counts.get(r.id)), answers.get(r.id)) for r in rows]

    async def answer_of(self, workshop_id: int, chat_id: int) -> Answer | None:
        """The member's current answer."""
        async with self.db.transaction() as session:
            status = await repo.answer_of_chat(session, workshop_id, chat_id)
            return Answer(status) if status else None

    async def card(
        self, workshop_id: int, chat_id: int
    ) -> tuple[WorkshopInfo | None, Answer | None]:
        """A workshop with its counts and the member's answer, in one transaction."""
        async with self.db.transaction() as session:
            row = await repo.get(session, workshop_id)
            if row is None:
                return None, None
            status = await repo.answer_of_chat(session, workshop_id, chat_id)
            return await repo.with_counts(session, row), Answer(status) if status else None

    # -------------------------------------------------------------------- RSVP

    async def answer(
        self,
        workshop_id: int,
        chat_id: int,
        requested: Answer,
        *,
        display_name: str,
        now: datetime,
    ) -> AnswerOutcome:
        """Record a member's answer; the last seats go to the first presses, never more.

        The workshop row is locked (or, on SQLite, answers are serialised) while seats are
        counted and the answer written, so fifty simultaneous presses for the last seat
        give one seat and forty-nine places on the waitlist.
        """
        async with self.db.serialized() as session:
            row = await self.ctx.locked(session, workshop_id)
            member = await repo.member_by_chat(session, chat_id)
            if member is None or member.consented_at is None:
                raise WorkshopError("not_member")
            if row.status == "cancelled":
                raise WorkshopError("cancelled")
            if row.status != "published" or row.starts_at is None:
                raise WorkshopError("unknown")
            if not rsvp_open(now=now, starts_at=row.starts_at, closes_at=row.rsvp_closes_at):
                raise WorkshopError("closed")
            rsvp = await repo.rsvp(session, row.id, member.id)
            current = Answer(rsvp.status) if rsvp else None
            going = await repo.going_count(session, row.id)
            decision = decide(
                capacity=row.capacity, going=going, current=current, requested=requested
            )
            if rsvp is None:
                rsvp = WorkshopRsvp(
                    workshop_id=row.id,
                    member_id=member.id,
                    status=decision.status.value,
                    display_name=display_name[:160],
                    answered_at=now,
                    reminders=[],
                )
                session.add(rsvp)
            elif decision.changed:
                rsvp.status = decision.status.value
                rsvp.answered_at = now
                rsvp.display_name = display_name[:160] or rsvp.display_name
            if decision.changed:
                rsvp.queued_at = now if decision.status is Answer.WAITLIST else None
            await session.flush()
            promoted = 0
            if decision.frees_seats:
                promoted = await notices.promote(self.ctx, session, row, now=now)
            workshop = await repo.with_counts(session, row)
            return AnswerOutcome(workshop, decision.status, decision.changed, promoted)

    # -------------------------------------------------------------- attendance

    async def attendees(self, workshop_id: int) -> list[Attendee]:
        """Every answer, grouped by status (going, waitlist in order, maybe, no)."""
        async with self.db.transaction() as session:
            rows = await repo.answers_with_members(session, workshop_id)
        return _sorted(rows)

    async def attendee_list(self, workshop_id: int, *, now: datetime) -> AttendeeList | None:
        """A published or cancelled workshop with its answers (None: no such workshop)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, workshop_id)
            if row is None or row.status == "draft" or row.starts_at is None:
                return None
            workshop = await repo.with_counts(session, row)
            people = _sorted(await repo.answers_with_members(session, workshop_id))
        marking = now >= row.starts_at and workshop.status == "published"
        return AttendeeList(workshop, tuple(people), marking)

    async def set_attended(self, workshop_id: int, member_id: int, attended: bool | None) -> bool:
        """Mark whether a member came; False when they never answered."""
        async with self.db.transaction() as session:
            rsvp = await repo.rsvp(session, workshop_id, member_id)
            if rsvp is None:
                return False
            rsvp.attended = attended
            return True


def _sorted(rows: list[tuple[WorkshopRsvp, Member]]) -> list[Attendee]:
    found = [
        Attendee(
            member_id=member.id,
            display_name=rsvp.display_name,
            org_name=member.org_name or "",
            country=member.country or "",
            org_type=member.org_type or "",
            status=rsvp.status,
            answered_at=rsvp.queued_at or rsvp.answered_at,
            attended=rsvp.attended,
        )
        for rsvp, member in rows
    ]
    return sorted(found, key=lambda a: (_ORDER[a.status], a.answered_at, a.member_id))
