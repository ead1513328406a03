"""Who may use coordinator commands: the config's admins plus members promoted in chat."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.coordinators.types import CoordinatorEntry
from bot.db.repositories import coordinators as repo
from bot.db.session import Database

__all__ = ["CoordinatorEntry", "Coordinators"]


class Coordinators:
    """Role checks and changes. Config admins can never be demoted in chat."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def is_admin(self, user_id: int) -> bool:
        """An admin from the config (may promote and demote coordinators)."""
        return user_id in self.settings.telegram.admin_ids

    async def is_coordinator(self, user_id: int) -> bool:
        """A config admin or a promoted coordinator."""
        if self.is_admin(user_id):
            return True
        async with self.db.transaction() as session:
            return await repo.is_promoted(session, user_id)

    async def all(self) -> list[CoordinatorEntry]:
        """Config admins first, then promoted coordinators by name."""
        async with self.db.transaction() as session:
            rows = await repo.promoted(session)
        promoted = sorted(
            (
                CoordinatorEntry(r.user_id, r.display_name, False)
                for r in rows
                if not self.is_admin(r.user_id)
            ),
            key=lambda e: e.display_name.lower(),
        )
        admins = [CoordinatorEntry(i, "", True) for i in self.settings.telegram.admin_ids]
        return admins + promoted

    async def user_ids(self) -> list[int]:
        """Every coordinator's user id (for notices)."""
        return [entry.user_id for entry in await self.all()]

    async def languages(self) -> dict[int, str | None]:
        """Every coordinator's user id and the language of their private chat with the bot.

        None for a coordinator who never talked to the bot: notices to them use the default
        language.
        """
        ids = await self.user_ids()
        async with self.db.transaction() as session:
            known = await repo.chat_languages(session, ids)
        return {user_id: known.get(user_id) for user_id in ids}

    async def promote(self, user_id: int, display_name: str, *, by: int, now: datetime) -> bool:
        """Make ``user_id`` a coordinator; False when they already are one."""
        if self.is_admin(user_id):
            return False
        async with self.db.transaction() as session:
            if await repo.is_promoted(session, user_id):
                return False
            repo.add(session, user_id, display_name, by=by, now=now)
            return True

    async def demote(self, user_id: int) -> bool:
        """Remove a promoted coordinator; False when there was none (config admins stay)."""
        async with self.db.transaction() as session:
            return await repo.remove(session, user_id)
