"""What a person told the bot for a funder's participant counts (ESF+ Annex I), kept apart
from the profile: one row per person, asked once, erased with the person.

Every characteristic is a short code (``prefer_not`` when the person declined to say, NULL when
never asked); the codes and their labels live in ``bot/participants``. The sensitive ones
(GDPR Art. 9: disability, third-country national, foreign background, minority, homelessness,
rural area) are stored only while ``sensitive_consent_at`` is set.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class ParticipantProfile(Base):
    """One person's answers to the registration questions."""

    __tablename__ = "participant_profiles"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    # Ready fields a workshop's form may ask.
    job_title: Mapped[str | None] = mapped_column(String(120))
    org_role: Mapped[str | None] = mapped_column(String(120))
    # ESF+ participant characteristics.
    gender: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str | None] = mapped_column(String(16))
    employment_status: Mapped[str | None] = mapped_column(String(24))
    education_level: Mapped[str | None] = mapped_column(String(16))
    # Sensitive characteristics: only with explicit consent.
    sensitive_consent_at: Mapped[datetime | None]
    #: The person said no to (or withdrew) the sensitive questions: they are not asked again
    #: unless the person opens them from /profile.
    sensitive_declined_at: Mapped[datetime | None]
    disability: Mapped[str | None] = mapped_column(String(16))
    third_country_national: Mapped[str | None] = mapped_column(String(16))
    foreign_background: Mapped[str | None] = mapped_column(String(16))
    minority: Mapped[str | None] = mapped_column(String(16))
    homeless: Mapped[str | None] = mapped_column(String(16))
    rural_area: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime]
