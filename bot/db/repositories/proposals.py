"""Session proposal queries: drafts, open proposals with their votes, one member's votes.

Functions take the caller's session and never commit. Datetimes are aware UTC.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.db.models.proposals import ProposalVote, SessionProposal
from bot.proposals.types import ProposalInfo


async def get(session: AsyncSession, proposal_id: int) -> SessionProposal | None:
    """A proposal by id."""
    return await session.get(SessionProposal, proposal_id)


async def member_by_chat(session: AsyncSession, chat_id: int) -> Member | None:
    """A consented member by chat id."""
    found: Member | None = await session.scalar(
        select(Member).where(Member.chat_id == chat_id, Member.consented_at.is_not(None))
    )
    return found


async def drop_drafts_of(session: AsyncSession, member_id: int) -> None:
    """A member's unfinished proposals go (a new one starts)."""
    rows = await session.scalars(
        select(SessionProposal).where(
            SessionProposal.member_id == member_id, SessionProposal.status == "draft"
        )
    )
    for row in rows.all():
        await session.delete(row)
    await session.flush()


async def votes(session: AsyncSession, proposal_id: int) -> int:
    """Upvotes of a proposal."""
    found = await session.scalar(
        select(func.count())
        .select_from(ProposalVote)
        .where(ProposalVote.proposal_id == proposal_id)
    )
    return int(found or 0)


async def vote(session: AsyncSession, proposal_id: int, member_id: int) -> ProposalVote | None:
    """A member's vote for a proposal, if any."""
    return await session.get(ProposalVote, (proposal_id, member_id))


def info(row: SessionProposal, votes: int, *, reader_id: int | None, voted: bool) -> ProposalInfo:
    """A frozen proposal for a reader."""
    return ProposalInfo(
        id=row.id,
        kind=row.kind,
        status=row.status,
        topic=row.topic,
        details=row.details,
        credit=row.credit,
        votes=votes,
        created_at=row.created_at,
        mine=reader_id is not None and row.member_id == reader_id,
        voted=voted,
        workshop_id=row.workshop_id,
    )


async def open_with_votes(session: AsyncSession, reader_id: int | None) -> list[ProposalInfo]:
    """Open proposals with their vote counts and whether ``reader_id`` voted for each."""
    counts = (
        select(ProposalVote.proposal_id, func.count().label("n"))
        .group_by(ProposalVote.proposal_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(SessionProposal, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.proposal_id == SessionProposal.id)
            .where(SessionProposal.status == "open")
        )
    ).all()
    mine: set[int] = set()
    if reader_id is not None:
        mine = set(
            (
                await session.scalars(
                    select(ProposalVote.proposal_id).where(ProposalVote.member_id == reader_id)
                )
            ).all()
        )
    return [info(row, int(n), reader_id=reader_id, voted=row.id in mine) for row, n in rows]
