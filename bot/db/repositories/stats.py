"""Aggregates for the coordinators' reports: counts only, never who.

Contract: periods are half-open (``start <= t < end``) and every datetime is aware UTC.
Every query is a ``GROUP BY`` (or a plain aggregate) that runs on SQLite and PostgreSQL
alike. Where a grouping key is computed (``CASE``), it is computed in a subquery and
grouped outside it: PostgreSQL cannot tell that a ``CASE`` with bound parameters in
``SELECT`` and the same ``CASE`` in ``GROUP BY`` are one expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from bot.db.models import (
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
    Workshop,
    WorkshopRsvp,
)

#: ``(key, count)`` rows; the key is None where members left it empty.
Counted = list[tuple[str | None, int]]

#: Known ``last_error`` values of the outbox, each its own bucket; others are grouped below.
_EXACT_REASONS = ("blocked", "deactivated", "chat not found", "expired")


@dataclass(frozen=True, slots=True)
class MemberStates:
    """Members who had consented by the end of a period, by state (the states partition)."""

    consented: int
    active: int
    paused: int
    blocked: int


@dataclass(frozen=True, slots=True)
class WorkshopCounts:
    """One workshop's answers and attendance."""

    id: int
    title: str
    status: str
    starts_at: datetime
    capacity: int | None
    going: int
    maybe: int
    no: int
    waitlist: int
    attended: int
    #: RSVPs a coordinator marked either way (attended or not).
    marked: int


def _in(
    column: QueryableAttribute[Any] | ColumnElement[Any], start: datetime, end: datetime
) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _consented_by(end: datetime) -> ColumnElement[bool]:
    return and_(Member.consented_at.is_not(None), Member.consented_at < end)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    # SUM(CASE ...) rather than COUNT(*) FILTER: same result, and older SQLite lacks FILTER.
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def member_states(session: AsyncSession, *, end: datetime) -> MemberStates:
    """Consented members as of ``end``: active, paused, blocked.

    Blocked (the bot cannot reach them) wins over paused. Only the latest pause or block is
    recorded, so a member who paused and resumed before ``end`` counts as active.
    """
    blocked = and_(Member.blocked_at.is_not(None), Member.blocked_at < end)
    paused = and_(~blocked, Member.paused_at.is_not(None), Member.paused_at < end)
    row = (
        await session.execute(
            select(func.count(), _count_if(blocked), _count_if(paused)).where(_consented_by(end))
        )
    ).one()
    consented, blocked_count, paused_count = int(row[0]), int(row[1]), int(row[2])
    return MemberStates(
        consented=consented,
        active=consented - blocked_count - paused_count,
        paused=paused_count,
        blocked=blocked_count,
    )


async def members_by(
    session: AsyncSession, column: QueryableAttribute[Any], *, end: datetime
) -> Counted:
    """Consented members (as of ``end``) grouped by one of their columns."""
    rows = await session.execute(
        select(column, func.count()).where(_consented_by(end)).group_by(column)
    )
    return [(key, int(count)) for key, count in rows.all()]


async def members_by_interest(session: AsyncSession, *, kind: str, end: datetime) -> Counted:
    """Consented members (as of ``end``) per topic or programme they follow."""
    rows = await session.execute(
        select(MemberInterest.item_id, func.count())
        .join(Member, Member.id == MemberInterest.member_id)
        .where(MemberInterest.kind == kind, _consented_by(end))
        .group_by(MemberInterest.item_id)
    )
    return [(key, int(count)) for key, count in rows.all()]


async def reached(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str | None, str | None, int]]:
    """Members sent at least one message in the period, per ``(country, org_type)``.

    Each member falls in exactly one group, so the groups add up to the members reached.
    """
    # Members looked up once each, not once per message sent to them.
    sent_to = select(OutboxMessage.member_id).where(
        OutboxMessage.status == "sent", _in(OutboxMessage.sent_at, start, end)
    )
    rows = await session.execute(
        select(Member.country, Member.org_type, func.count())
        .where(Member.id.in_(sent_to))
        .group_by(Member.country, Member.org_type)
    )
    return [(country, org_type, int(count)) for country, org_type, count in rows.all()]


