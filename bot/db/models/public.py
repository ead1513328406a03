"""Tables of the public face: the linked channel and forum topics, the members' showcase."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class PublicTarget(Base):
    """Where the bot posts publicly: the alliance's channel (one), or the forum topic of a
    group that matches one taxonomy topic (``thread_id`` is its ``message_thread_id``)."""

    __tablename__ = "public_targets"
    __table_args__ = (
        CheckConstraint("kind IN ('channel', 'topic')", name="kind"),
        UniqueConstraint("kind", "topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    #: The taxonomy topic of a forum topic (None for the channel).
    topic: Mapped[str | None] = mapped_column(String(32))
    #: The channel's or group's title when it was linked (for coordinators' screens).
    title: Mapped[str] = mapped_column(String(128), default="")
    linked_by: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[datetime]


class ShowcaseEntry(Base):
    """A member's opt-in to the public showcase (only with a published directory entry)."""

    __tablename__ = "showcase_entries"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    joined_at: Mapped[datetime]
