"""Public targets, the week's calls and the showcase, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.dates import Deadline
from bot.db.models import DirectoryEntry, OpportunityRow, OutboxMessage
from bot.db.models.public import PublicTarget, ShowcaseEntry
from bot.public.rules import PublicCall, Target
from feeds.types import OpportunityKind

FUNDING = tuple(kind.value for kind in OpportunityKind if kind.is_funding)


def target(row: PublicTarget) -> Target:
    """A frozen copy of a target row."""
    return Target(row.id, row.kind, row.chat_id, row.thread_id, row.topic, row.title)


async def targets(session: AsyncSession) -> list[Target]:
    """Every linked target: the channel first, then the topics by name."""
    rows = await session.scalars(
        select(PublicTarget).order_by(PublicTarget.kind, PublicTarget.topic)
    )
    return [target(r) for r in rows.all()]


async def set_channel(
    session: AsyncSession, chat_id: int, title: str, *, by: int, now: datetime
) -> None:
    """Link the channel (replacing the one linked before)."""
    await session.execute(delete(PublicTarget).where(PublicTarget.kind == "channel"))
    session.add(
        PublicTarget(
            kind="channel", chat_id=chat_id, title=title[:128], linked_by=by, linked_at=now
        )
    )


async def remove_channel(session: AsyncSession) -> bool:
    """Unlink the channel; False when none was linked."""
    result = await session.execute(delete(PublicTarget).where(PublicTarget.kind == "channel"))
    return bool(getattr(result, "rowcount", 0))


async def set_topic(
    session: AsyncSession,
    topic: str,
    chat_id: int,
    thread_id: int,
    title: str,
    *,
    by: int,
    now: datetime,
) -> None:
    """Link a taxonomy topic to a forum topic (one thread per topic, one topic per thread)."""
    await session.execute(
        delete(PublicTarget).where(
            PublicTarget.kind == "topic",
            or_(
                PublicTarget.topic == topic,
                and_(PublicTarget.chat_id == chat_id, PublicTarget.thread_id == thread_id),
            ),
        )
    )
    session.add(
        PublicTarget(
            kind="topic", chat_id=chat_id, thread_id=thread_id, topic=topic, title=title[:128],
            linked_by=by, linked_at=now,
        )
    )  # fmt: skip


async def remove_topic_at(session: AsyncSession, chat_id: int, thread_id: int) -> list[str]:
    """Unlink whatever topic a forum thread carries; the topics unlinked."""
    rows = await session.scalars(
        select(PublicTarget).where(
            PublicTarget.kind == "topic",
            PublicTarget.chat_id == chat_id,
            PublicTarget.thread_id == thread_id,
        )
    )
    found = list(rows.all())
    for row in found:
        await session.delete(row)
    return [row.topic or "" for row in found]


async def calls_since(session: AsyncSession, since: datetime) -> list[PublicCall]:
    """Funding calls (open or forthcoming, no duplicates) first seen from ``since`` on."""
    rows = await session.scalars(
        select(OpportunityRow).where(
            OpportunityRow.first_seen_at >= since,
            OpportunityRow.kind.in_(FUNDING),
            OpportunityRow.status.in_(("open", "forthcoming")),
            OpportunityRow.duplicate_of.is_(None),
        )
    )
    return [
        PublicCall(
            opportunity_id=r.id,
            title=r.title,
            url=r.url,
            call_id=r.call_id,
            deadline=Deadline(r.next_deadline, r.deadline_has_time, r.deadline_zone)
            if r.next_deadline
            else None,
            themes=tuple(r.themes or ()),
            first_seen_at=r.first_seen_at,
        )
        for r in rows.all()
    ]


async def showcase_entry(session: AsyncSession, member_id: int) -> ShowcaseEntry | None:
    """A member's showcase opt-in, if any."""
    return await session.get(ShowcaseEntry, member_id)


def showcase_key(member_id: int, joined_at: datetime) -> str:
    """The dedupe key of a member's showcase post (also how it is found again)."""
    return f"pub:showcase:{member_id}:{joined_at.timestamp():.0f}"


async def showcase_posts(session: AsyncSession, member_id: int) -> list[OutboxMessage]:
    """The member's showcase posts: those not sent yet, and those sent (with their ids)."""
    rows = await session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "public",
            OutboxMessage.dedupe_key.like(f"pub:showcase:{member_id}:%"),
        )
    )
    return list(rows.all())


async def showcase(session: AsyncSession) -> list[DirectoryEntry]:
    """The directory entries in the showcase (published ones only), by organisation."""
    rows = await session.scalars(
        select(DirectoryEntry)
        .join(ShowcaseEntry, ShowcaseEntry.member_id == DirectoryEntry.member_id)
        .where(DirectoryEntry.published_at.is_not(None))
        .order_by(DirectoryEntry.org_name, DirectoryEntry.member_id)
    )
    return list(rows.all())
