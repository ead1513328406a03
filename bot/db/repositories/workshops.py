"""Workshop rows, answers and audiences: every workshop query, in the caller's transaction.

Functions take an :class:`AsyncSession` and never commit; the services own the transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Follow, Member, MemberInterest, OpportunityRow, Workshop, WorkshopRsvp
from bot.workshops.types import Counts, WorkshopInfo


def snapshot(row: Workshop, counts: Counts | None = None) -> WorkshopInfo:
    """A frozen copy of a row, for views."""
    return WorkshopInfo(
        id=row.id,
        status=row.status,
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        place=row.place,
        url=row.url,
        language=row.language,
        capacity=row.capacity,
        topics=tuple(row.topics or ()),
        audience=row.audience,
        rsvp_closes_at=row.rsvp_closes_at,
        related_calls=tuple(row.related_calls or ()),
        created_by=row.created_by,
        organiser_name=row.organiser_name,
        draft_step=row.draft_step,
        edits_id=row.edits_id,
        sequence=row.sequence,
        created_at=row.created_at,
        counts=counts or Counts(),
        registration_fields=tuple(row.registration_fields or ()),
        link_after_checkin=bool(row.link_after_checkin),
        kind=row.kind or "workshop",
        recurrence=row.recurrence,
        series_id=row.series_id,
    )


# --- workshops ---------------------------------------------------------------------------------


async def get(session: AsyncSession, workshop_id: int) -> Workshop | None:
    """A workshop (or draft) by id."""
    return await session.get(Workshop, workshop_id)


async def locked(session: AsyncSession, workshop_id: int, *, lock: bool) -> Workshop | None:
    """A workshop by id, locked ``FOR UPDATE`` with ``lock`` (PostgreSQL) until the commit."""
    query = select(Workshop).where(Workshop.id == workshop_id)
    if lock:
        query = query.with_for_update()
    row: Workshop | None = await session.scalar(query)
    return row


async def counts(session: AsyncSession, workshop_ids: Sequence[int]) -> dict[int, Counts]:
    """Answers per workshop, by status, with how many came."""
    if not workshop_ids:
        return {}
    rows = await session.execute(
        select(
            WorkshopRsvp.workshop_id,
            WorkshopRsvp.status,
            func.count(),
            func.count().filter(WorkshopRsvp.attended.is_(True)),
        )
        .where(WorkshopRsvp.workshop_id.in_(list(workshop_ids)))
        .group_by(WorkshopRsvp.workshop_id, WorkshopRsvp.status)
    )
    found: dict[int, dict[str, int]] = {}
    for workshop_id, status, count, attended in rows.all():
        bucket = found.setdefault(workshop_id, {})
        bucket[status] = int(count)
        bucket["attended"] = bucket.get("attended", 0) + int(attended)
    return {
        workshop_id: Counts(
            going=b.get("going", 0),
            maybe=b.get("maybe", 0),
            no=b.get("no", 0),
            waitlist=b.get("waitlist", 0),
            attended=b.get("attended", 0),
        )
        for workshop_id, b in found.items()
    }


async def with_counts(session: AsyncSession, row: Workshop) -> WorkshopInfo:
    """A snapshot of ``row`` with its current counts."""
    found = await counts(session, [row.id])
    return snapshot(row, found.get(row.id))


async def listed(session: AsyncSession, *, now: datetime, include_past: bool) -> list[Workshop]:
    """Published and cancelled workshops, soonest first (those not yet ended unless past too)."""
    query = select(Workshop).where(Workshop.status.in_(("published", "cancelled")))
    if not include_past:
        query = query.where(Workshop.ends_at > now)
    return list((await session.scalars(query.order_by(Workshop.starts_at))).all())


async def upcoming_published(session: AsyncSession, *, now: datetime) -> list[Workshop]:
    """Published workshops not yet ended, soonest first."""
    query = (
        select(Workshop)
        .where(Workshop.status == "published", Workshop.ends_at > now)
        .order_by(Workshop.starts_at)
    )
    return list((await session.scalars(query)).all())


async def same_published(session: AsyncSession, title: str, starts_at: datetime) -> int | None:
    """A stored (published or cancelled) workshop with this title and start, if any."""
    found: int | None = await session.scalar(
        select(Workshop.id).where(
            Workshop.status.in_(("published", "cancelled")),
            Workshop.title == title,
            Workshop.starts_at == starts_at,
        )
    )
    return found


# --- drafts ------------------------------------------------------------------------------------


async def newest_draft(
    session: AsyncSession, user_id: int, *, lock: bool = False
) -> Workshop | None:
    """The draft ``user_id`` touched last (new or edit); locked ``FOR UPDATE`` with ``lock``."""
    query = (
        select(Workshop)
        .where(Workshop.status == "draft", Workshop.created_by == user_id)
        .order_by(Workshop.updated_at.desc(), Workshop.id.desc())
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    row: Workshop | None = await session.scalar(query)
    return row


async def unfinished_new_draft(session: AsyncSession, user_id: int) -> Workshop | None:
    """The user's newest new draft still in the guided flow."""
    row: Workshop | None = await session.scalar(
        select(Workshop)
        .where(
            Workshop.status == "draft",
            Workshop.created_by == user_id,
            Workshop.edits_id.is_(None),
            Workshop.draft_step.is_not(None),
        )
        .order_by(Workshop.id.desc())
        .limit(1)
    )
    return row


