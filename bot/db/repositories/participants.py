"""Participant profiles (registration answers) and attendances; queries only, never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Workshop, WorkshopRsvp
from bot.db.models.participants import ParticipantProfile
from bot.participants.fields import SENSITIVE, Field
from bot.participants.form import Answers
from bot.participants.participation import Attendance


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


async def profiles_of(
    session: AsyncSession, member_ids: Iterable[int]
) -> list[dict[Field, str | None]]:
    """The answers of a set of people, one mapping each (people who never answered give an
    empty one), for :func:`bot.participants.aggregate.aggregate`."""
    ids = sorted(set(member_ids))
    found: dict[int, ParticipantProfile] = {}
    for start in range(0, len(ids), 500):  # bound-value limits on both databases
        chunk = ids[start : start + 500]
        rows = await session.scalars(
            select(ParticipantProfile).where(ParticipantProfile.member_id.in_(chunk))
        )
        found.update({row.member_id: row for row in rows})
    return [values(found.get(member_id)) for member_id in ids]


async def attendances(
    session: AsyncSession, *, start: datetime | None = None, end: datetime | None = None
) -> list[Attendance]:
    """Every marked attendance (``attended`` true) at a published workshop starting in
    ``[start, end)``, with the person's organisation, for
    :func:`bot.participants.participation.summarise`."""
    query = (
        select(
            WorkshopRsvp.workshop_id,
            WorkshopRsvp.member_id,
            Member.organisation_id,
            Workshop.starts_at,
            Workshop.ends_at,
        )
        .join(Workshop, Workshop.id == WorkshopRsvp.workshop_id)
        .join(Member, Member.id == WorkshopRsvp.member_id)
        .where(
            WorkshopRsvp.attended.is_(True),
            Workshop.status == "published",
            Workshop.starts_at.is_not(None),
            Workshop.ends_at.is_not(None),
        )
    )
    if start is not None:
        query = query.where(Workshop.starts_at >= start)
    if end is not None:
        query = query.where(Workshop.starts_at < end)
    rows = await session.execute(query)
    return [
        Attendance(workshop_id, member_id, organisation_id, starts_at, ends_at)
        for workshop_id, member_id, organisation_id, starts_at, ends_at in rows.all()
    ]
