"""Coordinators promoted in chat (the config's admins are not stored)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Coordinator, Member


async def is_promoted(session: AsyncSession, user_id: int) -> bool:
    """``user_id`` was promoted in chat."""
    return await session.get(Coordinator, user_id) is not None


async def promoted(session: AsyncSession) -> list[Coordinator]:
    """Every promoted coordinator."""
    return list((await session.scalars(select(Coordinator))).all())


def add(session: AsyncSession, user_id: int, display_name: str, *, by: int, now: datetime) -> None:
    """Stage a promotion (the display name cut to its column)."""
    session.add(
        Coordinator(user_id=user_id, display_name=display_name[:120], added_by=by, added_at=now)
    )


async def remove(session: AsyncSession, user_id: int) -> bool:
    """Remove a promoted coordinator; False when there was none."""
    result = await session.execute(delete(Coordinator).where(Coordinator.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


async def chat_languages(session: AsyncSession, chat_ids: Iterable[int]) -> dict[int, str]:
    """The language of each known private chat among ``chat_ids``."""
    rows = (
        await session.execute(
            select(Member.chat_id, Member.language).where(Member.chat_id.in_(list(chat_ids)))
        )
    ).all()
    return {int(chat_id): language for chat_id, language in rows}
