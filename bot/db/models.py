"""The schema. Later features add tables here and a migration in ``migrations/versions``.

Every table that holds personal data references ``members.id`` with ``ON DELETE CASCADE``
so that erasing a member (``/forget``) erases everything about them; a test walks every
table to prove it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    false,
    true,
)
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
    #: The weekly slot of the last digest queued for the member (the next one comes a week on).
    last_digest_at: Mapped[datetime | None]

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


class SourceState(Base):
    """What the bot remembers about one configured source between fetches (its health too)."""

    __tablename__ = "sources"

    #: The ``id`` from ``[[sources]]`` in the config.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    #: The URL in use: the configured one, or where a permanent redirect moved it.
    url: Mapped[str] = mapped_column(String(2048))
    #: The configured URL, so a config change can be told from a redirect.
    configured_url: Mapped[str] = mapped_column(String(2048))
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    #: Adapter cursors (seen ids, ``modified`` stamps), JSON.
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    next_check_at: Mapped[datetime | None]
    last_checked_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_error_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Items in the last successful full answer.
    last_item_count: Mapped[int | None]
    #: When the current failure incident began (None: healthy), and whether admins were told.
    incident_since: Mapped[datetime | None]
    incident_notified: Mapped[bool] = mapped_column(default=False, server_default=false())


class OpportunityRow(Base):
    """A normalised funding opportunity (one per source item; see ``feeds.types.Opportunity``)."""

    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    source_id: Mapped[str] = mapped_column(String(32), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(String(1000))
    summary: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    programme: Mapped[str | None] = mapped_column(String(64))
    call_id: Mapped[str | None] = mapped_column(String(200), index=True)
    topic_id: Mapped[str | None] = mapped_column(String(200))
    action_type: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    opening_date: Mapped[datetime | None]
    #: Every deadline as ISO 8601 UTC strings, ascending.
    deadlines: Mapped[list[str]] = mapped_column(JSON, default=list)
    next_deadline: Mapped[datetime | None] = mapped_column(index=True)
    deadline_model: Mapped[str] = mapped_column(String(16))
    deadline_confidence: Mapped[str | None] = mapped_column(String(8))
    budget_total: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    grant_max: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    eligible_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    eligible_org_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Why it was classified so: ``[{"target", "kind", "reason"}]``.
    rules: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    #: Another opportunity describing the same call (cross-source duplicate), if any.
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL")
    )
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OpportunityChange(Base):
    """A change of deadline, status or budget, kept so followers of the call can be alerted."""

    __tablename__ = "opportunity_changes"
    __table_args__ = (Index("ix_opportunity_changes_detected_at", "detected_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    old: Mapped[str | None] = mapped_column(String(500))
    new: Mapped[str | None] = mapped_column(String(500))
    detected_at: Mapped[datetime]
    #: When followers' alerts were queued (None: not yet).
    notified_at: Mapped[datetime | None]


class DeliveryRun(Base):
    """One broadcast (a weekly digest run, an announcement): its messages share the run id."""

    __tablename__ = "delivery_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    #: Coordinators were sent the run's report.
    reported: Mapped[bool] = mapped_column(default=False, server_default=false())


class OutboxMessage(Base):
    """One message to one chat, kept until Telegram confirmed it (or refused it for good).

    ``status``: pending -> sending -> sent | failed. A row left in ``sending`` by a crash goes
    back to ``pending`` at start-up: at most that one message can be sent twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_due", "status", "not_before", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_runs.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    #: Makes enqueueing idempotent (e.g. one weekly digest part per member and week).
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    text: Mapped[str] = mapped_column(Text)
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    not_before: Mapped[datetime | None]
    #: When a worker took the row; a ``sending`` row older than the lease was abandoned.
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class DigestItem(Base):
    """An opportunity already sent to a member in a weekly digest (so it is not repeated)."""

    __tablename__ = "digest_items"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    opportunity_uid: Mapped[str] = mapped_column(String(200), primary_key=True)
    sent_at: Mapped[datetime]


class Follow(Base):
    """A member follows a call: alerts when it changes, countdown reminders before it closes."""

    __tablename__ = "follows"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]
    #: Countdown reminders queued, as "<days>:<deadline ISO>"; a moved deadline re-arms them.
    reminders: Mapped[list[str] | None] = mapped_column(JSON)
