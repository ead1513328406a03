"""Broadcast drafts, their audiences, the opportunity a coordinator pushes, and delivery runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from bot.core.ids import parse_id
from bot.db.models import Broadcast, DeliveryRun, DigestItem, Member, MemberInterest, OpportunityRow
from bot.db.repositories import followup

#: At most this many countries are offered as broadcast audiences.
COUNTRIES_MAX = 40


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
    elif audience in {"attended", "registered"}:
        workshop_id = parse_id(value or "")
        if workshop_id is None:
            raise ValueError(f"no workshop in audience {audience}:{value!r}")
        query = query.where(Member.id.in_(followup.member_ids_query(audience, workshop_id)))
    elif audience != "all":
        raise ValueError(f"unknown audience {audience!r}")
    return query.order_by(Member.id)


async def audience(session: AsyncSession, audience: str, value: str | None) -> list[Member]:
    """The members of an audience now, by row id."""
    return list((await session.scalars(audience_query(audience, value))).all())


async def audience_size(session: AsyncSession, audience: str, value: str | None) -> int:
    """How many members an audience has now."""
    counted = select(func.count()).select_from(audience_query(audience, value).subquery())
    return int(await session.scalar(counted) or 0)


async def member_countries(session: AsyncSession) -> list[str]:
    """The countries consented members gave, sorted by code (at most :data:`COUNTRIES_MAX`)."""
    found = await session.scalars(
        select(Member.country)
        .where(Member.consented_at.is_not(None), Member.country.is_not(None))
        .distinct()
    )
    return sorted(c for c in found if c)[:COUNTRIES_MAX]


async def discard_drafts_of(session: AsyncSession, user_id: int) -> None:
    """Every open draft of ``user_id`` is discarded."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.created_by == user_id, Broadcast.status == "draft")
        .values(status="discarded", draft_step=None)
    )


async def add_draft(session: AsyncSession, user_id: int, *, now: datetime) -> Broadcast:
    """A new empty draft of ``user_id``, waiting for its text (flushed: it has its id)."""
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
    return row


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """A broadcast by row id."""
    return await session.get(Broadcast, broadcast_id)


async def latest_draft(session: AsyncSession, user_id: int) -> Broadcast | None:
    """The newest open draft of ``user_id``."""
    found: Broadcast | None = await session.scalar(
        select(Broadcast)
        .where(Broadcast.created_by == user_id, Broadcast.status == "draft")
        .order_by(Broadcast.id.desc())
        .limit(1)
    )
    return found


async def new_run(session: AsyncSession, kind: str, *, now: datetime) -> int:
    """Start a delivery run of ``kind``; returns its id."""
    run = DeliveryRun(kind=kind, started_at=now)
    session.add(run)
    await session.flush()
    return run.id


async def find_opportunity(session: AsyncSession, reference: str) -> OpportunityRow | None:
    """An opportunity by row id, call id or uid (the newest when several share a call id)."""
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


async def mark_shown(session: AsyncSession, member_id: int, uid: str, *, now: datetime) -> None:
    """The opportunity counts as shown to the member (the next digest does not repeat it)."""
    if await session.get(DigestItem, (member_id, uid)) is None:
        session.add(DigestItem(member_id=member_id, opportunity_uid=uid, sent_at=now))
