"""The coordinators' view of the pipeline (/pipeline, indicators) and its scheduled work:
closing requests, reminding projects still being written, asking for outcomes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.pipeline import Project
from bot.db.repositories import outbox
from bot.db.repositories import pipeline as repo
from bot.delivery.outgoing import Outgoing
from bot.pipeline.rules import is_stuck, outcome_due, writing_reminder_due
from bot.pipeline.types import Filter, Overview, ProjectRow, Tally
from bot.services.pipeline.base import PipelineBase, after_quiet_hours, partner_of, stage_of


class PipelineOverview(PipelineBase):
    """What coordinators see, and the pipeline's scheduled job."""

    async def rows(self) -> list[ProjectRow]:
        """Every project with its consortium (erased organisations are simply gone)."""
        async with self.db.transaction() as session:
            projects = await repo.all_projects(session)
            calls = await repo.calls(session, [p.opportunity_id for p in projects])
            places = await repo.consortium(session, [p.id for p in projects])
            orgs = await repo.organisations(session, [p.member_id for p in places])
        found = []
        for project in projects:
            call = calls.get(project.opportunity_id)
            if call is None:
                continue
            consortium = tuple(
                partner_of(p, orgs)
                for p in places
                if p.project_id == project.id and p.member_id in orgs
            )
            found.append(
                ProjectRow(
                    id=project.id,
                    call=repo.call_facts(call),
                    stage=stage_of(project.stage),
                    stage_at=project.stage_at,
                    amount=project.amount,
                    consortium=consortium,
                    countries=tuple(sorted({c for c in project.countries if c})),
                    topics=tuple(call.themes or ()),
                )
            )
        return found

    async def overview(self, chosen: Filter, *, now: datetime) -> Overview:
        """/pipeline: the projects the filter keeps, counts by stage, stuck projects and calls
        many members follow that nobody plans to apply for."""
        settings = self.settings.pipeline
        every = await self.rows()
        kept = [r for r in every if _keeps(chosen, r)]
        counts: dict[str, int] = {}
        for row in kept:
            counts[row.stage] = counts.get(row.stage, 0) + 1
        stuck = tuple(
            r for r in kept if is_stuck(r.stage, r.stage_at, now=now, days=settings.stuck_days)
        )
        async with self.db.transaction() as session:
            followed = await repo.follower_counts(session, now)
            planned = await repo.planned_calls(session)
            wanted = [
                (c, n) for c, n in followed if n >= settings.convene_followers and c not in planned
            ][:10]
            calls = await repo.calls(session, [c for c, _ in wanted])
        unclaimed = tuple((repo.call_facts(calls[c]), n) for c, n in wanted if c in calls)
        return Overview(
            filter=chosen,
            projects=tuple(kept),
            counts=counts,
            stuck=stuck,
            unclaimed=unclaimed,
            stuck_days=settings.stuck_days,
            choices=_choices(every),
        )

    async def tallies(self) -> list[Tally]:
        """Every project's anonymous facts, for the indicators."""
        async with self.db.transaction() as session:
            return await read_tallies(session)

    async def remind(self, *, now: datetime) -> int:
        """Queue the "deadline near, still writing?" reminders and the outcome questions that
        are due; returns how many messages."""
        settings = self.settings.pipeline
        messages: list[Outgoing] = []
        async with self.db.transaction() as session:
            for project in await repo.all_projects(session):
                await self._refresh_deadline(session, project)
                stage = stage_of(project.stage)
                kind = None
                if writing_reminder_due(
                    stage,
                    project.deadline_at,
                    project.writing_reminded_at,
                    now=now,
                    days=settings.writing_reminder_days,
                ):
                    project.writing_reminded_at = now
                    kind = "writing"
                elif outcome_due(
                    stage,
                    project.deadline_at,
                    project.submitted_at,
                    project.outcome_asked_at,
                    now=now,
                    weeks=settings.outcome_weeks,
                ):
                    project.outcome_asked_at = now
                    kind = "outcome"
                if kind is None:
                    continue
                places = await repo.consortium(session, [project.id])
                people = await repo.members(session, [p.member_id for p in places])
                for place in places:
                    member = people.get(place.member_id)
                    if member is None or member.blocked_at is not None:
                        continue
                    # The outcome is asked of those who can record it; the reminder goes to all.
                    if kind == "outcome" and not (place.lead or place.role == "coordinator"):
                        continue
                    card = await self._card(session, project, member.id)
                    tr = self.catalogs.get(member.language)
                    text, markup = (
                        self.texts.writing_reminder(tr, card)
                        if kind == "writing"
                        else self.texts.outcome_question(tr, card)
                    )
                    messages.append(
                        Outgoing(
                            chat_id=member.chat_id,
                            member_id=member.id,
                            kind="pipeline",
                            dedupe_key=f"pipeline:{kind}:{project.id}:{member.id}",
                            text=text,
                            reply_markup=markup,
                            not_before=after_quiet_hours(member, self.settings, now),
                        )
                    )
            await outbox.enqueue(session, messages, now=now)
        return len(messages)

    @staticmethod
    async def _refresh_deadline(session: AsyncSession, project: Project) -> None:
        """Before submission the project follows its call's next deadline."""
        if project.stage not in ("idea", "partners", "writing"):
            return
        call = await repo.call(session, project.opportunity_id)
        if (
            call is not None
            and call.next_deadline is not None
            and project.deadline_at != call.next_deadline
        ):
            project.deadline_at = call.next_deadline
            project.writing_reminded_at = None


def _keeps(chosen: Filter, row: ProjectRow) -> bool:
    if chosen.kind == "p":
        return (row.call.programme or "-") == chosen.value
    if chosen.kind == "c":
        return str(row.call.id) == chosen.value
    if chosen.kind == "n":
        return chosen.value in row.countries
    if chosen.kind == "t":
        return chosen.value in row.topics
    return True


def _choices(rows: list[ProjectRow]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Filter values present in the projects, with their labels' raw material."""
    programmes = sorted({r.call.programme or "-" for r in rows})
    calls = {str(r.call.id): r.call.title for r in rows}
    countries = sorted({c for r in rows for c in r.countries})
    topics = sorted({t for r in rows for t in r.topics})
    return {
        "p": tuple((p, p) for p in programmes),
        "c": tuple(sorted(calls.items(), key=lambda kv: kv[1])),
        "n": tuple((c, c) for c in countries),
        "t": tuple((t, t) for t in topics),
    }


async def read_tallies(session: AsyncSession) -> list[Tally]:
    """Every project's anonymous facts (for the indicators), read in the caller's transaction."""
    projects = await repo.all_projects(session)
    calls = await repo.calls(session, [p.opportunity_id for p in projects])
    return [
        Tally(
            stage=stage_of(p.stage),
            submitted=p.submitted_at is not None,
            programme=calls[p.opportunity_id].programme if p.opportunity_id in calls else None,
            amount=p.amount,
            currency=calls[p.opportunity_id].currency if p.opportunity_id in calls else None,
            organisations=p.organisations,
            countries=tuple(p.countries or ()),
            introduced=p.introduced,
            requests_answered=p.requests_answered,
        )
        for p in projects
    ]