async def weekly_reach(
    session: AsyncSession, *, weeks: Sequence[tuple[datetime, datetime]]
) -> dict[int, int]:
    """Distinct members sent at least one message in each ``[start, end)`` window, by index.

    Windows missing from the answer reached nobody.
    """
    if not weeks:
        return {}
    bucket = case(
        *(
            (_in(OutboxMessage.sent_at, lo, hi), literal(index))
            for index, (lo, hi) in enumerate(weeks)
        ),
        else_=literal(-1),
    ).label("week")
    inner = (
        select(bucket, OutboxMessage.member_id.label("member_id"))
        .where(
            OutboxMessage.status == "sent",
            OutboxMessage.member_id.is_not(None),
            _in(OutboxMessage.sent_at, weeks[0][0], weeks[-1][1]),
        )
        .subquery()
    )
    rows = await session.execute(
        select(inner.c.week, func.count(distinct(inner.c.member_id))).group_by(inner.c.week)
    )
    return {int(week): int(count) for week, count in rows.all() if int(week) >= 0}


async def messages_sent(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """Messages Telegram accepted in the period, per outbox kind."""
    rows = await session.execute(
        select(OutboxMessage.kind, func.count())
        .where(OutboxMessage.status == "sent", _in(OutboxMessage.sent_at, start, end))
        .group_by(OutboxMessage.kind)
    )
    return [(kind, int(count)) for kind, count in rows.all()]


def failure_bucket() -> ColumnElement[str]:
    """``last_error`` folded into a few reasons (Telegram's free texts become "bad request")."""
    return case(
        (OutboxMessage.last_error.is_(None), literal("unknown")),
        (OutboxMessage.last_error.in_(_EXACT_REASONS), OutboxMessage.last_error),
        (OutboxMessage.last_error.like("timed out%"), literal("timeout")),
        (OutboxMessage.last_error.like("network:%"), literal("network")),
        else_=literal("bad request"),
    )


async def messages_failed(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str, str, int]]:
    """Messages that failed for good in the period, per ``(kind, reason)``.

    A failed row has no time of failure; ``claimed_at`` is when it was last tried, and a row
    never tried (it expired while waiting) falls back to when it was queued.
    """
    when = func.coalesce(OutboxMessage.claimed_at, OutboxMessage.created_at)
    inner = (
        select(OutboxMessage.kind.label("kind"), failure_bucket().label("reason"))
        .where(OutboxMessage.status == "failed", _in(when, start, end))
        .subquery()
    )
    rows = await session.execute(
        select(inner.c.kind, inner.c.reason, func.count()).group_by(inner.c.kind, inner.c.reason)
    )
    return [(kind, reason, int(count)) for kind, reason, count in rows.all()]


async def digests_sent(session: AsyncSession, *, start: datetime, end: datetime) -> int:
    """Weekly digests delivered in the period: one per member and run, however many parts."""
    inner = (
        select(OutboxMessage.member_id, OutboxMessage.run_id)
        .where(
            OutboxMessage.kind == "digest",
            OutboxMessage.status == "sent",
            _in(OutboxMessage.sent_at, start, end),
        )
        .distinct()
        .subquery()
    )
    return int(await session.scalar(select(func.count()).select_from(inner)) or 0)


