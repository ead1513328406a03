"""Session proposals: members propose a mutual-learning session, others upvote it, and
coordinators turn the most wanted into a workshop draft (the proposer is credited and told)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.conversation import PROPOSAL
from bot.core.i18n import Catalogs
from bot.db.models import Member
from bot.db.models.proposals import ProposalVote, SessionProposal
from bot.db.repositories import conversations, outbox
from bot.db.repositories import proposals as repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.proposals.types import (
    ProposalError,
    ProposalInfo,
    ProposalKind,
    ProposalNotices,
    ranked,
)


class Proposals:
    """Proposal use-cases for one database."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, notices: ProposalNotices
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.notices = notices

    async def _member(self, session: AsyncSession, chat_id: int) -> Member:
        member = await repo.member_by_chat(session, chat_id)
        if member is None:
            raise ProposalError("unknown")
        return member

    async def start(
        self, chat_id: int, kind: ProposalKind, *, display_name: str, now: datetime
    ) -> int:
        """A new proposal waiting for its topic; returns its id."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            await repo.drop_drafts_of(session, member.id)
            credit = member.org_name or display_name
            row = SessionProposal(
                member_id=member.id, kind=kind, status="draft", credit=credit[:160], created_at=now
            )
            session.add(row)
            await session.flush()
            await conversations.expect(session, chat_id, PROPOSAL, f"{row.id}:topic")
            return row.id

    async def _draft(
        self, session: AsyncSession, proposal_id: int, chat_id: int
    ) -> SessionProposal:
        member = await self._member(session, chat_id)
        row = await repo.get(session, proposal_id)
        if row is None or row.member_id != member.id or row.status != "draft":
            raise ProposalError("no_draft")
        return row

    async def set_topic(self, proposal_id: int, chat_id: int, topic: str) -> None:
        """The topic (checked by the caller); next: the details."""
        async with self.db.transaction() as session:
            row = await self._draft(session, proposal_id, chat_id)
            row.topic = topic
            await conversations.expect(session, chat_id, PROPOSAL, f"{row.id}:details")

    async def finish(
        self, proposal_id: int, chat_id: int, details: str, *, now: datetime
    ) -> ProposalInfo:
        """The details (or none): the proposal is listed for upvotes."""
        async with self.db.transaction() as session:
            row = await self._draft(session, proposal_id, chat_id)
            if not row.topic:
                raise ProposalError("no_draft")
            row.details = details
            row.status = "open"
            row.created_at = now
            await conversations.clear(session, chat_id, frozenset({PROPOSAL}))
            return repo.info(row, 0, reader_id=row.member_id, voted=False)

    async def ranked_for(self, chat_id: int | None) -> list[ProposalInfo]:
        """Open proposals, most upvoted first, as the reader sees them."""
        async with self.db.transaction() as session:
            member = await repo.member_by_chat(session, chat_id) if chat_id is not None else None
            return ranked(await repo.open_with_votes(session, member.id if member else None))

    async def vote(self, proposal_id: int, chat_id: int, on: bool, *, now: datetime) -> None:
        """Upvote (``on``) or take the vote back; the target state, so a repeat changes nothing.

        Raises:
            ProposalError: ``unknown``, ``drafted``, ``own``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.get(session, proposal_id)
            if row is None or row.status == "draft":
                raise ProposalError("unknown")
            if row.status != "open":
                raise ProposalError("drafted")
            if row.member_id == member.id:
                raise ProposalError("own")
            existing = await repo.vote(session, row.id, member.id)
            if on and existing is None:
                session.add(ProposalVote(proposal_id=row.id, member_id=member.id, created_at=now))
            elif not on and existing is not None:
                await session.delete(existing)

    async def claim(self, proposal_id: int, *, now: datetime) -> ProposalInfo:
        """Mark an open proposal as becoming a workshop (once: a second press is refused)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, proposal_id)
            if row is None or row.status == "draft":
                raise ProposalError("unknown")
            if row.status != "open":
                raise ProposalError("drafted")
            row.status, row.drafted_at = "drafted", now
            return repo.info(row, await repo.votes(session, row.id), reader_id=None, voted=False)

    async def drafted(self, proposal_id: int, workshop_id: int, *, now: datetime) -> None:
        """Link the workshop draft and tell the proposer (through the outbox)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, proposal_id)
            if row is None:
                raise ProposalError("unknown")
            row.workshop_id = workshop_id
            proposer = await session.get(Member, row.member_id)
            if proposer is None or proposer.blocked_at is not None:
                return
            proposal = repo.info(
                row, await repo.votes(session, row.id), reader_id=None, voted=False
            )
            rendered = self.notices.drafted(self.catalogs.get(proposer.language), proposal)
            await outbox.enqueue(
                session,
                [
                    Outgoing(
                        chat_id=proposer.chat_id,
                        member_id=proposer.id,
                        kind="proposal",
                        dedupe_key=f"proposal:{row.id}:drafted",
                        text=rendered.text,
                        reply_markup=rendered.reply_markup,
                    )
                ],
                now=now,
            )
