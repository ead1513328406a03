"""Following calls. Each public function owns one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.db.repositories import follows as repo
from bot.db.session import Database
from bot.members.types import Followed
from bot.services.alerts import FUNDING_KINDS


class Follows:
    """Follow use-cases bound to a database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def set_following(
        self, chat_id: int, opportunity_id: int, on: bool, *, now: datetime
    ) -> bool:
        """Follow or unfollow; False when the call or the member does not exist, or when
        asked to follow what is not a call (news, an event, results: no deadline to follow)."""
        async with self.db.transaction() as session:
            member = await repo.member_id(session, chat_id)
            kind = await repo.opportunity_kind(session, opportunity_id)
            if member is None or kind is None:
                return False
            if on and kind not in FUNDING_KINDS:
                return False
            following = await repo.is_following(session, member, opportunity_id)
            if on and not following:
                repo.add(session, member, opportunity_id, now=now)
            elif not on and following:
                await repo.remove(session, member, opportunity_id)
            return True

    async def following(self, chat_id: int) -> list[Followed]:
        """The member's followed calls, soonest deadline first."""
        async with self.db.transaction() as session:
            found = [
                Followed(
                    r.id,
                    r.title,
                    r.url,
                    r.next_deadline,
                    r.status,
                    r.deadline_has_time,
                    r.deadline_zone,
                )
                for r in await repo.followed_rows(session, chat_id)
            ]
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(found, key=lambda f: f.next_deadline or far)

    async def followed_ids(self, chat_id: int) -> set[int]:
        """Ids of the calls the member follows."""
        async with self.db.transaction() as session:
            return await repo.followed_ids(session, chat_id)
