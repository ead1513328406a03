"""The project pipeline end to end (real bot, local Bot API server, SQLite file): a member plans
to apply, posts a partner request, a fitting member receives it and is interested, the requester
accepts, both get contacts, the project moves to submitted and funded, and /pipeline, /stats and
the indicators show it. Privacy: plans stay hidden unless shown, /mydata exports them, /forget
takes the organisation out of the consortium and keeps anonymous counts."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from bot.buttons.directory import EditEntry, PublishEntry
from bot.buttons.pipeline import (
    MoveStage,
    NewRequest,
    PlanCall,
    PlanRole,
    ProjectView,
    RequestAnswer,
    RequestDecide,
    RequestExpertise,
    RequestOpen,
    ShowPlan,
)
from bot.db.models.pipeline import PartnerAnswer, Project, ProjectMember
from bot.pipeline.rules import indicators
from bot.reports.workbook import Heading, report_workbook
from bot.sandbox.localapi import StoredMessage
from bot.services.reports import collect_report
from tests.harness import ANA, BOGDAN, COORDINATOR, LUCIA, Env, data_of


async def publish(env: Env, user: int, description: str) -> None:
    entry = await env.say(user, "/directory")
    await env.tap(user, entry, EditEntry("description").data)
    entry = await env.say(user, description)
    await env.tap(user, entry, PublishEntry(True).data)


async def plan_screen(env: Env, user: int, call: int) -> StoredMessage:
    """The member follows the call and presses 📝 next to it on /following."""
    assert await env.runtime.follows.set_following(user, call, True, now=env.clock())
    listing = await env.say(user, "/following")
    return await env.tap(user, listing, PlanCall(call).data)


async def setup(env: Env) -> int:
    """Ana (RO) plans to apply; Bogdan (ES, vet) fits; Lucía (IT, green) does not."""
    await env.member(ANA, org_name="Asociatia Ana", country="RO", topics=("vet",))
    await env.member(BOGDAN, org_name="Fundación Bogdan", country="ES", topics=("vet",))
    await env.member(LUCIA, org_name="Green Lucía", country="IT", topics=("green",))
    await publish(env, BOGDAN, "VET centre with apprenticeships.")
    await publish(env, LUCIA, "Climate education.")
    return await env.opportunity("ERASMUS-VET-1", themes=["vet"], programme="erasmus")


async def test_plan_request_interest_accept_submit_fund(env: Env) -> None:
    call = await setup(env)
    # Ana plans to apply as coordinator (📝 → As coordinator).
    plans = await plan_screen(env, ANA, call)
    assert "Do you plan to apply?" in (plans.text or "")
    card = await env.tap(ANA, plans, PlanRole(call, "coordinator").data)
    assert "Idea" in (card.text or "")
    assert "Only the alliance's coordinators see" in (card.text or "")
    project_id = int(next(d for d in data_of(card) if d.startswith("1yn:")).split(":")[1])
    # She looks for partners: a draft with the call's topic, an expertise text, then Send.
    draft = await env.tap(ANA, card, NewRequest(project_id).data)
    assert "Partner request (draft)" in (draft.text or "")
    request_id = int(next(d for d in data_of(draft) if d.startswith("1yo:")).split(":")[1])
    await env.tap(ANA, draft, RequestExpertise(request_id).data)
    draft = await env.say(ANA, "Work-based learning & apprenticeships <b>")
    assert "Work-based learning & apprenticeships <b>" in (draft.text or "")
    sent = await env.tap(ANA, draft, RequestOpen(request_id).data)
    assert "Sent to 1 member whose entry fits" in (sent.text or "")
    await env.delivered()
    # Bogdan (vet) receives it once, Lucía (green) never; no contact of Ana in it.
    received = env.reply(BOGDAN)
    assert "Partner request" in (received.text or "")
    assert "Asociatia Ana" in (received.text or "")
    assert "tg://user" not in str(received.entities)
    assert not any("Partner request" in t for t in env.texts(LUCIA))
    # Bogdan is interested: Ana gets his public entry with Accept, still no contact.
    await env.tap(BOGDAN, received, RequestAnswer(request_id, True).data)
    await env.delivered()
    interest = env.reply(ANA)
    assert "interested in your partner request" in (interest.text or "")
    assert "VET centre with apprenticeships." in (interest.text or "")
    assert "tg://user" not in str(interest.entities)
    async with env.db.transaction() as session:
        bogdan_row = (
            await session.scalars(
                select(PartnerAnswer).where(PartnerAnswer.request_id == request_id)
            )
        ).one()
    assert bogdan_row.status == "interested"
    # Ana accepts: both get each other's contact, Bogdan joins the consortium.
    accepted = await env.tap(
        ANA, interest, RequestDecide(request_id, bogdan_row.member_id, True).data
    )
    await env.delivered()
    assert f"tg://user?id={BOGDAN}" in str(accepted.entities)
    joiner = env.reply(BOGDAN)
    assert f"tg://user?id={ANA}" in str(joiner.entities)
    assert "You are now in the project's consortium" in (joiner.text or "")
    # The card shows the consortium with roles; stages move to submitted, then funded.
    card = await env.tap(ANA, await env.say(ANA, "/projects"), ProjectView(project_id).data)
    assert "Fundación Bogdan" in (card.text or "")
    assert "partner" in (card.text or "")
    for stage in ("partners", "writing", "submitted"):
        card = await env.tap(ANA, card, MoveStage(project_id, stage).data)
    assert "Submitted" in (card.text or "")
    ask = await env.tap(ANA, card, MoveStage(project_id, "funded").data)
    assert "How much funding" in (ask.text or "")
    card = await env.say(ANA, "250 000")
    assert "Funded" in (card.text or "")
    assert "250,000.00" in (card.text or "")
    # A partner cannot move the project.
    partner_card = await env.tap(
        BOGDAN, await env.say(BOGDAN, "/projects"), ProjectView(project_id).data
    )
    assert not any(d.startswith("1ym:") for d in data_of(partner_card))
    # /pipeline and the indicators show it.
    overview = await env.say(COORDINATOR, "/pipeline")
    assert "Funded: 1" in (overview.text or "")
    assert "Asociatia Ana" in (overview.text or "")
    assert "Fundación Bogdan" in (overview.text or "")
    # /stats ends with the indicators (its numbers come before the charts, through the outbox).
    await env.sim.send(COORDINATOR, "/stats 30")
    await env.sim.settle(within=30)
    await env.sim.wait_until(
        lambda: any("Reach and impact" in t for t in env.texts(COORDINATOR)), within=30
    )
    stats = next(t for t in env.texts(COORDINATOR) if "Reach and impact" in t)
    assert "Applications submitted: 1" in stats
    assert "Consortia formed: 1" in stats
    assert "Funding won (erasmus EUR): 250000.00" in stats
    rows = {(k, b): v for k, b, v in indicators(await env.runtime.pipeline.tallies())}
    assert rows[("applications_submitted", "")] == "1"
    assert rows[("consortia_formed", "")] == "1"
    assert rows[("consortium_countries", "")] == "2"
    assert rows[("success_rate", "")] == "100%"
    assert rows[("funding_won", "erasmus EUR")] == "250000.00"
    assert rows[("partner_requests_answered", "")] == "1"
    # The funder's workbook has them on its Projects sheet, as numbers.
    today = env.clock.now.date()
    report = await collect_report(env.runtime.db, today - timedelta(days=30), today)
    english = env.runtime.catalogs.get("en")
    book = load_workbook(io.BytesIO(report_workbook(report, english, Heading("", ""))))
    sheet = book["Projects"]
    values = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["Applications submitted"] == 1
    assert values["Consortia formed"] == 1
    assert values["Funding won"] == 250000.0
    assert values["Success rate"] == "100%"


async def test_plans_are_private_until_shown_and_requests_close(env: Env) -> None:
    call = await setup(env)
    card = await env.tap(ANA, await plan_screen(env, ANA, call), PlanRole(call, "coordinator").data)
    project_id = int(next(d for d in data_of(card) if d.startswith("1yv:")).split(":")[1])
    # Bogdan sees nothing of Ana's plan …
    other = await plan_screen(env, BOGDAN, call)
    assert "Asociatia Ana" not in (other.text or "")
    # … until she chooses to show it.
    await env.tap(ANA, card, ShowPlan(project_id, True).data)
    other = await plan_screen(env, BOGDAN, call)
    assert "Asociatia Ana" in (other.text or "")
    # The writing reminder comes before the deadline; a request closes by itself.
    draft = await env.tap(ANA, card, NewRequest(project_id).data)
    request_id = int(next(d for d in data_of(draft) if d.startswith("1yo:")).split(":")[1])
    await env.tap(ANA, draft, RequestOpen(request_id).data)
    start = env.clock()
    env.clock.now = start + timedelta(days=36)
    await env.run_job("pipeline:tick")
    assert any("The deadline is near" in t for t in env.texts(ANA))
    assert not any("Your partner request closed" in t for t in env.texts(ANA))
    env.clock.now = start + timedelta(days=39, hours=1)
    await env.run_job("pipeline:tick")
    await env.run_job("pipeline:tick")  # closed once, told once
    assert sum("Your partner request closed" in t for t in env.texts(ANA)) == 1
    assert sum("The deadline is near" in t for t in env.texts(ANA)) == 1


async def test_plan_from_a_digest_item(env: Env) -> None:
    call = await setup(env)
    digest = await env.say(ANA, "/digest")
    assert "Call ERASMUS-VET-1" in (digest.text or "")
    plans = await env.tap_label(ANA, digest, "📝 1")
    assert plans.message_id != digest.message_id  # the digest stays
    assert "Do you plan to apply?" in (plans.text or "")
    card = await env.tap(ANA, plans, PlanRole(call, "partner").data)
    assert "Your project" in (card.text or "")


async def test_an_accepted_introduction_about_the_call_forms_the_consortium(env: Env) -> None:
    call = await setup(env)
    await env.tap(ANA, await plan_screen(env, ANA, call), PlanRole(call, "coordinator").data)
    # 🤝 under the digest item: Bogdan's entry fits; Ana asks for an introduction about the call.
    digest = await env.say(ANA, "/digest")
    partners = await env.tap_label(ANA, digest, "🤝 1")
    assert "Fundación Bogdan" in (partners.text or "")
    await env.tap_label(ANA, partners, "Request an introduction")
    request = env.sim.last(BOGDAN)
    assert "Call ERASMUS-VET-1" in (request.text or "")
    await env.tap_label(BOGDAN, request, "✅ Accept")
    joined = env.sim.last(BOGDAN)
    assert "your organisation is now in the project's consortium" in (joined.text or "")
    card = await env.tap_label(BOGDAN, joined, "📝 Project card")
    assert "Asociatia Ana" in (card.text or "")
    assert "Leave this consortium" in str(card.buttons())
    rows = {k: v for k, _, v in indicators(await env.runtime.pipeline.tallies())}
    assert rows["consortia_formed"] == "1"
    assert rows["introductions_to_consortia"] == "1"
    # He leaves: the card of Ana no longer lists him, the anonymous count stays.
    await env.tap_label(BOGDAN, card, "Leave this consortium")
    ana = await env.tap(ANA, await env.say(ANA, "/projects"), ProjectView(1).data)
    assert "Fundación Bogdan" not in (ana.text or "")
    rows = {k: v for k, _, v in indicators(await env.runtime.pipeline.tallies())}
    assert rows["consortium_members"] == "2"


async def test_mydata_exports_and_forget_erases_keeping_counts(env: Env) -> None:
    call = await setup(env)
    card = await env.tap(ANA, await plan_screen(env, ANA, call), PlanRole(call, "partner").data)
    assert "Your project" in (card.text or "")
    data = await env.runtime.members.export(ANA)
    assert data["project_members"][0]["role"] == "partner"
    assert json.dumps(data, default=str)
    assert await env.runtime.members.forget(ANA)
    async with env.db.transaction() as session:
        assert (await session.scalars(select(ProjectMember))).all() == []
        projects = (await session.scalars(select(Project))).all()
    assert len(projects) == 1  # the anonymous count stays
    rows = {k: v for k, _, v in indicators(await env.runtime.pipeline.tallies())}
    assert rows["projects"] == "1"
    overview = await env.say(COORDINATOR, "/pipeline")
    assert "Asociatia Ana" not in (overview.text or "")
    assert "(organisations erased)" in (overview.text or "")
