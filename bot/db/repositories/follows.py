"""The calls members follow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Follow, Member, OpportunityRow


async def member_id(session: AsyncSession, chat_id: int) -> int | None:
    """The member row id of a chat, if the chat is known."""
    found: int | None = await session.scalar(select(Member.id).where(Member.chat_id == chat_id))
    return found


async def opportunity_kind(session: AsyncSession, opportunity_id: int) -> str | None:
    """The kind of an opportunity row (``call``, ``news``…), or None when there is no such row."""
    kind: str | None = await session.scalar(
        select(OpportunityRow.kind).where(OpportunityRow.id == opportunity_id)
    )
    return kind


async def is_following(session: AsyncSession, member: int, opportunity_id: int) -> bool:
    """Whether the member follows the opportunity."""
    return await session.get(Follow, (member, opportunity_id)) is not None


def add(session: AsyncSession, member: int, opportunity_id: int, *, now: datetime) -> None:
    """Stage a follow."""
    session.add(Follow(member_id=member, opportunity_id=opportunity_id, created_at=now))


async def remove(session: AsyncSession, member: int, opportunity_id: int) -> None:
    """Stop following (nothing happens when the member did not follow it)."""
    await session.execute(
        delete(Follow).where(Follow.member_id == member, Follow.opportunity_id == opportunity_id)
    )


async def followed_rows(session: AsyncSession, chat_id: int) -> list[OpportunityRow]:
    """The opportunity rows a chat follows (in no particular order)."""
    rows = await session.scalars(
        select(OpportunityRow)
        .join(Follow, Follow.opportunity_id == OpportunityRow.id)
        .join(Member, Member.id == Follow.member_id)
        .where(Member.chat_id == chat_id)
    )
    return list(rows.all())


async def followed_ids(session: AsyncSession, chat_id: int) -> set[int]:
    """Ids of the opportunities a chat follows."""
    rows = await session.scalars(
        select(Follow.opportunity_id)
        .join(Member, Member.id == Follow.member_id)
        .where(Member.chat_id == chat_id)
    )
    return set(rows.all())
