"""Session proposals end to end: a member proposes, others upvote with one button, and a
coordinator turns the most wanted into a workshop draft in one press; the proposer is told."""

from __future__ import annotations

from bot.buttons.proposals import ProposalVote
from tests.bot.handlers.conftest import ANA, BOGDAN, COORDINATOR, LUCIA, Env, data_of


async def test_proposal_upvoted_and_turned_into_a_workshop_draft(env: Env) -> None:
    await env.member(ANA, language="en", org_name="Asociația Verde")
    await env.member(BOGDAN, language="en")
    await env.member(LUCIA, language="en")

    # Ana proposes to present; Bogdan wishes to learn something else, without details.
    message = await env.say(ANA, "/propose")
    message = await env.tap_label(ANA, message, "I can present something")
    assert "What is the topic?" in (message.text or "")
    assert "Please send 3 to 120" in ((await env.say(ANA, "no")).text or "")
    message = await env.say(ANA, "Green <skills> for VET teachers")
    assert "Add a few details" in (message.text or "")
    listed = await env.say(ANA, "Our toolkit from the Erasmus+ project, with examples")
    assert "Your proposal “Green <skills> for VET teachers” is listed" in (listed.text or "")
    message = await env.say(BOGDAN, "/propose")
    message = await env.tap_label(BOGDAN, message, "I want to learn about something")
    message = await env.say(BOGDAN, "Budgeting an Interreg project")
    listed = await env.tap_label(BOGDAN, message, "No details")
    assert "is listed" in (listed.text or "")

    # Members see them ranked, without who proposed them; nobody can upvote their own.
    ranking = await env.say(LUCIA, "/proposals")
    assert "Asociația Verde" not in (ranking.text or "")
    assert len(data_of(ranking)) == 2
    green_id = int(data_of(ranking)[0].split(":")[1])
    ana_ranking = await env.say(ANA, "/proposals")
    assert "(yours)" in (ana_ranking.text or "")
    assert len(data_of(ana_ranking)) == 1  # only Bogdan's has a vote button for her
    await env.tap_label(ANA, ana_ranking, "👍 0")
    ranking = await env.say(LUCIA, "/proposals")
    assert "1. 📚 Budgeting an Interreg project — 1 vote" in (ranking.text or "")
    # Lucía upvotes Ana's: one vote each, the older first.
    await env.tap_label(LUCIA, ranking, "2. 👍 0")
    ranking = env.reread(ranking)
    assert "1. 🎤 Green <skills> for VET teachers — 1 vote" in (ranking.text or "")
    assert "1. ✅ 👍 1" in str(ranking.buttons())
    # Bogdan upvotes it too, takes the vote back (twice: harmless), and gives it again.
    ranking = await env.say(BOGDAN, "/proposals")
    await env.tap_label(BOGDAN, ranking, "1. 👍 1")
    voted = env.reread(ranking)
    assert "— 2 votes" in (voted.text or "")
    await env.tap_label(BOGDAN, voted, "1. ✅ 👍 2")
    await env.sim.forge_press(BOGDAN, voted, ProposalVote(green_id, False).data)
    await env.sim.settle()
    again = await env.say(BOGDAN, "/proposals")
    assert "1. 🎤 Green <skills> for VET teachers — 1 vote" in (again.text or "")
    await env.tap_label(BOGDAN, again, "1. 👍 1")
    assert "— 2 votes" in (env.reread(again).text or "")

    # The coordinator sees who proposed what and makes a workshop draft in one press.
    overview = await env.say(COORDINATOR, "/proposals")
    assert "Proposed by Asociația Verde" in (overview.text or "")
    draft = await env.tap_label(COORDINATOR, overview, "1. 📝")
    assert "Workshop draft #" in (draft.text or "")
    assert "proposer is credited" in (draft.text or "")
    await env.delivered()
    assert (
        "Your proposal “Green <skills> for VET teachers” is becoming a workshop"
        in (env.bot_texts(ANA)[-1])
    )
    drafts = await env.runtime.workshops.authoring.draft_for(COORDINATOR)
    assert drafts is not None
    assert drafts.title == "Green <skills> for VET teachers"
    assert "Proposed by Asociația Verde" in drafts.description
    assert drafts.draft_step == "start"
    # The guided flow goes on from the start time.
    message = await env.say(COORDINATOR, "2026-12-10 10:00")
    assert "end" in (message.text or "").lower()
    # It is no longer open for votes, and a second press makes no second draft.
    ranking = await env.say(LUCIA, "/proposals")
    assert "Green" not in (ranking.text or "")
    await env.sim.forge_press(LUCIA, ranking, ProposalVote(green_id, True).data)
    await env.sim.settle()
    assert "already becoming a workshop" in (env.reply(LUCIA).text or "")
    await env.sim.forge_press(COORDINATOR, overview, f"1uy:{green_id}")
    await env.sim.settle()
    assert "already becoming a workshop" in (env.reply(COORDINATOR).text or "")
    still = await env.runtime.workshops.authoring.draft_for(COORDINATOR)
    assert still is not None
    assert still.id == drafts.id