async def delete_new_drafts(session: AsyncSession, user_id: int) -> None:
    """Drop the user's new drafts (a fresh /newworkshop replaces them)."""
    await session.execute(
        delete(Workshop).where(
            Workshop.status == "draft",
            Workshop.created_by == user_id,
            Workshop.edits_id.is_(None),
        )
    )


async def delete_edit_drafts(session: AsyncSession, user_id: int, workshop_id: int) -> None:
    """Drop the user's earlier edit drafts of one workshop."""
    await session.execute(
        delete(Workshop).where(
            Workshop.status == "draft",
            Workshop.created_by == user_id,
            Workshop.edits_id == workshop_id,
        )
    )


async def delete_draft(session: AsyncSession, draft_id: int, user_id: int) -> bool:
    """Delete one of the user's drafts; False when there was none."""
    result = await session.execute(
        delete(Workshop).where(
            Workshop.id == draft_id,
            Workshop.status == "draft",
            Workshop.created_by == user_id,
        )
    )
    return bool(getattr(result, "rowcount", 0))


# --- members and audiences ---------------------------------------------------------------------


async def member_by_chat(session: AsyncSession, chat_id: int) -> Member | None:
    """The member row of a chat."""
    member: Member | None = await session.scalar(select(Member).where(Member.chat_id == chat_id))
    return member


async def topics_of(session: AsyncSession, member_id: int) -> set[str]:
    """The topics a member follows."""
    rows = await session.scalars(
        select(MemberInterest.item_id).where(
            MemberInterest.member_id == member_id, MemberInterest.kind == "topic"
        )
    )
    return set(rows.all())


async def audience(
    session: AsyncSession, row: Workshop, *, audience: str, common_language: str
) -> list[Member]:
    """Members who get the announcement: reachable, speaking its language (or any language, or
    it is held in the common one: :func:`bot.workshops.audience.reaches`), and with a topic of
    it unless "all"."""
    query = select(Member).where(
        Member.consented_at.is_not(None),
        Member.paused_at.is_(None),
        Member.blocked_at.is_(None),
    )
    if row.language != common_language:
        query = query.where(
            or_(Member.language == row.language, Member.workshops_any_language.is_(True))
        )
    if audience == "topics" and row.topics:
        query = query.where(
            Member.id.in_(
                select(MemberInterest.member_id).where(
                    MemberInterest.kind == "topic", MemberInterest.item_id.in_(row.topics)
                )
            )
        )
    return list((await session.scalars(query.order_by(Member.id))).all())


# --- answers -----------------------------------------------------------------------------------


async def rsvp(session: AsyncSession, workshop_id: int, member_id: int) -> WorkshopRsvp | None:
    """One member's answer to one workshop."""
    return await session.get(WorkshopRsvp, (workshop_id, member_id))


