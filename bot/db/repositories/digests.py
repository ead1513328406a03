"""Bulk reads and writes of the weekly digest run: a few statements per thousand members.

Contract: every datetime is aware UTC. Readers return small frozen records or plain tuples,
never ORM rows; a chunk of members is a range of member ids (``lo <= id <= hi``), so a
chunk's history is one indexed range scan per table whatever the chunk's size. Writers
stage their statements in the caller's transaction and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import Base
from bot.db.models import (
    DeliveryRun,
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    MemberKeyword,
    OpportunityChange,
    OpportunityRow,
)
from bot.members.types import MemberColumns
from feeds.types import Status

#: The columns of :class:`MemberColumns`, in its order.
_COLUMNS = (
    Member.id, Member.chat_id, Member.chat_type, Member.language, Member.consented_at,
    Member.onboarded_at, Member.org_name, Member.country, Member.org_type, Member.digest_weekday,
    Member.digest_minute, Member.timezone, Member.quiet_start_minute, Member.quiet_end_minute,
    Member.paused_at, Member.blocked_at, Member.empty_digest_note, Member.also_this_week,
    Member.created_at, Member.consent_version, Member.last_digest_at,
    Member.workshops_any_language,
)  # fmt: skip


def _receiving() -> ColumnElement[bool]:
    """Members who get a weekly digest: agreed, onboarded, not paused, not blocked."""
    return and_(
        Member.consented_at.is_not(None),
        Member.onboarded_at.is_not(None),
        Member.paused_at.is_(None),
        Member.blocked_at.is_(None),
    )


async def receiving_members(session: AsyncSession) -> list[MemberColumns]:
    """Every member who gets a weekly digest, by id (one statement)."""
    rows = await session.execute(select(*_COLUMNS).where(_receiving()).order_by(Member.id))
    return [MemberColumns(*row) for row in rows.all()]


async def receiving_interests(session: AsyncSession) -> list[tuple[int, str, str]]:
    """``(member id, kind, item)`` of every topic and programme of those members."""
    rows = await session.execute(
        select(MemberInterest.member_id, MemberInterest.kind, MemberInterest.item_id)
        .join(Member, Member.id == MemberInterest.member_id)
        .where(_receiving())
    )
    return [(int(m), str(k), str(i)) for m, k, i in rows.all()]


async def receiving_keywords(session: AsyncSession) -> list[tuple[int, str, str]]:
    """``(member id, kind, word)`` of every include and exclude word of those members."""
    rows = await session.execute(
        select(MemberKeyword.member_id, MemberKeyword.kind, MemberKeyword.word)
        .join(Member, Member.id == MemberKeyword.member_id)
        .where(_receiving())
    )
    return [(int(m), str(k), str(w)) for m, k, w in rows.all()]


@dataclass(frozen=True, slots=True)
class History:
    """What a chunk of members received and follows, per member id."""

    #: Uids already sent in a weekly digest.
    sent: dict[int, set[str]]
    #: Uids of followed calls that changed since the member's last digest.
    changed: dict[int, set[str]]
    #: Row ids of the calls each member follows.
    followed: dict[int, set[int]]


async def history(session: AsyncSession, lo: int, hi: int) -> History:
    """The digest history of the members with ``lo <= id <= hi`` (three statements)."""
    sent: dict[int, set[str]] = {}
    # Only calls still open matter (a closed one is in no digest again): the history of a
    # member of several years stays out of the run.
    rows = await session.execute(
        select(DigestItem.member_id, DigestItem.opportunity_uid)
        .join(OpportunityRow, OpportunityRow.uid == DigestItem.opportunity_uid)
        .where(DigestItem.member_id.between(lo, hi))
        .where(OpportunityRow.status != Status.CLOSED.value)
    )
    for member_id, uid in rows.all():
        sent.setdefault(member_id, set()).add(uid)
    changed: dict[int, set[str]] = {}
    rows = await session.execute(
        select(Follow.member_id, OpportunityRow.uid)
        .join(OpportunityRow, OpportunityRow.id == Follow.opportunity_id)
        .join(OpportunityChange, OpportunityChange.opportunity_id == OpportunityRow.id)
        .join(Member, Member.id == Follow.member_id)
        .where(Follow.member_id.between(lo, hi))
        .where(
            or_(
                Member.last_digest_at.is_(None),
                OpportunityChange.detected_at > Member.last_digest_at,
            )
        )
        .distinct()
    )
    for member_id, uid in rows.all():
        changed.setdefault(member_id, set()).add(uid)
    followed: dict[int, set[int]] = {}
    rows = await session.execute(
        select(Follow.member_id, Follow.opportunity_id).where(Follow.member_id.between(lo, hi))
    )
    for member_id, opportunity_id in rows.all():
        followed.setdefault(member_id, set()).add(opportunity_id)
    return History(sent, changed, followed)


async def lock_last_digests(
    session: AsyncSession, member_ids: Sequence[int], *, lock: bool
) -> dict[int, datetime | None]:
    """``last_digest_at`` of those of the members still receiving digests (one statement).

    With ``lock`` (PostgreSQL) the rows stay locked until the caller's transaction ends, so
    two runs that overlap queue each member's digest once: the second sees the first's slot.
    """
    query = select(Member.id, Member.last_digest_at).where(
        Member.id.in_(list(member_ids)), _receiving()
    )
    if lock:
        query = query.with_for_update()
    rows = await session.execute(query)
    return {int(member_id): last for member_id, last in rows.all()}


async def record(
    session: AsyncSession,
    *,
    slots: Sequence[tuple[int, datetime]],
    items: Iterable[tuple[int, str]],
    now: datetime,
) -> None:
    """Each member's new ``last_digest_at`` and the uids their digest showed (two statements)."""
    # Core statements on the session's connection: one executemany each, no ORM objects.
    connection = await session.connection()
    if slots:
        members = Base.metadata.tables[Member.__tablename__]
        await connection.execute(
            update(members)
            .where(members.c.id == bindparam("member"))
            .values(last_digest_at=bindparam("slot")),
            [{"member": member_id, "slot": slot} for member_id, slot in slots],
        )
    shown = [{"member_id": m, "opportunity_uid": uid, "sent_at": now} for m, uid in items]
    if shown:
        await connection.execute(insert(Base.metadata.tables[DigestItem.__tablename__]), shown)


async def open_run(session: AsyncSession, *, now: datetime) -> int:
    """The digest run still being queued (a run that stopped half-way), or a new one."""
    unfinished = await session.scalar(
        select(DeliveryRun.id)
        .where(DeliveryRun.kind == "digest", DeliveryRun.queueing.is_(True))
        .order_by(DeliveryRun.id)
        .limit(1)
    )
    if unfinished is not None:
        return int(unfinished)
    run = DeliveryRun(kind="digest", started_at=now, reported=False, queueing=True)
    session.add(run)
    await session.flush()
    return run.id


async def close_run(session: AsyncSession, run_id: int) -> None:
    """Every message of the run is queued: its report may go once they are delivered."""
    await session.execute(
        update(DeliveryRun).where(DeliveryRun.id == run_id).values(queueing=False)
    )
