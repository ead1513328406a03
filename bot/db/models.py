"""The schema. Later features add tables here and a migration in ``migrations/versions``.

Every table that holds personal data references ``members.id`` with ``ON DELETE CASCADE``
so that erasing a member (``/forget``) erases everything about them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class Member(Base):
    """A chat that talks to the bot: a person in a private chat, or a group."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(
            "chat_type IN ('private', 'group', 'supergroup', 'channel')", name="chat_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Telegram chat id: the user id in a private chat, negative for groups.
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_type: Mapped[str] = mapped_column(String(16), default="private")
    #: Interface language (en, ro, es), first guessed from Telegram, always changeable.
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    #: Set when Telegram tells us the member blocked the bot or the account is gone.
    blocked_at: Mapped[datetime | None]
