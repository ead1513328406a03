"""Queries of the partner directory: members' entries and introductions between members.

Functions take a session and never commit: the directory service owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import DirectoryEntry, Introduction, Member, OpportunityRow


async def member_of_chat(
    session: AsyncSession, chat_id: int, *, lock: bool = False
) -> Member | None:
    """The member of a chat with their interests; ``lock`` holds the row until commit
    (PostgreSQL), which orders two simultaneous presses of the same member."""
    query = select(Member).where(Member.chat_id == chat_id).options(selectinload(Member.interests))
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).one_or_none()


async def member(session: AsyncSession, member_id: int) -> Member | None:
    """A member by row id."""
    return await session.get(Member, member_id)


async def member_with_interests(session: AsyncSession, member_id: int) -> Member:
    """A member known to exist (say, the requester of an introduction), with their interests."""
    query = select(Member).where(Member.id == member_id).options(selectinload(Member.interests))
    return (await session.scalars(query)).one()


async def entry(session: AsyncSession, member_id: int) -> DirectoryEntry | None:
    """The member's entry row (a draft or published), if they have one."""
    return await session.get(DirectoryEntry, member_id)


def add_entry(session: AsyncSession, row: DirectoryEntry) -> DirectoryEntry:
    """Store a new entry row (written at the next flush)."""
    session.add(row)
    return row


async def delete_entry(session: AsyncSession, row: DirectoryEntry) -> None:
    """Remove an entry row."""
    await session.delete(row)


async def published(
    session: AsyncSession,
    *,
    exclude_chat_id: int,
    country: str | None = None,
    org_type: str | None = None,
) -> list[tuple[DirectoryEntry, Member]]:
    """Published entries of reachable private chats, except the asking chat's own, by name.

    Country and type are the profile's (the source of truth; the entry's copies are
    refreshed whenever the entry is saved).
    """
    query = (
        select(DirectoryEntry, Member)
        .join(Member, Member.id == DirectoryEntry.member_id)
        .where(DirectoryEntry.published_at.is_not(None))
        .where(Member.chat_id != exclude_chat_id)
        .where(Member.chat_type == "private")
        .where(Member.consented_at.is_not(None))
        .where(Member.blocked_at.is_(None))
    )
    if country is not None:
        query = query.where(Member.country == country)
    if org_type is not None:
        query = query.where(Member.org_type == org_type)
    rows = [(entry, member) for entry, member in (await session.execute(query)).tuples()]
    return sorted(rows, key=lambda r: ((r[1].org_name or "").casefold(), r[0].member_id))


async def has_published(session: AsyncSession, chat_id: int) -> bool:
    """The chat's member has a published entry."""
    found = await session.scalar(
        select(DirectoryEntry.member_id)
        .join(Member, Member.id == DirectoryEntry.member_id)
        .where(Member.chat_id == chat_id)
        .where(DirectoryEntry.published_at.is_not(None))
    )
    return found is not None


async def call(session: AsyncSession, opportunity_id: int) -> OpportunityRow | None:
    """A call (an opportunity row) by id."""
    return await session.get(OpportunityRow, opportunity_id)


async def pending_between(session: AsyncSession, requester_id: int, target_id: int) -> int | None:
    """The id of a pending introduction from ``requester_id`` to ``target_id``, if any."""
    found: int | None = await session.scalar(
        select(Introduction.id)
        .where(Introduction.requester_id == requester_id)
        .where(Introduction.target_id == target_id)
        .where(Introduction.status == "pending")
    )
    return found


async def requests_since(session: AsyncSession, requester_id: int, since: datetime) -> int:
    """How many introductions the member asked for after ``since``."""
    count = await session.scalar(
        select(func.count())
        .select_from(Introduction)
        .where(Introduction.requester_id == requester_id)
        .where(Introduction.created_at > since)
    )
    return count or 0


async def add_introduction(
    session: AsyncSession,
    *,
    requester_id: int,
    target_id: int,
    opportunity_id: int | None,
    now: datetime,
) -> Introduction:
    """A new pending introduction (flushed, so it has its id)."""
    introduction = Introduction(
        requester_id=requester_id,
        target_id=target_id,
        opportunity_id=opportunity_id,
        status="pending",
        created_at=now,
    )
    session.add(introduction)
    await session.flush()
    return introduction


async def introduction(
    session: AsyncSession, introduction_id: int, *, lock: bool = False
) -> Introduction | None:
    """An introduction by id; ``lock`` holds its row until commit (PostgreSQL)."""
    query = select(Introduction).where(Introduction.id == introduction_id)
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).one_or_none()
