"""Organisations: the alliance's members as legal entities, each with several people (chats).

A person's chat (``members``) points at its organisation with ``members.organisation_id``.
An organisation is not personal data: it stays when one of its people uses ``/forget``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class Organisation(Base):
    """An NGO, public body, training provider, SME... that takes part in the alliance.

    ``status``: pending (waits for a coordinator, in ``approval`` mode) -> approved | rejected.
    """

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        Index("ix_organisations_country_status", "country", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name as its people wrote it ("Asociația Vest Digital").
    name: Mapped[str] = mapped_column(String(160))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    #: NUTS code where known (e.g. RO42 or RO424), for regional reporting.
    nuts_region: Mapped[str | None] = mapped_column(String(5))
    #: One of ``bot.core.orgtypes`` (ngo, public, training, sme, ...).
    org_type: Mapped[str | None] = mapped_column(String(24))
    #: Registration or VAT number, as given (optional).
    registration_number: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="approved")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When a coordinator approved or rejected it, and who (Telegram user id).
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    #: The partner organisation whose invite link brought it (who brought whom).
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )


class OrganisationInvite(Base):
    """An invite link (``/start inv<CODE>``) a partner organisation hands out."""

    __tablename__ = "organisation_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The code in the deep link: unguessable, URL-safe.
    code: Mapped[str] = mapped_column(String(24), unique=True)
    #: The organisation that invites (None: the coordinators' own link).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    #: The person who made it (kept anonymous once they use /forget).
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    #: How many people joined through it.
    uses: Mapped[int] = mapped_column(default=0, server_default="0")
