"""Following calls. Each public function owns one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select

from bot.db.models import Follow, Member, OpportunityRow
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
            member_id = await session.scalar(select(Member.id).where(Member.chat_id == chat_id))
            kind = await session.scalar(
                select(OpportunityRow.kind).where(OpportunityRow.id == opportunity_id)
            )
            if member_id is None or kind is None:
                return False
            if on and kind not in FUNDING_KINDS:
                return False
            current = await session.get(Follow, (member_id, opportunity_id))
            if on and current is None:
                session.add(
                    Follow(member_id=member_id, opportunity_id=opportunity_id, created_at=now)
                )
            elif not on and current is not None:
                await session.execute(
                    delete(Follow).where(
                        Follow.member_id == member_id, Follow.opportunity_id == opportunity_id
                    )
                )
            return True

    async def following(self, chat_id: int) -> list[Followed]:
        """The member's followed calls, soonest deadline first."""
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(OpportunityRow)
                    .join(Follow, Follow.opportunity_id == OpportunityRow.id)
                    .join(Member, Member.id == Follow.member_id)
                    .where(Member.chat_id == chat_id)
                )
            ).scalars()
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
                for r in rows.all()
            ]
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(found, key=lambda f: f.next_deadline or far)

    async def followed_ids(self, chat_id: int) -> set[int]:
        """Ids of the calls the member follows."""
        async with self.db.transaction() as session:
            rows = await session.scalars(
                select(Follow.opportunity_id)
                .join(Member, Member.id == Follow.member_id)
                .where(Member.chat_id == chat_id)
            )
            return set(rows.all())
