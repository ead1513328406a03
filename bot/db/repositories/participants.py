"""Participant profiles (registration answers) and attendances; queries only, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.participants import ParticipantProfile
from bot.participants.fields import SENSITIVE, Field
from bot.participants.form import Answers


async def profile(session: AsyncSession, member_id: int) -> ParticipantProfile | None:
    """One person's answers, if they ever answered."""
    return await session.get(ParticipantProfile, member_id)


async def ensure(session: AsyncSession, member_id: int, now: datetime) -> ParticipantProfile:
    """One person's row, created empty on the first answer."""
    row = await session.get(ParticipantProfile, member_id)
    if row is None:
        row = ParticipantProfile(member_id=member_id, updated_at=now)
        session.add(row)
        await session.flush()
    return row


def values(row: ParticipantProfile | None) -> dict[Field, str | None]:
    """The stored answers by field; sensitive ones only while consent stands."""
    if row is None:
        return {}
    consented = row.sensitive_consent_at is not None
    return {
        field: getattr(row, field.value) for field in Field if field not in SENSITIVE or consented
    }


def answers(row: ParticipantProfile | None) -> Answers:
    """What the form logic needs about one person."""
    if row is None:
        return Answers({})
    return Answers(
        values(row),
        consented=row.sensitive_consent_at is not None,
        declined=row.sensitive_declined_at is not None,
    )
