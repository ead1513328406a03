"""Queries of the project pipeline (projects, consortia, partner requests and answers).

Never commits; datetimes are aware UTC. Rows leave as ORM rows to the pipeline's service, which
turns them into :mod:`bot.pipeline.types` records; organisations come through
:func:`organisations`, the one adaptor to change when organisations become first-class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import DirectoryEntry, Follow, Introduction, Member, OpportunityRow
from bot.db.models.pipeline import PartnerAnswer, PartnerRequest, Project, ProjectMember
from bot.pipeline.organisation import organisation_of
from bot.pipeline.types import CallFacts, OrgFacts


def call_facts(row: OpportunityRow) -> CallFacts:
    """The call as the pipeline uses it."""
    return CallFacts(
        id=row.id,
        title=row.title,
        url=row.url,
        programme=row.programme,
        deadline=row.next_deadline,
        themes=tuple(row.themes or ()),
        eligible_countries=tuple(row.eligible_countries or ()),
        eligible_org_types=tuple(row.eligible_org_types or ()),
        currency=row.currency,
        deadline_has_time=row.deadline_has_time,
        deadline_zone=row.deadline_zone,
    )


async def member_of_chat(session: AsyncSession, chat_id: int) -> Member | None:
    """The member row of a chat."""
    member: Member | None = await session.scalar(select(Member).where(Member.chat_id == chat_id))
    return member


async def members(session: AsyncSession, ids: Iterable[int]) -> dict[int, Member]:
    """Member rows by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(Member).where(Member.id.in_(wanted)))
    return {m.id: m for m in rows}


async def call(session: AsyncSession, opportunity_id: int) -> OpportunityRow | None:
    """An opportunity by id."""
    return await session.get(OpportunityRow, opportunity_id)


async def calls(session: AsyncSession, ids: Iterable[int]) -> dict[int, OpportunityRow]:
    """Opportunities by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(OpportunityRow).where(OpportunityRow.id.in_(wanted)))
    return {r.id: r for r in rows}


async def organisations(session: AsyncSession, member_ids: Iterable[int]) -> dict[int, OrgFacts]:
    """The organisation behind each member (see :mod:`bot.pipeline.organisation`)."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(Member, DirectoryEntry)
        .outerjoin(DirectoryEntry, DirectoryEntry.member_id == Member.id)
        .where(Member.id.in_(wanted))
        .options(selectinload(Member.interests))
    )
    found: dict[int, OrgFacts] = {}
    for member, entry in rows.tuples():
        found[member.id] = organisation_of(
            member.id,
            org_name=member.org_name or (entry.org_name if entry is not None else None),
            country=member.country,
            org_type=member.org_type,
            entry_topics=list(entry.topics) if entry is not None else None,
            entry_roles=list(entry.roles) if entry is not None else None,
            entry_description=entry.description if entry is not None else "",
            published_at=entry.published_at if entry is not None else None,
            profile_topics=[i.item_id for i in member.interests if i.kind == "topic"],
        )
    return found


async def candidates(session: AsyncSession, exclude: Iterable[int]) -> list[Member]:
    """Members with a published entry who can be messaged (private, consented, not blocked)."""
    query = (
        select(Member)
        .join(DirectoryEntry, DirectoryEntry.member_id == Member.id)
        .where(DirectoryEntry.published_at.is_not(None))
        .where(Member.chat_type == "private")
        .where(Member.consented_at.is_not(None))
        .where(Member.blocked_at.is_(None))
        .order_by(Member.id)
    )
    skip = set(exclude)
    return [m for m in await session.scalars(query) if m.id not in skip]


async def membership(
    session: AsyncSession, member_id: int, opportunity_id: int
) -> ProjectMember | None:
    """The member's place in a project for the call, if any."""
    row: ProjectMember | None = await session.scalar(
        select(ProjectMember)
        .where(ProjectMember.member_id == member_id)
        .where(ProjectMember.opportunity_id == opportunity_id)
    )
    return row


async def member_in(session: AsyncSession, project_id: int, member_id: int) -> ProjectMember | None:
    """The member's row in a project's consortium."""
    return await session.get(ProjectMember, (project_id, member_id))


async def project(session: AsyncSession, project_id: int, *, lock: bool = False) -> Project | None:
    """A project by id (locked for the transaction with ``lock`` on PostgreSQL)."""
    query = select(Project).where(Project.id == project_id)
    if lock:
        query = query.with_for_update()
    found: Project | None = await session.scalar(query)
    return found


async def consortium(session: AsyncSession, project_ids: Iterable[int]) -> list[ProjectMember]:
    """Every consortium row of the projects, leads first."""
    wanted = sorted(set(project_ids))
    if not wanted:
        return []
    rows = await session.scalars(
        select(ProjectMember)
        .where(ProjectMember.project_id.in_(wanted))
        .order_by(ProjectMember.project_id, ProjectMember.lead.desc(), ProjectMember.joined_at)
    )
    return list(rows)


async def plans_for_call(session: AsyncSession, opportunity_id: int) -> list[ProjectMember]:
    """Every consortium row of every project for the call."""
    rows = await session.scalars(
        select(ProjectMember)
        .where(ProjectMember.opportunity_id == opportunity_id)
        .order_by(ProjectMember.joined_at)
    )
    return list(rows)


async def projects_of(session: AsyncSession, member_id: int) -> list[Project]:
    """The member's projects, newest first."""
    rows = await session.scalars(
        select(Project)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .where(ProjectMember.member_id == member_id)
        .order_by(Project.created_at.desc(), Project.id.desc())
    )
    return list(rows)


