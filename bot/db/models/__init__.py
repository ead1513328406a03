"""The schema. A feature adds its tables in ``bot/db/models/<feature>.py`` (imported at the
bottom of this module, so the metadata holds every table) and a migration in
``migrations/versions``.

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
    LargeBinary,
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
    #: The organisation this person belongs to (``org_name`` stays as they typed it).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: When the organisation's people (or a coordinator) confirmed this person belongs to it;
    #: None while a newcomer's request to join an existing organisation waits.
    organisation_confirmed_at: Mapped[datetime | None]
    #: Receive announcements of workshops held in any language (else: only in one's own).
    workshops_any_language: Mapped[bool] = mapped_column(default=False, server_default=false())

    #: Digest day (0 = Monday) and local minute of the day, in ``timezone``.
    digest_weekday: Mapped[int | None]
    digest_minute: Mapped[int | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    quiet_start_minute: Mapped[int | None]
    quiet_end_minute: Mapped[int | None]
    #: Send a short note when a week has nothing new (otherwise stay silent).
    empty_digest_note: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Show news and events in a short "Also this week" section after the calls.
    also_this_week: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Set when the member paused their digests.
    paused_at: Mapped[datetime | None]
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
    #: Coordinators were told the incident has lasted more than a day.
    incident_escalated: Mapped[bool] = mapped_column(default=False, server_default=false())


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
    #: The deadlines carry a time of day; otherwise each is the end of its day in ``deadline_zone``.
    deadline_has_time: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: IANA zone in which the source states its deadlines.
    deadline_zone: Mapped[str] = mapped_column(
        String(64), default="Europe/Brussels", server_default="Europe/Brussels"
    )
    #: call, tender, cascade (funding); news, event, result (never in a digest's call sections).
    kind: Mapped[str] = mapped_column(String(16), default="call", server_default="call", index=True)
    #: The rule that decided ``kind``, e.g. ``"source:eu-ft type 8"`` or ``"title:es:jornada"``.
    kind_rule: Mapped[str] = mapped_column(String(200), default="default", server_default="default")
    #: Uids of related records (a cascade call's parent topic).
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
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
    #: Messages are still being queued (a weekly run commits a chunk of members at a time):
    #: no report until the last chunk is in, and a run that stopped half-way is resumed.
    queueing: Mapped[bool] = mapped_column(default=False, server_default=false())


class OutboxMessage(Base):
    """One message to one chat, kept until Telegram confirmed it (or refused it for good).

    ``status``: pending -> sending -> sent | failed. A row left in ``sending`` by a crash goes
    back to ``pending`` at start-up: at most that one message can be sent twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        CheckConstraint("media_type IS NULL OR media_type IN ('photo', 'document')", name="media"),
        Index("ix_outbox_due", "status", "not_before", "id"),
        # /stats counts what was sent in a period from this index alone (never the texts).
        Index("ix_outbox_sent", "status", "sent_at", "kind", "member_id", "run_id"),
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
    #: A message that makes no sense later (a workshop reminder) fails as "expired" instead.
    expires_at: Mapped[datetime | None]
    #: A photo or document instead of a text message (``text`` is then its caption).
    media_type: Mapped[str | None] = mapped_column(String(12))
    media_name: Mapped[str | None] = mapped_column(String(120))
    media: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: First server error of the current run of failures: retried until the horizon passes.
    retry_since: Mapped[datetime | None]
    #: The forum topic of a group the message goes to (``message_thread_id``).
    thread_id: Mapped[int | None] = mapped_column(BigInteger)


class DigestItem(Base):
    """An opportunity already sent to a member in a weekly digest (so it is not repeated)."""

    __tablename__ = "digest_items"
    #: /stats asks, per call, whether any digest showed it in a period.
    __table_args__ = (Index("ix_digest_items_uid_sent_at", "opportunity_uid", "sent_at"),)

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


class Coordinator(Base):
    """A Telegram user promoted to coordinator in chat (``/admins``), besides config admins."""

    __tablename__ = "coordinators"

    #: The Telegram user id (the same as their private chat id).
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    #: A name to show in ``/admins`` (from Telegram at promotion time).
    display_name: Mapped[str] = mapped_column(String(120))
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]