async def answers_of(session: AsyncSession, member_id: int) -> dict[int, str]:
    """A member's answers by workshop id."""
    rows = await session.scalars(select(WorkshopRsvp).where(WorkshopRsvp.member_id == member_id))
    return {r.workshop_id: r.status for r in rows.all()}


async def answer_of_chat(session: AsyncSession, workshop_id: int, chat_id: int) -> str | None:
    """The status a chat's member answered, if any."""
    status: str | None = await session.scalar(
        select(WorkshopRsvp.status)
        .join(Member, Member.id == WorkshopRsvp.member_id)
        .where(WorkshopRsvp.workshop_id == workshop_id, Member.chat_id == chat_id)
    )
    return status


async def going_count(session: AsyncSession, workshop_id: int) -> int:
    """Members with a seat."""
    count = await session.scalar(
        select(func.count()).where(
            WorkshopRsvp.workshop_id == workshop_id, WorkshopRsvp.status == "going"
        )
    )
    return int(count or 0)


async def waitlist(session: AsyncSession, workshop_id: int) -> list[tuple[WorkshopRsvp, Member]]:
    """The waitlist in order (first queued first)."""
    rows = await session.execute(
        select(WorkshopRsvp, Member)
        .join(Member, Member.id == WorkshopRsvp.member_id)
        .where(WorkshopRsvp.workshop_id == workshop_id, WorkshopRsvp.status == "waitlist")
        .order_by(WorkshopRsvp.queued_at, WorkshopRsvp.member_id)
    )
    return [(r, m) for r, m in rows.all()]


async def answered(session: AsyncSession, workshop_id: int) -> list[tuple[Member, str]]:
    """Every reachable member who answered, with the answer (for change notices)."""
    rows = await session.execute(
        select(Member, WorkshopRsvp.status)
        .join(WorkshopRsvp, WorkshopRsvp.member_id == Member.id)
        .where(WorkshopRsvp.workshop_id == workshop_id, Member.blocked_at.is_(None))
    )
    return [(m, s) for m, s in rows.all()]


async def answers_with_members(
    session: AsyncSession, workshop_id: int
) -> list[tuple[WorkshopRsvp, Member]]:
    """Every answer with its member (for the attendee list)."""
    rows = await session.execute(
        select(WorkshopRsvp, Member)
        .join(Member, Member.id == WorkshopRsvp.member_id)
        .where(WorkshopRsvp.workshop_id == workshop_id)
    )
    return [(r, m) for r, m in rows.all()]


async def going_to_upcoming(
    session: AsyncSession, *, now: datetime
) -> list[tuple[Workshop, WorkshopRsvp, Member]]:
    """Every seat at a published workshop not yet started, of a reachable member (reminders)."""
    rows = await session.execute(
        select(Workshop, WorkshopRsvp, Member)
        .join(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
        .join(Member, Member.id == WorkshopRsvp.member_id)
        .where(
            Workshop.status == "published",
            Workshop.starts_at > now,
            WorkshopRsvp.status == "going",
            Member.blocked_at.is_(None),
        )
    )
    return [(w, r, m) for w, r, m in rows.all()]


async def going_of_member(
    session: AsyncSession, member_id: int, *, now: datetime
) -> list[Workshop]:
    """Published workshops not yet ended that the member goes to, soonest first."""
    rows = await session.scalars(
        select(Workshop)
        .join(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
        .where(
            WorkshopRsvp.member_id == member_id,
            WorkshopRsvp.status == "going",
            Workshop.status == "published",
            Workshop.ends_at > now,
        )
        .order_by(Workshop.starts_at)
    )
    return list(rows.all())


async def followed_calls(session: AsyncSession, member_id: int) -> list[OpportunityRow]:
    """The opportunities a member follows (their deadlines go into the calendar)."""
    rows = await session.scalars(
        select(OpportunityRow)
        .join(Follow, Follow.opportunity_id == OpportunityRow.id)
        .where(Follow.member_id == member_id)
    )
    return list(rows.all())
