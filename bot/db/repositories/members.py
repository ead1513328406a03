"""Member rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member


async def by_chat_id(session: AsyncSession, chat_id: int) -> Member | None:
    """The member for a Telegram chat, if known."""
    result = await session.execute(select(Member).where(Member.chat_id == chat_id))
    return result.scalar_one_or_none()


def add(session: AsyncSession, member: Member) -> Member:
    """Stage a new member."""
    session.add(member)
    return member
