"""The invite link a newcomer came with, until the organisation step places them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class InviteArrival(Base):
    """A person who opened ``/start inv<CODE>`` and has no organisation yet.

    Used up (deleted, with one ``uses`` counted on the invite) when the person joins or creates
    an organisation; erased with the person.
    """

    __tablename__ = "invite_arrivals"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    invite_id: Mapped[int] = mapped_column(
        ForeignKey("organisation_invites.id", ondelete="CASCADE"), index=True
    )
    arrived_at: Mapped[datetime]
