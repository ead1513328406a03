"""Tables of the follow-up after a workshop: next steps (action items) and who owns them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class ActionItem(Base):
    """A next step agreed at a workshop: what, who (an attendee), and by when.

    ``status``: draft -> open -> done. A draft is what a coordinator is still writing
    (``draft_step`` says which answer the bot waits for); the owner is told when it opens.
    Personal data: it names a member, so it goes with them (``ON DELETE CASCADE``).
    """

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'done')", name="status"),
        Index("ix_action_items_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8), default="draft")
    text: Mapped[str] = mapped_column(String(500), default="")
    #: The attendee who does it (None only while drafting).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    #: Who it is, as the coordinator chose it: the attendee's name and organisation.
    owner_label: Mapped[str] = mapped_column(String(200), default="")
    #: The due day, and the end of that day in the alliance's zone (UTC).
    due_on: Mapped[date | None] = mapped_column(Date)
    due_at: Mapped[datetime | None]
    #: The coordinator (Telegram user id) who wrote it.
    created_by: Mapped[int] = mapped_column(BigInteger)
    draft_step: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
