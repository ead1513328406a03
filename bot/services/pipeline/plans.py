"""Planning to apply and moving a project through its stages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.db.models.pipeline import Project, ProjectMember
from bot.db.repositories import pipeline as repo
from bot.pipeline.rules import may_move, may_steer
from bot.pipeline.types import ROLES, CallPlans, PipelineError, ProjectCard, Stage
from bot.services.alerts import FUNDING_KINDS
from bot.services.pipeline.base import PipelineBase, add_to_consortium, partner_of, stage_of


class Plans(PipelineBase):
    """ "We plan to apply", the project card and its stages."""

    async def call_plans(self, chat_id: int, opportunity_id: int) -> CallPlans:
        """A call, the member's project for it (if any) and the plans others chose to show.

        Raises:
            PipelineError: ``not_member``, ``group``, ``unknown_call`` or ``not_call``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            call = await repo.call(session, opportunity_id)
            if call is None:
                raise PipelineError("unknown_call")
            if call.kind not in FUNDING_KINDS:
                raise PipelineError("not_call")
            place = await repo.membership(session, member.id, opportunity_id)
            if place is not None:
                project = await repo.project(session, place.project_id)
                if project is not None:
                    card = await self._card(session, project, member.id)
                    return CallPlans(card.call, card, card.others)
            plans = [p for p in await repo.plans_for_call(session, opportunity_id) if p.visible]
            orgs = await repo.organisations(session, [p.member_id for p in plans])
            return CallPlans(
                repo.call_facts(call),
                None,
                tuple(partner_of(p, orgs) for p in plans if p.member_id in orgs),
            )

    async def plan(
        self, chat_id: int, opportunity_id: int, role: str, *, now: datetime
    ) -> ProjectCard:
        """The member plans to apply for the call in ``role`` (a new project at "idea"), or,
        as the project's lead, changes their role in it.

        Raises:
            PipelineError: ``not_member``, ``group``, ``unknown_call``, ``not_call``, ``stale``,
                ``not_lead`` (a joined organisation cannot change the role it was accepted in).
        """
        if role not in ROLES:
            raise PipelineError("stale", f"role {role!r}")
        async with self.db.serialized() as session:
            member = await self._member(session, chat_id)
            call = await repo.call(session, opportunity_id)
            if call is None:
                raise PipelineError("unknown_call")
            if call.kind not in FUNDING_KINDS:
                raise PipelineError("not_call")
            place = await repo.membership(session, member.id, opportunity_id)
            if place is not None:
                if place.role != role and not place.lead:
                    # A joined organisation's role is the one the consortium accepted it in.
                    raise PipelineError("not_lead")
                place.role = role
                project = await repo.project(session, place.project_id)
                if project is None:  # pragma: no cover - the row's foreign key forbids it
                    raise PipelineError("unknown")
                return await self._card(session, project, member.id)
            project = Project(
                opportunity_id=opportunity_id,
                stage="idea",
                created_at=now,
                stage_at=now,
                deadline_at=call.next_deadline,
                organisations=1,
                countries=[member.country] if member.country else [],
            )
            session.add(project)
            await session.flush()
            session.add(
                ProjectMember(
                    project_id=project.id,
                    member_id=member.id,
                    opportunity_id=opportunity_id,
                    role=role,
                    lead=True,
                    visible=False,
                    joined_at=now,
                )
            )
            await session.flush()
            return await self._card(session, project, member.id)

    async def card(self, chat_id: int, project_id: int) -> ProjectCard:
        """The project as the member (in its consortium) sees it.

        Raises:
            PipelineError: ``unknown`` when the member is not in it.
        """
        async with self.db.transaction() as session:
            member, project, _ = await self._steerable(session, chat_id, project_id)
            return await self._card(session, project, member.id)

    async def projects(self, chat_id: int) -> list[ProjectCard]:
        """The member's projects, newest first."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            return [
                await self._card(session, p, member.id)
                for p in await repo.projects_of(session, member.id)
            ]

    async def move(
        self, chat_id: int, project_id: int, stage: Stage, *, now: datetime
    ) -> ProjectCard:
        """Move the project to ``stage`` (the lead, or a member in the coordinator role).

        Raises:
            PipelineError: ``unknown``, ``not_lead`` or ``stage``.
        """
        async with self.db.serialized() as session:
            member, project, place = await self._steerable(session, chat_id, project_id, lock=True)
            if not may_steer(lead=place.lead, role=place.role):
                raise PipelineError("not_lead")
            current = stage_of(project.stage)
            if current != stage:
                if not may_move(current, stage):
                    raise PipelineError("stage", f"{current} -> {stage}")
                project.stage = stage
                project.stage_at = now
                if stage == "submitted" and project.submitted_at is None:
                    project.submitted_at = now
                if stage in ("idea", "partners", "writing"):
                    call = await repo.call(session, project.opportunity_id)
                    if call is not None and call.next_deadline is not None:
                        project.deadline_at = call.next_deadline
                if stage != "funded":
                    project.amount = None
            return await self._card(session, project, member.id)

    async def set_amount(
        self, chat_id: int, project_id: int, amount: Decimal | None
    ) -> ProjectCard:
        """Record the amount granted to a funded project.

        Raises:
            PipelineError: ``unknown``, ``not_lead`` or ``stage`` (not funded).
        """
        async with self.db.transaction() as session:
            member, project, place = await self._steerable(session, chat_id, project_id)
            if not may_steer(lead=place.lead, role=place.role):
                raise PipelineError("not_lead")
            if project.stage != "funded":
                raise PipelineError("stage", "an amount for a project not funded")
            project.amount = amount
            return await self._card(session, project, member.id)

    async def set_visible(self, chat_id: int, project_id: int, on: bool) -> ProjectCard:
        """Show (or stop showing) the member's plan to other members."""
        async with self.db.transaction() as session:
            member, project, place = await self._steerable(session, chat_id, project_id)
            place.visible = on
            return await self._card(session, project, member.id)

    async def leave(self, chat_id: int, project_id: int) -> None:
        """A member who is not the lead leaves the consortium (their own part ends); the lead
        withdraws the project instead.

        Raises:
            PipelineError: ``unknown`` or ``stage`` (the lead cannot leave).
        """
        async with self.db.transaction() as session:
            _, _, place = await self._steerable(session, chat_id, project_id)
            if place.lead:
                raise PipelineError("stage", "the lead withdraws the project instead")
            await session.delete(place)

    async def join_after_introduction(
        self, introduction_id: int, *, now: datetime
    ) -> ProjectCard | None:
        """An introduction about a call was accepted: the two organisations accepted each
        other for that call, so when the requester is in a project for it the target joins its
        consortium as a partner. Returns the project as the target sees it (None: no project,
        or the target is in another consortium for the call)."""
        async with self.db.serialized() as session:
            found = await repo.accepted_introduction(session, introduction_id)
            if found is None:
                return None
            requester_id, target_id, opportunity_id = found
            place = await repo.membership(session, requester_id, opportunity_id)
            project = await repo.project(session, place.project_id, lock=True) if place else None
            if project is None or project.stage in ("funded", "rejected", "withdrawn"):
                return None
            if await repo.member_in(session, project.id, target_id) is not None:
                return None
            if not await add_to_consortium(
                session, project, target_id, "partner", now=now, other=requester_id
            ):
                return None
            return await self._card(session, project, target_id)
