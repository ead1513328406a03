"""Who may use coordinator commands: the config's admins plus members promoted in chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from bot.config import Settings
from bot.db.models import Coordinator, Member
from bot.db.session import Database


@dataclass(frozen=True, slots=True)
class CoordinatorEntry:
    """One coordinator as ``/admins`` lists them."""

    user_id: int
    display_name: str
    from_config: bool


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
            return await session.get(Coordinator, user_id) is not None

    async def all(self) -> list[CoordinatorEntry]:
        """Config admins first, then promoted coordinators by name."""
        async with self.db.transaction() as session:
            rows = (await session.scalars(select(Coordinator))).all()
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
            rows = (
                await session.execute(
                    select(Member.chat_id, Member.language).where(Member.chat_id.in_(ids))
                )
            ).all()
        known = {int(chat_id): language for chat_id, language in rows}
        return {user_id: known.get(user_id) for user_id in ids}

    async def promote(self, user_id: int, display_name: str, *, by: int, now: datetime) -> bool:
        """Make ``user_id`` a coordinator; False when they already are one."""
        if self.is_admin(user_id):
            return False
        async with self.db.transaction() as session:
            if await session.get(Coordinator, user_id) is not None:
                return False
            session.add(
                Coordinator(
                    user_id=user_id, display_name=display_name[:120], added_by=by, added_at=now
                )
            )
            return True

    async def demote(self, user_id: int) -> bool:
        """Remove a promoted coordinator; False when there was none (config admins stay)."""
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(Coordinator).where(Coordinator.user_id == user_id)
            )
            return bool(getattr(result, "rowcount", 0))
