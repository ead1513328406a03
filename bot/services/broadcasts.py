"""Coordinators' broadcasts (composed text to an audience) and pushing one opportunity now.

Both are confirmed from a preview with the recipient count, then queued in the outbox as one
delivery run, so the coordinators get the usual delivery summary when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from bot.config import Settings
from bot.conversation import BROADCAST
from bot.core.i18n import Catalogs
from bot.core.ids import parse_id
from bot.db.models import (
    Broadcast,
    DeliveryRun,
    DigestItem,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
)
from bot.db.repositories import conversations
from bot.db.repositories import members as members_repo
from bot.db.repositories import outbox as outbox_repo
from bot.db.session import Database
from bot.digest.render import follow_markup, render_item
from bot.services.digests import Digests, _labeler, prefs_of
from bot.services.members import snapshot

TEXT_MAX = 3500
#: Renders a broadcast's text and link for one language (built by the handler with the catalogs).
BroadcastRender = Callable[[str, str, str | None], str]
#: The heading of a pushed opportunity in one language.
PushHeading = Callable[[str], str]
AUDIENCES = ("all", "topic", "country", "org_type")


class BroadcastError(Exception):
    """The broadcast cannot be changed or sent in its state; ``code`` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class BroadcastInfo:
    """A broadcast draft or a sent one."""

    id: int
    status: str
    text: str
    link: str | None
    audience: str
    audience_value: str | None
    draft_step: str | None
    run_id: int | None


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


def audience_query(audience: str, value: str | None) -> Select[tuple[Member]]:
    """Members a broadcast reaches: consented, not paused, not blocked, and in the audience."""
    query = select(Member).where(
        Member.consented_at.is_not(None),
        Member.paused_at.is_(None),
        Member.blocked_at.is_(None),
    )
    if audience == "topic":
        query = query.where(
            Member.id.in_(
                select(MemberInterest.member_id).where(
                    MemberInterest.kind == "topic", MemberInterest.item_id == value
                )
            )
        )
    elif audience == "country":
        query = query.where(Member.country == value)
    elif audience == "org_type":
        query = query.where(Member.org_type == value)
    elif audience != "all":
        raise ValueError(f"unknown audience {audience!r}")
    return query.order_by(Member.id)