class Workshop(Base):
    """A workshop or mutual-learning session, from draft to its end (or cancellation).

    ``status``: draft -> published -> (cancelled). Times are UTC; ``timezone`` is the zone
    the coordinator gave, used for display and in calendar files. ``sequence`` grows with
    every change members are told about, as calendar clients expect (RFC 5545 SEQUENCE).
    """

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity"),
        CheckConstraint("audience IN ('topics', 'all')", name="audience"),
        CheckConstraint("kind IN ('workshop', 'session', 'meeting', 'conference')", name="kind"),
        Index("ix_workshops_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2048))
    language: Mapped[str] = mapped_column(String(8))
    #: Seats; None means unlimited.
    capacity: Mapped[int | None]
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Who is told: members whose topics match, or everyone.
    audience: Mapped[str] = mapped_column(String(8), default="topics")
    #: RSVPs close then (None: at the start).
    rsvp_closes_at: Mapped[datetime | None]
    #: Related calls, by call id or opportunity uid, as the coordinator wrote them.
    related_calls: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The Telegram user who created it (the organiser in calendar files).
    created_by: Mapped[int] = mapped_column(BigInteger)
    organiser_name: Mapped[str] = mapped_column(String(120), default="")
    #: In a guided draft: the field the bot is waiting for.
    draft_step: Mapped[str | None] = mapped_column(String(24))
    #: The published workshop this draft edits (edits are drafted as copies).
    edits_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    #: The registration form: field codes asked of each person who answers "going"
    #: (see ``bot/participants``); empty asks nothing.
    registration_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The self check-in code shown at the start (``/start ci<CODE>``); None until made.
    checkin_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    #: An online workshop's link (``url``) is given only to people who checked in.
    link_after_checkin: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Hours after the end when the feedback poll goes out (None: the configured default,
    #: 0: no poll).
    feedback_hours: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    #: workshop, session (mutual learning), meeting (partners'), conference.
    kind: Mapped[str] = mapped_column(String(16), default="workshop", server_default="workshop")
    #: A draft's repeat rule as the coordinator chose it (RRULE text); None: once.
    recurrence: Mapped[str | None] = mapped_column(String(400))
    #: The series this occurrence belongs to (see ``bot.db.models.calendar``).
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_series.id", ondelete="SET NULL"), index=True
    )


class WorkshopRsvp(Base):
    """A member's answer to a workshop, their place on the waitlist, and attendance.

    ``status``: going | maybe | no | waitlist. The waitlist is ordered by ``queued_at``.
    """

    __tablename__ = "workshop_rsvps"
    __table_args__ = (
        CheckConstraint("status IN ('going', 'maybe', 'no', 'waitlist')", name="status"),
        Index("ix_workshop_rsvps_workshop_status", "workshop_id", "status"),
        # Covers the reports' reads (who answered, who attended, per workshop) without
        # visiting the rows: a year of a large alliance is hundreds of thousands of answers.
        Index(
            "ix_workshop_rsvps_workshop_attendance",
            "workshop_id",
            "status",
            "attended",
            "member_id",
        ),
    )

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    #: The member's Telegram name when they answered, for the coordinator's attendance list.
    display_name: Mapped[str] = mapped_column(String(160), default="")
    answered_at: Mapped[datetime]
    #: When the member joined the waitlist (its order).
    queued_at: Mapped[datetime | None]
    #: Set by a coordinator after the event: True attended, False did not, None not marked.
    attended: Mapped[bool | None]
    #: When the person checked themselves in (a self check-in also sets ``attended``).
    checked_in_at: Mapped[datetime | None]
    #: Reminders queued, by label ("24h", "1h"), so none is sent twice.
    reminders: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The announcement message in the member's chat, to update it in place.
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class DirectoryEntry(Base):
    """A member's opt-in entry in the partner directory (off until they publish it)."""

    __tablename__ = "directory_entries"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    org_name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    org_type: Mapped[str | None] = mapped_column(String(24))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Roles the organisation can take in a consortium: "coordinator", "partner".
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: None while drafting; set when the member publishes the entry.
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class Introduction(Base):
    """A request from one member to be introduced to the owner of a directory entry.

    ``status``: pending -> accepted | declined. Contacts are exchanged only on acceptance.
    """

    __tablename__ = "introductions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    #: The call the requester is building a consortium for, if any.
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class Broadcast(Base):
    """A coordinator's message to an audience, from draft to queued in the outbox.

    ``audience``: all | topic | country | org_type | attended | registered, with
    ``audience_value`` for all but the first (a workshop id for the last two).
    """

    __tablename__ = "broadcasts"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'queued', 'discarded')", name="status"),
        CheckConstraint(
            "audience IN ('all', 'topic', 'country', 'org_type', 'attended', 'registered')",
            name="audience",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    text: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(2048))
    audience: Mapped[str] = mapped_column(String(12), default="all")
    audience_value: Mapped[str | None] = mapped_column(String(32))
    #: Pushing one opportunity now (to everyone it matches) instead of free text.
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL")
    )
    #: In a draft: the field the bot is waiting for ("text", "link").
    draft_step: Mapped[str | None] = mapped_column(String(24))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    queued_at: Mapped[datetime | None]


class Conversation(Base):
    """What the bot waits for in one chat: a kind and a reference (at most one row per chat).

    ``org_name``, ``country_search``, ``keywords:include``, ``directory:description``,
    ``workshop_draft:12:title``, ``broadcast:3:text``. Written only through
    :mod:`bot.db.repositories.conversations`; starting any flow replaces the row.
    """

    __tablename__ = "conversations"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str | None] = mapped_column(String(48))


class JobTick(Base):
    """A scheduled job's tick, claimed by the one instance that runs it (several on PostgreSQL).

    Every instance schedules every job; the first to insert ``(name, tick)`` runs that tick,
    the others skip it. ``tick`` counts intervals since the Unix epoch.
    """

    __tablename__ = "job_ticks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    tick: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claimed_at: Mapped[datetime]
    #: Which process ran it (host and pid), for an operator reading the table.
    instance: Mapped[str] = mapped_column(String(80))


# Feature tables: each module registers its tables on ``Base.metadata`` when imported
# (``X as X`` re-exports the class for ``from bot.db.models import X``).
from bot.db.models import calendar as calendar  # noqa: E402
from bot.db.models import followup as followup  # noqa: E402
from bot.db.models import pacing as pacing  # noqa: E402
from bot.db.models import pipeline as pipeline  # noqa: E402
from bot.db.models import proposals as proposals  # noqa: E402
from bot.db.models import public as public  # noqa: E402
from bot.db.models import surveys as surveys  # noqa: E402
from bot.db.models.invitations import InviteArrival as InviteArrival  # noqa: E402
from bot.db.models.organisations import Organisation as Organisation  # noqa: E402
from bot.db.models.organisations import OrganisationInvite as OrganisationInvite  # noqa: E402
from bot.db.models.participants import ParticipantProfile as ParticipantProfile  # noqa: E402
