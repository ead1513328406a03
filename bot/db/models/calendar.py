"""Tables of the alliance calendar: recurring series, highlighted calls, private feed links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class WorkshopSeries(Base):
    """A recurring activity: its rule, and the dates left out. Each occurrence is a row of
    ``workshops`` (with ``series_id``), so it has its own answers, seats and reminders."""

    __tablename__ = "workshop_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The RFC 5545 rule (``FREQ=MONTHLY;BYDAY=1TU;COUNT=6``), in the series' time zone.
    rule: Mapped[str] = mapped_column(String(300))
    #: Local dates (ISO) left out of the rule.
    exceptions: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class HighlightedCall(Base):
    """A call the coordinators highlight: its deadlines appear in the alliance calendar."""

    __tablename__ = "highlighted_calls"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    highlighted_by: Mapped[int] = mapped_column(BigInteger)
    highlighted_at: Mapped[datetime]


class CalendarFeed(Base):
    """A member's private calendar feed link. Only a hash of the secret token is kept: the
    link is shown once, when it is made; a new link replaces it, turning it off deletes it."""

    __tablename__ = "calendar_feeds"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    #: SHA-256 of the token, hex.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_fetched_at: Mapped[datetime | None]
    #: SHA-256 of the body last served, and when the body last changed (``Last-Modified``).
    content_hash: Mapped[str | None] = mapped_column(String(64))
    modified_at: Mapped[datetime | None]
