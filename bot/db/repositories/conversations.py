"""The one conversation state per chat: what the bot waits for (kind + reference).

Every feature writes its waiting through these functions, inside its own service's transaction;
starting a flow replaces whatever the chat waited for before.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Waiting
from bot.db.models import Conversation


async def current(session: AsyncSession, chat_id: int) -> Waiting | None:
    """What the chat waits for now, if anything."""
    row = await session.get(Conversation, chat_id)
    return None if row is None else Waiting(row.kind, row.ref)


async def expect(
    session: AsyncSession, chat_id: int, kind: str, ref: str | None = None
) -> Waiting | None:
    """The chat now waits for ``kind``/``ref``; returns what it waited for before."""
    waiting = Waiting(kind, ref)  # validates
    row = await session.get(Conversation, chat_id)
    if row is None:
        session.add(Conversation(chat_id=chat_id, kind=waiting.kind, ref=waiting.ref))
        await session.flush()
        return None
    before = Waiting(row.kind, row.ref)
    row.kind, row.ref = waiting.kind, waiting.ref
    return before


async def clear(
    session: AsyncSession, chat_id: int, kinds: frozenset[str], *, draft_id: int | None = None
) -> None:
    """Stop waiting, but only when the chat waits for one of ``kinds`` (of draft ``draft_id``)."""
    row = await session.get(Conversation, chat_id)
    if row is None or row.kind not in kinds:
        return
    if draft_id is not None and Waiting(row.kind, row.ref).draft_id != draft_id:
        return
    await session.delete(row)
    await session.flush()


async def forget(session: AsyncSession, chat_id: int) -> None:
    """Drop the chat's state whatever it is (the member is erased)."""
    await session.execute(delete(Conversation).where(Conversation.chat_id == chat_id))


async def waiting_chats(session: AsyncSession) -> list[int]:
    """Every chat that waits for something (for checks and tests)."""
    return list((await session.scalars(select(Conversation.chat_id))).all())
