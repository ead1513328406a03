"""Organisation rows, their people, invite links and arrivals. Queries only; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import InviteArrival, Member, Organisation, OrganisationInvite
from bot.organisations.types import InviteInfo, OrgInfo, RosterPerson


async def get(
    session: AsyncSession, organisation_id: int, *, lock: bool = False
) -> Organisation | None:
    """One organisation."""
    query = select(Organisation).where(Organisation.id == organisation_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


def add(session: AsyncSession, organisation: Organisation) -> Organisation:
    """Stage a new organisation."""
    session.add(organisation)
    return organisation


async def candidates(session: AsyncSession) -> list[Organisation]:
    """Every organisation a name may match (not the rejected ones)."""
    query = select(Organisation).where(Organisation.status != "rejected").order_by(Organisation.id)
    return list((await session.scalars(query)).all())


async def people(session: AsyncSession, organisation_id: int, *, confirmed: bool) -> list[Member]:
    """The organisation's people (confirmed ones, or those waiting), private chats only."""
    waiting = Member.organisation_confirmed_at.is_(None)
    query = (
        select(Member)
        .where(
            Member.organisation_id == organisation_id,
            Member.chat_type == "private",
            Member.consented_at.is_not(None),
            ~waiting if confirmed else waiting,
        )
        .order_by(Member.id)
    )
    return list((await session.scalars(query)).all())


async def counts(
    session: AsyncSession, organisation_ids: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """Confirmed and waiting people of each organisation."""
    if not organisation_ids:
        return {}
    confirmed = func.sum(case((Member.organisation_confirmed_at.is_not(None), 1), else_=0))
    waiting = func.sum(case((Member.organisation_confirmed_at.is_(None), 1), else_=0))
    rows = await session.execute(
        select(Member.organisation_id, confirmed, waiting)
        .where(Member.organisation_id.in_(list(organisation_ids)), Member.consented_at.is_not(None))
        .group_by(Member.organisation_id)
    )
    return {int(o): (int(c or 0), int(w or 0)) for o, c, w in rows.all()}


def info(
    row: Organisation, *, people: int = 0, waiting: int = 0, invited_by: str | None = None
) -> OrgInfo:
    """The row as the record screens show."""
    return OrgInfo(
        id=row.id,
        name=row.name,
        country=row.country,
        nuts_region=row.nuts_region,
        org_type=row.org_type,
        registration_number=row.registration_number,
        website=row.website,
        status=row.status,
        created_at=row.created_at,
        decided_at=row.decided_at,
        invited_by=invited_by,
        people=people,
        waiting=waiting,
    )


async def infos(session: AsyncSession, rows: Sequence[Organisation]) -> list[OrgInfo]:
    """Rows with their people counts and the name of who invited them."""
    numbers = await counts(session, [r.id for r in rows])
    inviters = {r.invited_by_id for r in rows if r.invited_by_id is not None}
    names: dict[int, str] = {}
    if inviters:
        found = await session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(inviters))
        )
        names = {int(i): n for i, n in found.all()}
    return [
        info(
            r,
            people=numbers.get(r.id, (0, 0))[0],
            waiting=numbers.get(r.id, (0, 0))[1],
            invited_by=names.get(r.invited_by_id) if r.invited_by_id is not None else None,
        )
        for r in rows
    ]


async def roster(
    session: AsyncSession, *, ids: Sequence[int] | None, offset: int, limit: int
) -> tuple[list[Organisation], int]:
    """A page of organisations by name (only ``ids`` when given), and how many there are."""
    query = select(Organisation)
    if ids is not None:
        query = query.where(Organisation.id.in_(list(ids)))
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    page = (
        query.order_by(func.lower(Organisation.name), Organisation.id).offset(offset).limit(limit)
    )
    return list((await session.scalars(page)).all()), int(total or 0)


async def all_organisations(session: AsyncSession) -> list[Organisation]:
    """Every organisation, by name."""
    query = select(Organisation).order_by(func.lower(Organisation.name), Organisation.id)
    return list((await session.scalars(query)).all())


async def pending(session: AsyncSession) -> list[Organisation]:
    """Organisations waiting for a coordinator, oldest first."""
    query = select(Organisation).where(Organisation.status == "pending").order_by(Organisation.id)
    return list((await session.scalars(query)).all())


async def waiting_people(session: AsyncSession) -> int:
    """People whose place in an organisation waits for confirmation."""
    found = await session.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            Member.organisation_id.is_not(None),
            Member.organisation_confirmed_at.is_(None),
            Member.consented_at.is_not(None),
        )
    )
    return int(found or 0)


async def roster_people(session: AsyncSession) -> dict[int, list[RosterPerson]]:
    """Every consented person with an organisation, by organisation."""
    rows = await session.scalars(
        select(Member)
        .where(Member.organisation_id.is_not(None), Member.consented_at.is_not(None))
        .order_by(Member.id)
    )
    found: dict[int, list[RosterPerson]] = {}
    for m in rows.all():
        assert m.organisation_id is not None
        found.setdefault(m.organisation_id, []).append(
            RosterPerson(
                member_id=m.id,
                chat_id=m.chat_id,
                language=m.language,
                confirmed=m.organisation_confirmed_at is not None,
                onboarded_at=m.onboarded_at,
                last_seen_at=m.last_seen_at,
            )
        )
    return found


# ----- invites ----------------------------------------------------------------------------
async def invite_by_code(session: AsyncSession, code: str) -> OrganisationInvite | None:
    """The invite link with this code, revoked or not."""
    query = select(OrganisationInvite).where(OrganisationInvite.code == code)
    return (await session.execute(query)).scalar_one_or_none()


async def invite(session: AsyncSession, invite_id: int) -> OrganisationInvite | None:
    """One invite link."""
    return await session.get(OrganisationInvite, invite_id)


async def invites_of(
    session: AsyncSession, organisation_id: int | None
) -> list[OrganisationInvite]:
    """An organisation's invite links (None: the coordinators' own), newest first."""
    owner = (
        OrganisationInvite.organisation_id.is_(None)
        if organisation_id is None
        else OrganisationInvite.organisation_id == organisation_id
    )
    query = select(OrganisationInvite).where(owner).order_by(OrganisationInvite.id.desc())
    return list((await session.scalars(query)).all())


def invite_info(row: OrganisationInvite, organisation_name: str | None) -> InviteInfo:
    """The row as the record screens show."""
    return InviteInfo(
        id=row.id,
        code=row.code,
        organisation_id=row.organisation_id,
        organisation_name=organisation_name,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        uses=row.uses,
    )


async def arrival(session: AsyncSession, member_id: int) -> InviteArrival | None:
    """The invite link the person came with, if still unused."""
    return await session.get(InviteArrival, member_id)


async def arrive(session: AsyncSession, member_id: int, invite_id: int, now: datetime) -> None:
    """Remember (or replace) the invite link a person came with."""
    found = await session.get(InviteArrival, member_id)
    if found is None:
        session.add(InviteArrival(member_id=member_id, invite_id=invite_id, arrived_at=now))
    else:
        found.invite_id = invite_id
        found.arrived_at = now