async def opportunities_by_source(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """Opportunities first seen in the period, per source."""
    rows = await session.execute(
        select(OpportunityRow.source_id, func.count())
        .where(_in(OpportunityRow.first_seen_at, start, end))
        .group_by(OpportunityRow.source_id)
    )
    return [(source, int(count)) for source, count in rows.all()]


async def opportunities_by_kind(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """Opportunities first seen in the period, per kind (call, tender, news, event, ...)."""
    rows = await session.execute(
        select(OpportunityRow.kind, func.count())
        .where(_in(OpportunityRow.first_seen_at, start, end))
        .group_by(OpportunityRow.kind)
    )
    return [(kind, int(count)) for kind, count in rows.all()]


async def opportunities_by_programme(
    session: AsyncSession, *, start: datetime, end: datetime
) -> Counted:
    """Opportunities first seen in the period, per classified programme (None: unclassified).

    An opportunity in two programmes counts in both. The JSON list is unnested with each
    backend's own table function; ``json_array_length`` exists on both.
    """
    period = _in(OpportunityRow.first_seen_at, start, end)
    dialect = session.get_bind().dialect.name
    unnest = (
        func.json_each(OpportunityRow.programmes)
        if dialect == "sqlite"
        else func.json_array_elements_text(OpportunityRow.programmes)
    ).table_valued("value")
    rows = await session.execute(
        select(unnest.c.value, func.count(distinct(OpportunityRow.id)))
        .select_from(OpportunityRow)
        .join(unnest, true())
        .where(period)
        .group_by(unnest.c.value)
    )
    counted: Counted = [(str(programme), int(count)) for programme, count in rows.all()]
    unclassified = await session.scalar(
        select(func.count()).where(period, func.json_array_length(OpportunityRow.programmes) == 0)
    )
    if unclassified:
        counted.append((None, int(unclassified)))
    return counted


async def opportunities_disseminated(
    session: AsyncSession, *, start: datetime, end: datetime
) -> int:
    """Distinct opportunities put in at least one member's digest in the period.

    Asked per call (an index probe each, ``ix_digest_items_uid_sent_at``) rather than by
    collecting the distinct uids of every item sent: a month of digests to 100,000 members
    is millions of items, the calls a few thousand. Digest items only ever name stored calls.
    """
    shown = (
        select(DigestItem.opportunity_uid)
        .where(DigestItem.opportunity_uid == OpportunityRow.uid)
        .where(_in(DigestItem.sent_at, start, end))
    )
    count = await session.scalar(
        select(func.count()).select_from(OpportunityRow).where(shown.exists())
    )
    return int(count or 0)


async def follows_created(session: AsyncSession, *, start: datetime, end: datetime) -> int:
    """Calls followed in the period (follows removed since are not counted)."""
    count = await session.scalar(
        select(func.count()).select_from(Follow).where(_in(Follow.created_at, start, end))
    )
    return int(count or 0)


async def workshops(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[WorkshopCounts]:
    """Published or cancelled workshops starting in the period, with RSVP and attendance counts."""
    status = WorkshopRsvp.status
    rows = await session.execute(
        select(
            Workshop.id,
            Workshop.title,
            Workshop.status,
            Workshop.starts_at,
            Workshop.capacity,
            _count_if(status == "going"),
            _count_if(status == "maybe"),
            _count_if(status == "no"),
            _count_if(status == "waitlist"),
            _count_if(WorkshopRsvp.attended.is_(True)),
            _count_if(WorkshopRsvp.attended.is_not(None)),
        )
        .outerjoin(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
        .where(
            Workshop.status.in_(("published", "cancelled")),
            Workshop.starts_at.is_not(None),
            _in(Workshop.starts_at, start, end),
        )
        .group_by(
            Workshop.id, Workshop.title, Workshop.status, Workshop.starts_at, Workshop.capacity
        )
        .order_by(Workshop.starts_at, Workshop.id)
    )
    found: list[WorkshopCounts] = []
    for row in rows.all():
        starts_at = row[3]
        assert starts_at is not None  # filtered above
        found.append(
            WorkshopCounts(
                id=int(row[0]),
                title=row[1],
                status=row[2],
                starts_at=starts_at,
                capacity=row[4],
                going=int(row[5]),
                maybe=int(row[6]),
                no=int(row[7]),
                waitlist=int(row[8]),
                attended=int(row[9]),
                marked=int(row[10]),
            )
        )
    return found
