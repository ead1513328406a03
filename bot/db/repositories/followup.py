"""Follow-up queries: who attended or registered, next steps and their owners.

Functions take the caller's session and never commit; the follow-up service owns the
transactions. Datetimes are aware UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from bot.db.models import Member, Workshop, WorkshopRsvp
from bot.db.models.followup import ActionItem
from bot.db.models.surveys import Survey
from bot.followup.types import REGISTERED, ActionInfo, Candidate


def member_ids_query(audience: str, workshop_id: int) -> Select[tuple[int]]:
    """Member ids of a workshop's audience: ``attended`` (marked as came), ``registered``
    (going, waitlist, maybe) or ``answered`` (any answer, can't go included). Broadcasts use
    the first two ("attended #N", "registered for #N"); materials the first and last."""
    rsvps = select(WorkshopRsvp.member_id).where(WorkshopRsvp.workshop_id == workshop_id)
    if audience == "attended":
        return rsvps.where(WorkshopRsvp.attended.is_(True))
    if audience == "registered":
        return rsvps.where(WorkshopRsvp.status.in_(REGISTERED))
    if audience == "answered":
        return rsvps
    raise ValueError(f"unknown workshop audience {audience!r}")


def workshop_audience_query(audience: str, workshop_id: int) -> Select[tuple[Member]]:
    """Members of a workshop's audience who can be written to (paused digests included:
    materials of a workshop they came to are not a digest)."""
    return (
        select(Member)
        .where(
            Member.id.in_(member_ids_query(audience, workshop_id)),
            Member.consented_at.is_not(None),
            Member.blocked_at.is_(None),
        )
        .order_by(Member.id)
    )


async def workshop_audience(session: AsyncSession, audience: str, workshop_id: int) -> list[Member]:
    """The members of a workshop audience now."""
    return list((await session.scalars(workshop_audience_query(audience, workshop_id))).all())


async def workshop_audience_size(session: AsyncSession, audience: str, workshop_id: int) -> int:
    """How many members a workshop audience has now."""
    query = workshop_audience_query(audience, workshop_id).subquery()
    return int(await session.scalar(select(func.count()).select_from(query)) or 0)


async def candidates(session: AsyncSession, workshop_id: int) -> list[Candidate]:
    """Attendees who may own a next step: marked as came, else registered; by name."""
    rows = (
        await session.execute(
            select(Member, WorkshopRsvp)
            .join(WorkshopRsvp, WorkshopRsvp.member_id == Member.id)
            .where(WorkshopRsvp.workshop_id == workshop_id)
            .where(
                (WorkshopRsvp.attended.is_(True))
                | (WorkshopRsvp.status.in_(REGISTERED) & WorkshopRsvp.attended.is_not(False))
            )
            .order_by(WorkshopRsvp.display_name, Member.id)
        )
    ).all()
    return [Candidate(member.id, rsvp.display_name, member.org_name or "") for member, rsvp in rows]


def snapshot(row: ActionItem, title: str) -> ActionInfo:
    """A frozen copy of an item for views."""
    return ActionInfo(
        id=row.id,
        workshop_id=row.workshop_id,
        workshop_title=title,
        status=row.status,
        text=row.text,
        owner_id=row.owner_id,
        owner_label=row.owner_label,
        due_on=row.due_on,
        due_at=row.due_at,
        draft_step=row.draft_step,
        done_at=row.done_at,
    )


async def item(session: AsyncSession, item_id: int) -> ActionItem | None:
    """An item by id."""
    return await session.get(ActionItem, item_id)


async def title_of(session: AsyncSession, workshop_id: int) -> str:
    """A workshop's title ("" when it is gone)."""
    return str(await session.scalar(select(Workshop.title).where(Workshop.id == workshop_id)) or "")


async def info(session: AsyncSession, row: ActionItem) -> ActionInfo:
    """``row`` with its workshop's title."""
    return snapshot(row, await title_of(session, row.workshop_id))


async def _with_titles(
    session: AsyncSession, query: Select[tuple[ActionItem, str]]
) -> list[ActionInfo]:
    rows = (await session.execute(query)).all()
    return [snapshot(row, title) for row, title in rows]


def _items() -> Select[tuple[ActionItem, str]]:
    return select(ActionItem, Workshop.title).join(Workshop, Workshop.id == ActionItem.workshop_id)


async def open_of_member(session: AsyncSession, member_id: int) -> list[ActionInfo]:
    """A member's open items, soonest due first."""
    query = (
        _items()
        .where(ActionItem.owner_id == member_id, ActionItem.status == "open")
        .order_by(ActionItem.due_at, ActionItem.id)
    )
    return await _with_titles(session, query)


async def open_items(session: AsyncSession) -> list[ActionInfo]:
    """Every open item, by workshop then due day."""
    query = (
        _items()
        .where(ActionItem.status == "open")
        .order_by(ActionItem.workshop_id, ActionItem.due_at, ActionItem.id)
    )
    return await _with_titles(session, query)


async def of_workshop(session: AsyncSession, workshop_id: int) -> list[ActionInfo]:
    """A workshop's open and done items (drafts left out), by due day."""
    query = (
        _items()
        .where(ActionItem.workshop_id == workshop_id, ActionItem.status != "draft")
        .order_by(ActionItem.due_at, ActionItem.id)
    )
    return await _with_titles(session, query)


async def overdue(session: AsyncSession, *, now: datetime) -> list[ActionInfo]:
    """Open items whose due day has ended, oldest first."""
    query = (
        _items()
        .where(ActionItem.status == "open", ActionItem.due_at <= now)
        .order_by(ActionItem.due_at, ActionItem.id)
    )
    return await _with_titles(session, query)


async def reminder_candidates(session: AsyncSession, *, now: datetime) -> Sequence[ActionItem]:
    """Open items not yet reminded whose due day has not ended (the rule decides the rest)."""
    query = select(ActionItem).where(
        ActionItem.status == "open",
        ActionItem.reminded_at.is_(None),
        ActionItem.due_at > now,
    )
    return (await session.scalars(query.order_by(ActionItem.id))).all()


async def drafts_of(session: AsyncSession, user_id: int) -> Sequence[ActionItem]:
    """A coordinator's unfinished items."""
    query = select(ActionItem).where(ActionItem.created_by == user_id, ActionItem.status == "draft")
    return (await session.scalars(query)).all()


async def member(session: AsyncSession, member_id: int) -> Member | None:
    """A member row by id."""
    return await session.get(Member, member_id)


async def member_by_chat(session: AsyncSession, chat_id: int) -> Member | None:
    """A member row by chat id."""
    found: Member | None = await session.scalar(select(Member).where(Member.chat_id == chat_id))
    return found


async def has_poll(session: AsyncSession, workshop_id: int) -> bool:
    """The workshop's feedback poll was sent."""
    found = await session.scalar(select(Survey.id).where(Survey.workshop_id == workshop_id))
    return found is not None


async def counts(session: AsyncSession, workshop_id: int) -> tuple[int, int]:
    """Open and done items of a workshop."""
    rows = await session.execute(
        select(ActionItem.status, func.count())
        .where(ActionItem.workshop_id == workshop_id)
        .group_by(ActionItem.status)
    )
    found = {status: int(n) for status, n in rows.all()}
    return found.get("open", 0), found.get("done", 0)
