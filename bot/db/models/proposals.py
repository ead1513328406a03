"""Tables of session proposals: what a member proposes, and who upvoted it (personal data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class SessionProposal(Base):
    """A member's proposal of a mutual-learning session.

    ``kind``: ``present`` (they can present it) or ``learn`` (they want to learn about it).
    ``status``: draft -> open -> drafted (a coordinator turned it into a workshop draft).
    """

    __tablename__ = "session_proposals"
    __table_args__ = (
        CheckConstraint("kind IN ('present', 'learn')", name="kind"),
        CheckConstraint("status IN ('draft', 'open', 'drafted')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="draft")
    topic: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[str] = mapped_column(String(500), default="")
    #: How the proposer is credited: their organisation, else their Telegram name.
    credit: Mapped[str] = mapped_column(String(160), default="")
    #: The workshop draft it became.
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    drafted_at: Mapped[datetime | None]


class ProposalVote(Base):
    """One member's upvote of a proposal (one per member and proposal)."""

    __tablename__ = "proposal_votes"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("session_proposals.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]
