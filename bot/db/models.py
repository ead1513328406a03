"""The schema. Later features add tables here and a migration in ``migrations/versions``.

Every table that holds personal data references ``members.id`` with ``ON DELETE CASCADE``
so that erasing a member (``/forget``) erases everything about them; a test walks every
table to prove it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base


class Member(Base):
    """A chat that talks to the bot: a person in a private chat, or a group.

    Before consent only ``chat_id``, ``chat_type``, ``language`` and the two timestamps
    exist; every other column stays empty until the member agrees to the privacy notice.
    """

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(
            "chat_type IN ('private', 'group', 'supergroup', 'channel')", name="chat_type"
        ),
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="digest_weekday"),
        CheckConstraint("digest_minute BETWEEN 0 AND 1439", name="digest_minute"),
        CheckConstraint("quiet_start_minute BETWEEN 0 AND 1439", name="quiet_start_minute"),
        CheckConstraint("quiet_end_minute BETWEEN 0 AND 1439", name="quiet_end_minute"),
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

    #: When the member agreed to the privacy notice, and which version they saw.
    consented_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(16))
    #: When onboarding finished (the confirmation was shown).
    onboarded_at: Mapped[datetime | None]

    org_name: Mapped[str | None] = mapped_column(String(120))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    org_type: Mapped[str | None] = mapped_column(String(24))

    #: Digest day (0 = Monday) and local minute of the day, in ``timezone``.
    digest_weekday: Mapped[int | None]
    digest_minute: Mapped[int | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    quiet_start_minute: Mapped[int | None]
    quiet_end_minute: Mapped[int | None]
    #: Send a short note when a week has nothing new (otherwise stay silent).
    empty_digest_note: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Set when the member paused their digests.
    paused_at: Mapped[datetime | None]
    #: Free text the bot is waiting for (org_name, country_search, include, exclude).
    awaiting: Mapped[str | None] = mapped_column(String(24))

    interests: Mapped[list[MemberInterest]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True
    )
    keywords: Mapped[list[MemberKeyword]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True
    )


class MemberInterest(Base):
    """A topic or programme a member follows."""

    __tablename__ = "member_interests"
    __table_args__ = (CheckConstraint("kind IN ('topic', 'programme')", name="kind"),)

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)

    member: Mapped[Member] = relationship(back_populates="interests")


class MemberKeyword(Base):
    """A word that must (include) or must not (exclude) appear in a matching opportunity."""

    __tablename__ = "member_keywords"
    __table_args__ = (CheckConstraint("kind IN ('include', 'exclude')", name="kind"),)

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    word: Mapped[str] = mapped_column(String(40), primary_key=True)

    member: Mapped[Member] = relationship(back_populates="keywords")