class Broadcasts:
    """Broadcast use-cases."""

    def __init__(self, db: Database, settings: Settings, catalogs: Catalogs) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs

    async def start(self, user_id: int, *, now: datetime) -> BroadcastInfo:
        """A new draft waiting for its text; older broadcast drafts of the user are discarded.

        The user's private chat now waits for this draft (whatever it waited for before).
        """
        async with self.db.transaction() as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.created_by == user_id, Broadcast.status == "draft")
                .values(status="discarded", draft_step=None)
            )
            row = Broadcast(
                created_by=user_id,
                status="draft",
                text="",
                audience="all",
                draft_step="text",
                created_at=now,
            )
            session.add(row)
            await session.flush()
            await _wait_on(session, row)
            return _info(row)

    async def draft_for(self, user_id: int) -> BroadcastInfo | None:
        """The user's open draft."""
        async with self.db.transaction() as session:
            row = await session.scalar(
                select(Broadcast)
                .where(Broadcast.created_by == user_id, Broadcast.status == "draft")
                .order_by(Broadcast.id.desc())
                .limit(1)
            )
            return _info(row) if row else None

    async def own_draft(self, broadcast_id: int, user_id: int) -> BroadcastInfo | None:
        """Draft ``broadcast_id`` if ``user_id`` is writing it."""
        async with self.db.transaction() as session:
            row = await session.get(Broadcast, broadcast_id)
            if row is None or row.created_by != user_id or row.status != "draft":
                return None
            return _info(row)

    async def update(self, broadcast_id: int, user_id: int, **values: object) -> BroadcastInfo:
        """Change the user's draft (text, link, audience, draft_step)."""
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
        row = await session.get(Broadcast, broadcast_id)
        if row is None or row.created_by != user_id:
            raise BroadcastError("unknown")
        if row.status != "draft":
            raise BroadcastError(row.status)
        return row

    async def count(self, audience: str, value: str | None) -> int:
        """Recipients of an audience now."""
        async with self.db.transaction() as session:
            return len((await session.scalars(audience_query(audience, value))).all())

    async def send(
        self, broadcast_id: int, user_id: int, *, now: datetime, render: BroadcastRender
    ) -> int:
        """Queue the broadcast to its audience; returns the number of recipients."""
        async with self.db.transaction() as session:
            row = await self._own(session, broadcast_id, user_id)
            if not row.text:
                raise BroadcastError("empty")
            members = list(
                (await session.scalars(audience_query(row.audience, row.audience_value))).all()
            )
            run = DeliveryRun(kind="broadcast", started_at=now)
            session.add(run)
            await session.flush()
            for member in members:
                session.add(
                    OutboxMessage(
                        chat_id=member.chat_id,
                        member_id=member.id,
                        run_id=run.id,
                        kind="broadcast",
                        dedupe_key=f"broadcast:{row.id}:{member.id}",
                        text=render(member.language, row.text, row.link),
                        status="pending",
                        attempts=0,
                        created_at=now,
                    )
                )
            row.status = "queued"
            row.draft_step = None
            await _wait_on(session, row)
            row.run_id = run.id
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

    async def find_opportunity(self, reference: str) -> OpportunityRow | None:
        """An opportunity by row id, call id or uid (the newest when several share a call id)."""
        async with self.db.transaction() as session:
            row_id = parse_id(reference)
            if row_id is not None:
                row = await session.get(OpportunityRow, row_id)
                if row is not None:
                    return row
            found: OpportunityRow | None = await session.scalar(
                select(OpportunityRow)
                .where(
                    or_(OpportunityRow.uid == reference, OpportunityRow.call_id == reference),
                    OpportunityRow.duplicate_of.is_(None),
                )
                .order_by(OpportunityRow.first_seen_at.desc())
                .limit(1)
            )
            return found

    async def push_recipients(self, opportunity_id: int, *, now: datetime) -> list[int]:
        """Member ids whose preferences match the opportunity now (closed ones, news, events
        and results match none: only calls, tenders and cascade calls are pushed)."""
        index = await Digests(self.db, self.settings).index(now=now)
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
        index = await Digests(self.db, self.settings).index(now=now)
        position = next((i for i, c in enumerate(index.items) if c.key == opportunity_id), None)
        if position is None:
            raise BroadcastError("not_open")
        item = index.items[position].opportunity
        if not item.kind.is_funding:
            raise BroadcastError("not_funding")
        label = _labeler(self.settings)
        queued = 0
        async with self.db.transaction() as session:
            run = DeliveryRun(kind="push", started_at=now)
            session.add(run)
            await session.flush()
            for member in await members_repo.digest_candidates(session):
                profile = snapshot(member, self.settings)
                prefs = prefs_of(profile)
                if not index.mask_for(prefs) >> position & 1:
                    continue
                key = f"push:{opportunity_id}:{member.id}"
                if await outbox_repo.existing_keys(session, [key]):
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
                session.add(
                    OutboxMessage(
                        chat_id=member.chat_id,
                        member_id=member.id,
                        run_id=run.id,
                        kind="push",
                        dedupe_key=key,
                        text=heading(profile.language) + "\n\n" + body,
                        reply_markup=follow_markup(
                            ((1, opportunity_id),),
                            followed,
                            partners=profile.chat_type == "private",
                        ),
                        status="pending",
                        attempts=0,
                        created_at=now,
                    )
                )
                already = await session.get(DigestItem, (member.id, item.uid))
                if already is None:
                    session.add(
                        DigestItem(member_id=member.id, opportunity_uid=item.uid, sent_at=now)
                    )
                queued += 1
        return queued


async def _wait_on(session: AsyncSession, row: Broadcast) -> None:
    """The coordinator's private chat waits on this draft's step (or, done, no longer on it)."""
    if row.draft_step is None:
        await conversations.clear(session, row.created_by, frozenset({BROADCAST}), draft_id=row.id)
    else:
        await conversations.expect(session, row.created_by, BROADCAST, f"{row.id}:{row.draft_step}")
