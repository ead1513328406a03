"""What every pipeline use-case shares: the database, settings, message texts, and turning rows
into the :mod:`bot.pipeline.types` records views show."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.core.timing import QuietHours, shift_out_of_quiet
from bot.db.models import Member
from bot.db.models.pipeline import PartnerRequest, Project, ProjectMember
from bot.db.repositories import pipeline as repo
from bot.db.session import Database
from bot.pipeline.rules import may_steer, visible_to_members
from bot.pipeline.texts import PipelineTexts
from bot.pipeline.types import (
    OrgFacts,
    Partner,
    PipelineError,
    ProjectCard,
    RequestCard,
    RequestSpec,
    Stage,
)


def after_quiet_hours(member: Member, settings: Settings, now: datetime) -> datetime | None:
    """When a message to the member may go: None (now), or the end of their quiet hours."""
    if member.quiet_start_minute is None or member.quiet_end_minute is None:
        return None
    zone = ZoneInfo(member.timezone or settings.schedule.timezone)
    quiet = QuietHours(member.quiet_start_minute, member.quiet_end_minute)
    send_at = shift_out_of_quiet(now, zone, quiet)
    return send_at if send_at > now else None


def spec_of(row: PartnerRequest) -> RequestSpec:
    """What a request row asks for."""
    return RequestSpec(
        roles=tuple(row.roles or ()),
        countries=tuple(row.countries or ()),
        org_types=tuple(row.org_types or ()),
        topics=tuple(row.topics or ()),
        expertise=row.expertise,
        closes_at=row.closes_at,
    )


class PipelineBase:
    """Bound to a database, the settings, the catalogs and the message texts; each public
    method of a subclass owns one transaction."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, texts: PipelineTexts
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.texts = texts

    @staticmethod
    async def _member(session: AsyncSession, chat_id: int) -> Member:
        """The consented member of a private chat.

        Raises:
            PipelineError: ``not_member`` or ``group``.
        """
        member = await repo.member_of_chat(session, chat_id)
        if member is None or member.consented_at is None:
            raise PipelineError("not_member")
        if member.chat_type != "private":
            raise PipelineError("group")
        return member

    async def _card(
        self, session: AsyncSession, project: Project, viewer_id: int | None
    ) -> ProjectCard:
        """The project as ``viewer_id`` (a consortium member) sees it."""
        call = await repo.call(session, project.opportunity_id)
        if call is None:
            raise PipelineError("unknown_call")
        rows = await repo.consortium(session, [project.id])
        plans = [
            p
            for p in await repo.plans_for_call(session, project.opportunity_id)
            if p.project_id != project.id and visible_to_members(p.visible, same_project=False)
        ]
        orgs = await repo.organisations(
            session, [r.member_id for r in rows] + [p.member_id for p in plans]
        )
        mine = next((r for r in rows if r.member_id == viewer_id), None)
        requests = await repo.requests_of_project(session, project.id)
        return ProjectCard(
            id=project.id,
            call=repo.call_facts(call),
            stage=_stage(project.stage),
            amount=project.amount,
            stage_at=project.stage_at,
            role=mine.role if mine is not None else "",
            lead=mine.lead if mine is not None else False,
            visible=mine.visible if mine is not None else False,
            may_move=mine is not None and may_steer(lead=mine.lead, role=mine.role),
            consortium=tuple(_partner(r, orgs) for r in rows if r.member_id in orgs),
            others=tuple(_partner(p, orgs) for p in plans if p.member_id in orgs),
            open_requests=sum(1 for r in requests if r.status == "open"),
        )

    async def _request_card(
        self,
        session: AsyncSession,
        row: PartnerRequest,
        *,
        with_answers: bool = False,
        my_answer: str | None = None,
    ) -> RequestCard:
        project = await repo.project(session, row.project_id)
        call = await repo.call(session, project.opportunity_id) if project is not None else None
        if project is None or call is None:
            raise PipelineError("unknown")
        lead = await repo.member_in(session, project.id, row.member_id)
        found = await repo.answers(session, [row.id]) if with_answers else []
        orgs = await repo.organisations(session, [row.member_id, *(a.member_id for a in found)])
        requester = orgs.get(row.member_id) or OrgFacts(row.member_id, "", None, None)
        return RequestCard(
            id=row.id,
            project_id=project.id,
            status=row.status,
            spec=spec_of(row),
            call=repo.call_facts(call),
            requester=requester,
            requester_role=lead.role if lead is not None else "partner",
            answers=tuple(
                (orgs[a.member_id], a.status)
                for a in found
                if a.member_id in orgs and a.status != "sent"
            ),
            my_answer=my_answer,
            sent=len(found),
        )

    async def _steerable(
        self, session: AsyncSession, chat_id: int, project_id: int, *, lock: bool = False
    ) -> tuple[Member, Project, ProjectMember]:
        """The member, the project and their place in it.

        Raises:
            PipelineError: ``unknown`` when the member is not in the project.
        """
        member = await self._member(session, chat_id)
        project = await repo.project(session, project_id, lock=lock)
        place = await repo.member_in(session, project_id, member.id) if project else None
        if project is None or place is None:
            raise PipelineError("unknown", f"project {project_id}")
        rows = await repo.consortium(session, [project.id])
        if not any(r.lead for r in rows):
            # The lead erased their data: the longest-standing member takes the project on.
            rows[0].lead = True
            await session.flush()
        return member, project, place


def _stage(value: str) -> Stage:
    stages: dict[str, Stage] = {
        "idea": "idea",
        "partners": "partners",
        "writing": "writing",
        "submitted": "submitted",
        "funded": "funded",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
    }
    return stages[value]


def stage_of(value: str) -> Stage:
    """A stored stage as its literal."""
    return _stage(value)


def _partner(row: ProjectMember, orgs: dict[int, OrgFacts]) -> Partner:
    return Partner(org=orgs[row.member_id], role=row.role, lead=row.lead, visible=row.visible)


def partner_of(row: ProjectMember, orgs: dict[int, OrgFacts]) -> Partner:
    """A consortium row with its organisation."""
    return _partner(row, orgs)


async def solo(session: AsyncSession, place: ProjectMember) -> bool:
    """The member is alone in that project."""
    return len(await repo.consortium(session, [place.project_id])) <= 1


async def add_to_consortium(
    session: AsyncSession,
    project: Project,
    member_id: int,
    role: str,
    *,
    now: datetime,
    other: int,
) -> bool:
    """``member_id`` joins the project's consortium in ``role`` (leaving a project of its own
    for the call when it was alone in it); the anonymous tallies grow, and a join between
    organisations that had accepted an introduction (``other`` is the lead) counts as one that
    introductions led to. False when the organisation is in another consortium for the call."""
    existing = await repo.membership(session, member_id, project.opportunity_id)
    if existing is not None:
        if existing.project_id == project.id:
            return True
        if not await solo(session, existing):
            return False
        alone = await repo.project(session, existing.project_id)
        await session.delete(existing)
        if alone is not None:
            await session.delete(alone)
        await session.flush()
    joiner = (await repo.members(session, [member_id])).get(member_id)
    session.add(
        ProjectMember(
            project_id=project.id,
            member_id=member_id,
            opportunity_id=project.opportunity_id,
            role=role,
            lead=False,
            visible=False,
            joined_at=now,
        )
    )
    project.organisations += 1
    if joiner is not None and joiner.country and joiner.country not in project.countries:
        project.countries = [*project.countries, joiner.country]
    if await repo.introduced(session, other, member_id):
        project.introduced += 1
    await session.flush()
    return True
