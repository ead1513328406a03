"""Coordinators' broadcasts (composed text to an audience) and pushing one opportunity now.

Both are confirmed from a preview with the recipient count, then queued in the outbox as one
delivery run, so the coordinators get the usual delivery summary when it is done.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.types import (
    AUDIENCES,
    TEXT_MAX,
    Audience,
    BroadcastError,
    BroadcastInfo,
    BroadcastRender,
    PushCandidate,
    PushHeading,
)
from bot.config import Settings
from bot.conversation import BROADCAST
from bot.core.i18n import Catalogs
from bot.db.models import Broadcast
from bot.db.repositories import broadcasts as repo
from bot.db.repositories import conversations, outbox
from bot.db.repositories import members as members_repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.digest.render import follow_markup, render_item
from bot.services.digests import Digests, prefs_of, taxonomy_labeler
from bot.services.members import snapshot

__all__ = [
    "AUDIENCES",
    "TEXT_MAX",
    "BroadcastError",
    "BroadcastInfo",
    "BroadcastRender",
    "Broadcasts",
    "PushCandidate",
    "PushHeading",
]


def _info(row: Broadcast) -> BroadcastInfo:
    return BroadcastInfo(
        row.id,
        row.status,
        row.text,
        row.link,
        row.audience,
        row.audience_value,
        row.draft_step,
        row.run_id,
    )


class Broadcasts:
    """Broadcast use-cases."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, digests: Digests | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        #: Which opportunities are open and whom they match (the weekly digest's index).
        self.digests = digests or Digests(db, settings)

    async def start(
        self,
        user_id: int,
        *,
        now: datetime,
        audience: Audience = "all",
        value: str | None = None,
    ) -> BroadcastInfo:
        """A new draft waiting for its text; older broadcast drafts of the user are discarded.

        The user's private chat now waits for this draft (whatever it waited for before).
        ``audience`` is preset by a workshop's follow-up ("attended #N").
        """
        async with self.db.transaction() as session:
            await repo.discard_drafts_of(session, user_id)
            row = await repo.add_draft(session, user_id, now=now)
            row.audience, row.audience_value = audience, value
            await _wait_on(session, row)
            return _info(row)

    async def draft_for(self, user_id: int) -> BroadcastInfo | None:
        """The user's open draft."""
        async with self.db.transaction() as session:
            row = await repo.latest_draft(session, user_id)
            return _info(row) if row else None

    async def own_draft(self, broadcast_id: int, user_id: int) -> BroadcastInfo | None:
        """Draft ``broadcast_id`` if ``user_id`` is writing it."""
        async with self.db.transaction() as session:
            row = await repo.get(session, broadcast_id)
            if row is None or row.created_by != user_id or row.status != "draft":
                return None
            return _info(row)

    async def update(self, broadcast_id: int, user_id: int, **values: object) -> BroadcastInfo:
        """Change the user's draft (text, link, audience, draft_step).

        Raises:
            BroadcastError: no such draft of the user, or no longer a draft.
            ValueError: an unknown field or audience (a programming error).
        """
        async with self.db.transaction() as session:
            row = await self._own(session, broadcast_id, user_id)
            for name, value in values.items():
                if name not in {"text", "link", "audience", "audience_value", "draft_step"}:
                    raise ValueError(name)
                setattr(row, name, value)
            if row.audience not in AUDIENCES:
                raise ValueError(row.audience)
            if "draft_step" in values:
                await _wait_on(session, row)
            return _info(row)

    async def _own(self, session: AsyncSession, broadcast_id: int, user_id: int) -> Broadcast:
        row = await repo.get(session, broadcast_id)
        if row is None or row.created_by != user_id:
            raise BroadcastError("unknown")
        if row.status != "draft":
            raise BroadcastError(row.status)
        return row

    async def count(self, audience: str, value: str | None) -> int:
        """Recipients of an audience now."""
        async with self.db.transaction() as session:
            return await repo.audience_size(session, audience, value)

    async def member_countries(self) -> list[str]:
        """The countries members gave, to offer as audiences."""
        async with self.db.transaction() as session:
            return await repo.member_countries(session)

    async def send(
        self, broadcast_id: int, user_id: int, *, now: datetime, render: BroadcastRender
    ) -> int:
        """Queue the broadcast to its audience; returns the number of recipients."""
        async with self.db.transaction() as session:
            row = await self._own(session, broadcast_id, user_id)
            if not row.text:
                raise BroadcastError("empty")
            members = await repo.audience(session, row.audience, row.audience_value)
            run_id = await repo.new_run(session, "broadcast", now=now)
            await outbox.enqueue(
                session,
                [
                    Outgoing(
                        chat_id=member.chat_id,
                        member_id=member.id,
                        kind="broadcast",
                        dedupe_key=f"broadcast:{row.id}:{member.id}",
                        text=render(member.language, row.text, row.link),
                    )
                    for member in members
                ],
                now=now,
                run_id=run_id,
            )
            row.status = "queued"
            row.draft_step = None
            await _wait_on(session, row)
            row.run_id = run_id
            row.queued_at = now
            return len(members)

    async def discard(self, broadcast_id: int, user_id: int) -> None:
        """Throw a draft away."""
        async with self.db.transaction() as session:
            row = await self._own(session, broadcast_id, user_id)
            row.status = "discarded"
            row.draft_step = None
            await _wait_on(session, row)

    # ------------------------------------------------------------------ push

    async def find_opportunity(self, reference: str) -> PushCandidate | None:
        """An opportunity by row id, call id or uid (the newest when several share a call id)."""
        async with self.db.transaction() as session:
            row = await repo.find_opportunity(session, reference)
            if row is None:
                return None
            return PushCandidate(row.id, row.title, row.call_id, row.uid, row.kind, row.status)

    async def push_recipients(self, opportunity_id: int, *, now: datetime) -> list[int]:
        """Member ids whose preferences match the opportunity now (closed ones, news, events
        and results match none: only calls, tenders and cascade calls are pushed)."""
        index = await self.digests.index(now=now)
        position = next((i for i, c in enumerate(index.items) if c.key == opportunity_id), None)
        if position is None or not index.items[position].opportunity.kind.is_funding:
            return []
        found = []
        async with self.db.transaction() as session:
            for member in await members_repo.digest_candidates(session):
                prefs = prefs_of(snapshot(member, self.settings))
                if index.mask_for(prefs) >> position & 1:
                    found.append(member.id)
        return found

    async def push(self, opportunity_id: int, *, now: datetime, heading: PushHeading) -> int:
        """Queue the opportunity to every member it matches, as a delivery run.

        It counts as shown in a digest, so the next weekly digest does not repeat it.

        Raises:
            BroadcastError: ``not_open`` (closed or gone), ``not_funding`` (news, an event or
                results: only what a member can apply to is pushed).
        """
        index = await self.digests.index(now=now)
        position = next((i for i, c in enumerate(index.items) if c.key == opportunity_id), None)
        if position is None:
            raise BroadcastError("not_open")
        item = index.items[position].opportunity
        if not item.kind.is_funding:
            raise BroadcastError("not_funding")
        label = taxonomy_labeler(self.settings)
        messages: list[Outgoing] = []
        async with self.db.transaction() as session:
            run_id = await repo.new_run(session, "push", now=now)
            for member in await members_repo.digest_candidates(session):
                profile = snapshot(member, self.settings)
                prefs = prefs_of(profile)
                if not index.mask_for(prefs) >> position & 1:
                    continue
                key = f"push:{opportunity_id}:{member.id}"
                if await outbox.existing_keys(session, [key]):
                    continue  # pushed before: never twice to the same member
                tr = self.catalogs.get(profile.language)
                body = render_item(
                    tr,
                    item,
                    prefs,
                    index,
                    position,
                    language=profile.language,
                    zone=ZoneInfo(profile.timezone),
                    label=label,
                )
                followed = await members_repo.followed_ids(session, member.id)
                messages.append(
                    Outgoing(
                        chat_id=member.chat_id,
                        member_id=member.id,
                        kind="push",
                        dedupe_key=key,
                        text=heading(profile.language) + "\n\n" + body,
                        reply_markup=follow_markup(
                            ((1, opportunity_id),),
                            followed,
                            partners=profile.chat_type == "private",
                        ),
                    )
                )
                await repo.mark_shown(session, member.id, item.uid, now=now)
            return await outbox.enqueue(session, messages, now=now, run_id=run_id)


async def _wait_on(session: AsyncSession, row: Broadcast) -> None:
    """The coordinator's private chat waits on this draft's step (or, done, no longer on it)."""
    if row.draft_step is None:
        await conversations.clear(session, row.created_by, frozenset({BROADCAST}), draft_id=row.id)
    else:
        await conversations.expect(session, row.created_by, BROADCAST, f"{row.id}:{row.draft_step}")
