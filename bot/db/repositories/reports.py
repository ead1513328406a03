"""The funder's report's reads: a handful of set-based queries, whatever the number of members.

Contract as in :mod:`bot.db.repositories.stats`: half-open periods in aware UTC. A workshop
belongs to the period when it *starts* in it and is published (cancelled ones held nothing).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, OutboxMessage, Workshop, WorkshopRsvp
from bot.db.models.organisations import Organisation
from bot.db.models.participants import ParticipantProfile
from bot.db.repositories import stats
from bot.reports.model import AttendeeRow, PersonRow, Reach, WorkshopRow


def _held(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(
        Workshop.status == "published",
        Workshop.starts_at.is_not(None),
        Workshop.starts_at >= start,
        Workshop.starts_at < end,
    )


async def workshops(session: AsyncSession, *, start: datetime, end: datetime) -> list[WorkshopRow]:
    """Published workshops starting in the period, with registered, attended, organisations."""
    attended = WorkshopRsvp.attended.is_(True)
    registered = case((WorkshopRsvp.status == "going", 1), (attended, 1), else_=0)
    rows = await session.execute(
        select(
            Workshop.id,
            Workshop.title,
            Workshop.starts_at,
            Workshop.ends_at,
            Workshop.timezone,
            Workshop.place,
            Workshop.url,
            Workshop.language,
            Workshop.topics,
            func.coalesce(func.sum(registered), 0),
            func.coalesce(func.sum(case((attended, 1), else_=0)), 0),
            func.count(distinct(case((attended, Member.organisation_id), else_=None))),
        )
        .outerjoin(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
        .outerjoin(Member, Member.id == WorkshopRsvp.member_id)
        .where(_held(start, end))
        .group_by(Workshop.id)
        .order_by(Workshop.starts_at, Workshop.id)
    )
    found: list[WorkshopRow] = []
    for row in rows.all():
        starts_at = row[2]
        assert starts_at is not None  # filtered above
        found.append(
            WorkshopRow(
                id=int(row[0]),
                title=row[1],
                starts_at=starts_at,
                ends_at=row[3],
                timezone=row[4],
                place=row[5],
                url=row[6],
                language=row[7],
                topics=tuple(row[8] or ()),
                registered=int(row[9]),
                attended=int(row[10]),
                organisations=int(row[11]),
            )
        )
    return found


async def people(session: AsyncSession, *, start: datetime, end: datetime) -> list[PersonRow]:
    """Everyone who answered "going" or attended at a workshop of the period, once, with
    whether they took part, their answers and their organisation (one pass over the answers)."""
    attended = WorkshopRsvp.attended.is_(True)
    per_person = (
        select(
            WorkshopRsvp.member_id.label("member_id"),
            func.max(case((attended, 1), else_=0)).label("took_part"),
        )
        .join(Workshop, Workshop.id == WorkshopRsvp.workshop_id)
        .where((WorkshopRsvp.status == "going") | attended, _held(start, end))
        .group_by(WorkshopRsvp.member_id)
        .subquery()
    )
    profile = ParticipantProfile
    # Core execution on the session's connection: plain rows, no ORM loading per row (a year of
    # a large alliance is a hundred thousand people).
    connection = await session.connection()
    rows = await connection.execute(
        select(
            Member.id,
            Member.organisation_id,
            profile.gender,
            profile.age_band,
            profile.employment_status,
            profile.education_level,
            # A flag, not the time: no datetime to parse per row.
            case((profile.sensitive_consent_at.is_not(None), 1), else_=0),
            profile.disability,
            profile.third_country_national,
            profile.foreign_background,
            profile.minority,
            profile.homeless,
            profile.rural_area,
            per_person.c.took_part,
            Organisation.name,
            Organisation.org_type,
            Organisation.country,
        )
        .join(per_person, per_person.c.member_id == Member.id)
        .outerjoin(profile, profile.member_id == Member.id)
        .outerjoin(Organisation, Organisation.id == Member.organisation_id)
    )
    return [
        PersonRow(
            person=AttendeeRow(
                member_id=int(r[0]),
                organisation_id=r[1],
                gender=r[2],
                age_band=r[3],
                employment_status=r[4],
                education_level=r[5],
                sensitive_consent=bool(r[6]),
                disability=r[7],
                third_country_national=r[8],
                foreign_background=r[9],
                minority=r[10],
                homeless=r[11],
                rural_area=r[12],
            ),
            took_part=bool(r[13]),
            organisation_name=r[14],
            organisation_type=r[15],
            organisation_country=r[16],
        )
        for r in rows.all()
    ]


async def registered_people(
    session: AsyncSession, *, start: datetime, end: datetime, attended_only: bool = False
) -> int:
    """Distinct people who answered "going" or attended at a workshop of the period (with
    ``attended_only``: who attended, i.e. the participants)."""
    attended = WorkshopRsvp.attended.is_(True)
    inner = (
        select(WorkshopRsvp.member_id)
        .join(Workshop, Workshop.id == WorkshopRsvp.workshop_id)
        .where(
            attended if attended_only else (WorkshopRsvp.status == "going") | attended,
            _held(start, end),
        )
        .distinct()
        .subquery()
    )
    return int(await session.scalar(select(func.count()).select_from(inner)) or 0)


async def reach(session: AsyncSession, *, start: datetime, end: datetime) -> Reach:
    """People and organisations sent a message; digests, calls passed on, follows."""
    sent = and_(
        OutboxMessage.status == "sent",
        OutboxMessage.sent_at >= start,
        OutboxMessage.sent_at < end,
    )
    row = (
        await session.execute(
            select(func.count(distinct(Member.id)), func.count(distinct(Member.organisation_id)))
            .join(OutboxMessage, OutboxMessage.member_id == Member.id)
            .where(sent)
        )
    ).one()
    return Reach(
        members_reached=int(row[0]),
        organisations_reached=int(row[1]),
        digests_sent=await stats.digests_sent(session, start=start, end=end),
        calls_disseminated=await stats.opportunities_disseminated(session, start=start, end=end),
        follows=await stats.follows_created(session, start=start, end=end),
    )
