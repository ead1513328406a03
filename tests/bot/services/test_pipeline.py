"""The pipeline's service on SQLite and PostgreSQL: the rate limit, requests sent once, who may
move a project, consortia from introductions, an erased lead, outcome questions, and the 📝
button under followed-call alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.buttons.pipeline import PlanCall
from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import OpportunityChange, OutboxMessage
from bot.db.models.pipeline import Project
from bot.db.session import Database
from bot.pipeline.types import Filter, PipelineError
from bot.services.alerts import queue_alerts
from bot.services.directory import Directory
from bot.services.follows import Follows
from bot.services.members import Members
from bot.services.pipeline import Pipeline
from bot.views.pipeline import TEXTS
from tests.harness import add_member, opportunity_row

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANA, BOGDAN, LUCIA = 1000, 2000, 3000
CATALOGS = Catalogs(["en", "ro", "es"], "en")


def settings(**pipeline: Any) -> Settings:
    return parse_settings({"pipeline": pipeline}, environ={})


async def call(db: Database, uid: str, **fields: Any) -> int:
    row = opportunity_row(uid, now=NOW, themes=["vet"], **fields)
    async with db.transaction() as session:
        session.add(row)
        await session.flush()
        return row.id


async def people(db: Database, config: Settings) -> None:
    for chat, country in ((ANA, "RO"), (BOGDAN, "ES"), (LUCIA, "IT")):
        await add_member(db, config, chat, now=NOW, org_name=f"Org {chat}", country=country)
    directory = Directory(db, config)
    for chat in (BOGDAN, LUCIA):
        await directory.publish(chat, now=NOW)


async def outbox_count(db: Database, chat: int, text: str = "") -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.chat_id == chat)
            .where(OutboxMessage.text.contains(text))
        )
    return int(count or 0)


async def test_requests_are_sent_once_and_rate_limited(db: Database) -> None:
    config = settings(open_requests=1)
    await people(db, config)
    # Bogdan (Madrid) keeps 09:00-12:00 quiet: his copy waits until 12:00 local.
    await Members(db, config).update_profile(
        BOGDAN, quiet_start_minute=9 * 60, quiet_end_minute=12 * 60
    )
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    first, second = await call(db, "C-1"), await call(db, "C-2")
    one = await pipeline.plan(ANA, first, "coordinator", now=NOW)
    two = await pipeline.plan(ANA, second, "coordinator", now=NOW)
    draft = await pipeline.new_request(ANA, one.id, now=NOW)
    assert draft.spec.roles == ("partner",)
    card, sent = await pipeline.open_request(ANA, draft.id, now=NOW)
    assert (card.status, sent) == ("open", 2)  # Bogdan and Lucía both publish vet entries
    with pytest.raises(PipelineError) as again:
        await pipeline.open_request(ANA, draft.id, now=NOW)
    assert again.value.code == "closed"
    assert await outbox_count(db, BOGDAN, "Partner request") == 1
    async with db.transaction() as session:
        held = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == BOGDAN))
        assert held is not None
        assert held.not_before == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    other = await pipeline.new_request(ANA, two.id, now=NOW)
    with pytest.raises(PipelineError) as limited:
        await pipeline.open_request(ANA, other.id, now=NOW)
    assert limited.value.code == "limit"
    # Closing the first frees a place.
    await pipeline.close_request(ANA, draft.id, now=NOW)
    assert (await pipeline.open_request(ANA, other.id, now=NOW))[0].status == "open"


async def test_countries_and_types_narrow_the_recipients(db: Database) -> None:
    config = settings()
    await people(db, config)
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    card = await pipeline.plan(ANA, await call(db, "C-1"), "coordinator", now=NOW)
    draft = await pipeline.new_request(ANA, card.id, now=NOW)
    assert draft.country_choices == ("ES", "IT")
    draft = await pipeline.toggle(ANA, draft.id, "c", "IT", True)
    with pytest.raises(PipelineError):
        await pipeline.toggle(ANA, draft.id, "o", "no-such-type", True)
    _, sent = await pipeline.open_request(ANA, draft.id, now=NOW)
    assert sent == 1
    assert await outbox_count(db, LUCIA, "Partner request") == 1
    assert await outbox_count(db, BOGDAN, "Partner request") == 0
    # Only a member it was sent to can answer it.
    with pytest.raises(PipelineError) as refused:
        await pipeline.answer(BOGDAN, draft.id, True, now=NOW)
    assert refused.value.code == "unknown"


async def test_only_the_lead_or_a_coordinator_moves_a_project(db: Database) -> None:
    config = settings()
    await people(db, config)
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    card = await pipeline.plan(ANA, await call(db, "C-1"), "coordinator", now=NOW)
    draft = await pipeline.new_request(ANA, card.id, now=NOW)
    await pipeline.open_request(ANA, draft.id, now=NOW)
    interest = await pipeline.answer(BOGDAN, draft.id, True, now=NOW)
    assert interest is not None
    assert interest.to.chat_id == ANA
    done = await pipeline.decide(ANA, draft.id, interest.interested.member_id, True, now=NOW)
    assert done.joined
    assert done.changed
    with pytest.raises(PipelineError) as refused:
        await pipeline.move(BOGDAN, card.id, "partners", now=NOW)
    assert refused.value.code == "not_lead"
    with pytest.raises(PipelineError) as promoted:  # no promoting oneself to coordinator
        await pipeline.plan(BOGDAN, card.call.id, "coordinator", now=NOW)
    assert promoted.value.code == "not_lead"
    with pytest.raises(PipelineError) as jump:
        await pipeline.move(ANA, card.id, "funded", now=NOW)
    assert jump.value.code == "stage"
    assert (await pipeline.move(ANA, card.id, "partners", now=NOW)).stage == "partners"
    # Deciding twice changes nothing.
    twice = await pipeline.decide(ANA, draft.id, interest.interested.member_id, True, now=NOW)
    assert not twice.changed
    # The lead erases their data: the partner takes the project on; the counts stay.
    assert await Members(db, config).forget(ANA)
    moved = await pipeline.move(BOGDAN, card.id, "writing", now=NOW)
    assert moved.lead
    assert [p.org.org_name for p in moved.consortium] == [f"Org {BOGDAN}"]
    async with db.transaction() as session:
        project = await session.get(Project, card.id)
        assert project is not None
        assert (project.organisations, sorted(project.countries)) == (2, ["ES", "RO"])


async def test_an_accepted_introduction_about_a_call_forms_the_consortium(db: Database) -> None:
    config = settings()
    await people(db, config)
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    directory = Directory(db, config)
    opportunity = await call(db, "C-1")
    card = await pipeline.plan(ANA, opportunity, "coordinator", now=NOW)
    target = (await directory.search(exclude_chat_id=ANA, country="ES")).entries[0].member_id
    request = await directory.request_introduction(ANA, target, now=NOW, opportunity_id=opportunity)
    await directory.answer_introduction(BOGDAN, request.id, True, now=NOW)
    joined = await pipeline.join_after_introduction(request.id, now=NOW)
    assert joined is not None
    assert joined.role == "partner"
    assert not joined.lead
    assert await pipeline.join_after_introduction(request.id, now=NOW) is None  # once
    async with db.transaction() as session:
        project = await session.get(Project, card.id)
        assert project is not None
        assert (project.organisations, project.introduced) == (2, 1)


async def test_outcome_is_asked_after_the_deadline_and_alerts_offer_a_plan(db: Database) -> None:
    config = settings(outcome_weeks=4)
    await people(db, config)
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    opportunity = await call(db, "C-1")
    card = await pipeline.plan(ANA, opportunity, "partner", now=NOW)
    for stage in ("partners", "writing", "submitted"):
        await pipeline.move(ANA, card.id, stage, now=NOW)
    assert await pipeline.remind(now=NOW + timedelta(days=41)) == 0
    assert await pipeline.remind(now=NOW + timedelta(days=40, weeks=4)) == 1
    assert await pipeline.remind(now=NOW + timedelta(days=40, weeks=5)) == 0  # asked once
    assert await outbox_count(db, ANA, "What came of your application?") == 1
    # A news item is nothing to apply to.
    with pytest.raises(PipelineError) as news:
        await pipeline.plan(ANA, await call(db, "N-1", kind="news"), "partner", now=NOW)
    assert news.value.code == "not_call"
    # A followed call's alert carries 📝 We plan to apply.
    assert await Follows(db).set_following(BOGDAN, opportunity, True, now=NOW)
    async with db.transaction() as session:
        session.add(
            OpportunityChange(
                opportunity_id=opportunity, kind="opened", old="forthcoming", new="open",
                detected_at=NOW,
            )
        )  # fmt: skip
    assert await queue_alerts(db, config, CATALOGS, now=NOW) == 1
    async with db.transaction() as session:
        alert = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "alert"))
    assert alert is not None
    assert alert.reply_markup is not None
    assert (
        alert.reply_markup["inline_keyboard"][0][0]["callback_data"] == PlanCall(opportunity).data
    )


async def test_pipeline_overview_filters_stuck_projects_and_calls_to_convene(db: Database) -> None:
    config = settings(convene_followers=2, stuck_days=10)
    await people(db, config)
    pipeline = Pipeline(db, config, CATALOGS, TEXTS)
    planned, popular = await call(db, "C-1", programme="erasmus"), await call(db, "C-2")
    follows = Follows(db)
    for chat in (ANA, BOGDAN, LUCIA):
        assert await follows.set_following(chat, popular, True, now=NOW)
        assert await follows.set_following(chat, planned, True, now=NOW)
    card = await pipeline.plan(ANA, planned, "coordinator", now=NOW)
    later = NOW + timedelta(days=11)
    found = await pipeline.overview(Filter(), now=later)
    assert found.counts == {"idea": 1}
    assert [r.id for r in found.stuck] == [card.id]
    assert [(c.id, n) for c, n in found.unclaimed] == [(popular, 3)]
    assert found.choices["n"] == (("RO", "RO"),)
    assert (await pipeline.overview(Filter("n", "ES"), now=later)).projects == ()
    assert len((await pipeline.overview(Filter("p", "erasmus"), now=later)).projects) == 1
    assert len((await pipeline.overview(Filter("c", str(planned)), now=later)).projects) == 1
    # Once its only organisation is erased, the call is unclaimed again (the count stays).
    assert await Members(db, config).forget(ANA)
    found = await pipeline.overview(Filter(), now=later)
    assert found.counts == {"idea": 1}
    assert found.projects[0].consortium == ()
    assert sorted(c.id for c, _ in found.unclaimed) == sorted([planned, popular])