async def all_projects(session: AsyncSession) -> list[Project]:
    """Every project, oldest first."""
    return list(await session.scalars(select(Project).order_by(Project.id)))


async def open_requests(session: AsyncSession, member_id: int) -> int:
    """How many open partner requests the member has."""
    count = await session.scalar(
        select(func.count())
        .select_from(PartnerRequest)
        .where(PartnerRequest.member_id == member_id)
        .where(PartnerRequest.status == "open")
    )
    return int(count or 0)


async def request(
    session: AsyncSession, request_id: int, *, lock: bool = False
) -> PartnerRequest | None:
    """A partner request by id."""
    query = select(PartnerRequest).where(PartnerRequest.id == request_id)
    if lock:
        query = query.with_for_update()
    found: PartnerRequest | None = await session.scalar(query)
    return found


async def requests_of_project(session: AsyncSession, project_id: int) -> list[PartnerRequest]:
    """A project's partner requests."""
    rows = await session.scalars(
        select(PartnerRequest).where(PartnerRequest.project_id == project_id)
    )
    return list(rows)


async def own_requests(session: AsyncSession, member_id: int) -> list[PartnerRequest]:
    """The member's requests that are not drafts, newest first."""
    rows = await session.scalars(
        select(PartnerRequest)
        .where(PartnerRequest.member_id == member_id)
        .where(PartnerRequest.status != "draft")
        .order_by(PartnerRequest.id.desc())
        .limit(20)
    )
    return list(rows)


async def requests_to_answer(
    session: AsyncSession, member_id: int
) -> list[tuple[PartnerRequest, PartnerAnswer]]:
    """Open requests sent to the member, with their answer row."""
    rows = await session.execute(
        select(PartnerRequest, PartnerAnswer)
        .join(PartnerAnswer, PartnerAnswer.request_id == PartnerRequest.id)
        .where(PartnerAnswer.member_id == member_id)
        .where(PartnerRequest.status == "open")
        .order_by(PartnerRequest.id)
    )
    return list(rows.tuples())


async def answers(session: AsyncSession, request_ids: Sequence[int]) -> list[PartnerAnswer]:
    """Answers to the requests."""
    if not request_ids:
        return []
    rows = await session.scalars(
        select(PartnerAnswer)
        .where(PartnerAnswer.request_id.in_(sorted(set(request_ids))))
        .order_by(PartnerAnswer.request_id, PartnerAnswer.sent_at, PartnerAnswer.member_id)
    )
    return list(rows)


async def answer(session: AsyncSession, request_id: int, member_id: int) -> PartnerAnswer | None:
    """One member's answer row to a request."""
    return await session.get(PartnerAnswer, (request_id, member_id))


async def sent_to(session: AsyncSession, request_id: int) -> set[int]:
    """Members a request was already sent to."""
    rows = await session.scalars(
        select(PartnerAnswer.member_id).where(PartnerAnswer.request_id == request_id)
    )
    return set(rows)


async def due_to_close(session: AsyncSession, now: datetime) -> list[PartnerRequest]:
    """Open requests past their closing date or their call's deadline."""
    rows = await session.scalars(
        select(PartnerRequest)
        .join(Project, Project.id == PartnerRequest.project_id)
        .join(OpportunityRow, OpportunityRow.id == Project.opportunity_id)
        .where(PartnerRequest.status == "open")
        .where(
            or_(
                PartnerRequest.closes_at <= now,
                and_(
                    OpportunityRow.next_deadline.is_not(None),
                    OpportunityRow.next_deadline <= now,
                ),
                OpportunityRow.status == "closed",
            )
        )
    )
    return list(rows)


async def introduced(session: AsyncSession, one: int, other: int) -> bool:
    """The two members accepted an introduction between them (either way)."""
    found = await session.scalar(
        select(Introduction.id)
        .where(Introduction.status == "accepted")
        .where(
            or_(
                and_(Introduction.requester_id == one, Introduction.target_id == other),
                and_(Introduction.requester_id == other, Introduction.target_id == one),
            )
        )
        .limit(1)
    )
    return found is not None


async def accepted_introduction(
    session: AsyncSession, introduction_id: int
) -> tuple[int, int, int] | None:
    """An accepted introduction about a call: requester, target and call."""
    row = await session.get(Introduction, introduction_id)
    if row is None or row.status != "accepted" or row.opportunity_id is None:
        return None
    return row.requester_id, row.target_id, row.opportunity_id


async def follower_counts(session: AsyncSession, now: datetime) -> list[tuple[int, int]]:
    """Open calls (deadline ahead) with how many members follow them, most followed first."""
    rows = await session.execute(
        select(Follow.opportunity_id, func.count())
        .join(OpportunityRow, OpportunityRow.id == Follow.opportunity_id)
        .where(or_(OpportunityRow.next_deadline.is_(None), OpportunityRow.next_deadline > now))
        .group_by(Follow.opportunity_id)
        .order_by(func.count().desc(), Follow.opportunity_id)
    )
    return [(int(a), int(b)) for a, b in rows.tuples()]


async def planned_calls(session: AsyncSession) -> set[int]:
    """Calls some member plans to apply for (a project whose organisations were all erased
    counts for the indicators, not as a plan)."""
    return set(await session.scalars(select(ProjectMember.opportunity_id).distinct()))
