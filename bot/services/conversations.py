"""The conversation-state use-cases handlers reach directly (read once per message, replace)."""

from __future__ import annotations

from bot.conversation import Waiting
from bot.db.repositories import conversations as repo
from bot.db.session import Database


class Conversations:
    """Read and replace one chat's conversation state, each in its own transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def current(self, chat_id: int) -> Waiting | None:
        """What the chat waits for now."""
        async with self.db.transaction() as session:
            return await repo.current(session, chat_id)

    async def expect(self, chat_id: int, waiting: Waiting) -> Waiting | None:
        """Start waiting for ``waiting``; returns what the chat waited for before."""
        async with self.db.transaction() as session:
            return await repo.expect(session, chat_id, waiting.kind, waiting.ref)

    async def clear(self, chat_id: int, kinds: frozenset[str]) -> None:
        """Stop waiting when the chat waits for one of ``kinds``."""
        async with self.db.transaction() as session:
            await repo.clear(session, chat_id, kinds)
