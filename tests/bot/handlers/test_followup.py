"""After a workshop, end to end: materials and messages reach attendees, a next step is told,
reminded once, marked done, and an overdue one shows in the coordinators' weekly summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.buttons.followup import ActionDone, FollowUpOpen
from bot.sandbox.localapi import StoredMessage
from bot.workshops.seats import Answer
from tests.bot.handlers.conftest import ANA, BOGDAN, COORDINATOR, DAN, LUCIA, NOW, Env, data_of

START = NOW + timedelta(days=1)  # Thursday 26 November 2026, 11:00 in Bucharest
SOURCES = [{"id": "erasmus", "kind": "rss", "url": "https://erasmus.example.eu/rss"}]


@pytest.fixture
def overrides() -> dict[str, Any]:
    """A source, so that the weekly summary (source health first) is scheduled."""
    return {"sources": SOURCES}


async def _workshop_with_answers(env: Env) -> int:
    await env.member(ANA, name="Ana", language="en", org_name="Asociația Verde")
    await env.member(BOGDAN, name="Bogdan", language="en", org_name="Tech Hub")
    await env.member(LUCIA, name="Lucía", language="en", org_name="Fundación Sol")
    await env.member(DAN, name="Dan", language="en", org_name="Dan SRL")
    workshop_id = await env.workshop("Green skills clinic", starts_at=START)
    await env.delivered()
    rsvp = env.service().rsvp
    for user, name, answer in (
        (ANA, "Ana", Answer.GOING),
        (BOGDAN, "Bogdan", Answer.GOING),
        (LUCIA, "Lucía", Answer.MAYBE),
        (DAN, "Dan", Answer.NO),
    ):
        await rsvp.answer(workshop_id, user, answer, display_name=name, now=env.clock())
    return workshop_id


async def _follow_up(env: Env, workshop_id: int) -> StoredMessage:
    """/attendees after the start, Ana marked as came, then the follow-up screen."""
    env.clock.now = START + timedelta(hours=3)
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    position = next(
        line.split(".", 1)[0] for line in (listing.text or "").splitlines() if "Ana" in line
    )
    listing = await env.tap_label(COORDINATOR, listing, f"{position}. came")
    assert "Attended: 1" in (listing.text or "")
    return await env.tap(COORDINATOR, listing, FollowUpOpen(workshop_id).data)


def _last_from(env: Env, user: int) -> StoredMessage:
    return env.bot_messages(user)[-1]


async def test_materials_and_messages_reach_attendees_or_everyone_who_answered(env: Env) -> None:
    workshop_id = await _workshop_with_answers(env)
    before = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    assert FollowUpOpen(workshop_id).data not in data_of(before)  # not before the start

    screen = await _follow_up(env, workshop_id)
    assert "Follow-up of #" in (screen.text or "")
    assert "Attended: 1 · registered: 3" in (screen.text or "")

    # Materials to who came: a document, then a message with a link; only Ana gets them.
    prompt = await env.tap_label(COORDINATOR, screen, "Materials to who came (1)")
    assert "members who attended #" in (prompt.text or "")
    await env.sim.send_file(COORDINATOR, "slides.pdf", b"%PDF-1.4 slides", caption="The slides")
    await env.sim.settle()
    assert "Queued for 1 person" in (env.reply(COORDINATOR).text or "")
    await env.delivered()
    slides = _last_from(env, ANA)
    assert slides.document is not None
    assert slides.document["file_name"] == "slides.pdf"
    assert env.file(slides) == b"%PDF-1.4 slides"
    assert "Green skills clinic" in (slides.caption or "")
    assert "The slides" in (slides.caption or "")
    reply = await env.say(COORDINATOR, "Recording: https://example.org/recording")
    assert "Queued for 1 person" in (reply.text or "")
    await env.delivered()
    assert "https://example.org/recording" in (_last_from(env, ANA).text or "")
    assert not any("Materials" in t for t in env.bot_texts(BOGDAN))
    screen = await env.tap_label(COORDINATOR, env.reply(COORDINATOR), "Done")
    assert "Follow-up of #" in (screen.text or "")

    # A photo to everyone who answered (going, maybe, even can't go): all four.
    await env.tap_label(COORDINATOR, screen, "Materials to everyone who answered (4)")
    await env.sim.send_file(COORDINATOR, "group.jpg", b"\xff\xd8photo", photo=True)
    await env.sim.settle()
    assert "Queued for 4 people" in (env.reply(COORDINATOR).text or "")
    await env.delivered()
    for user in (ANA, BOGDAN, LUCIA, DAN):
        photo = _last_from(env, user)
        assert photo.photo is not None
        assert env.world.files[photo.photo[0]["file_id"]].content == b"\xff\xd8photo"
    # A repeated update of the same upload queues nothing twice (the outbox's dedupe key).
    assert sum(1 for m in env.bot_messages(BOGDAN) if m.photo) == 1
    screen = await env.tap_label(COORDINATOR, env.reply(COORDINATOR), "Done")

    # A message to who came: a broadcast whose audience is "attended #N", previewed first.
    ask = await env.tap_label(COORDINATOR, screen, "Message who came")
    assert "Send the message for members" in (ask.text or "")
    await env.say(COORDINATOR, "Thank you for coming!")
    preview = await env.tap_label(COORDINATOR, env.reply(COORDINATOR), "No link")
    assert "members who attended #" in (preview.text or "")
    assert "1 recipient" in (preview.text or "")
    await env.tap_label(COORDINATOR, preview, "Send to 1")
    await env.delivered()
    assert "Thank you for coming!" in (_last_from(env, ANA).text or "")
    assert not any("Thank you for coming!" in t for t in env.bot_texts(BOGDAN))
    # …and to everyone registered.
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    screen = await env.tap(COORDINATOR, listing, FollowUpOpen(workshop_id).data)
    await env.tap_label(COORDINATOR, screen, "Message registered")
    await env.say(COORDINATOR, "Next session in January")
    preview = await env.tap_label(COORDINATOR, env.reply(COORDINATOR), "No link")
    assert "members registered for #" in (preview.text or "")
    await env.tap_label(COORDINATOR, preview, "Send to 3")
    await env.delivered()
    for user in (ANA, BOGDAN, LUCIA):
        assert "Next session in January" in (_last_from(env, user).text or "")
    assert not any("Next session in January" in t for t in env.bot_texts(DAN))  # can't go

    # Materials mode ends by itself after half an hour without an item: a message typed
    # later, meant for something else, reaches nobody.
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    screen = await env.tap(COORDINATOR, listing, FollowUpOpen(workshop_id).data)
    await env.tap_label(COORDINATOR, screen, "Materials to everyone who answered (4)")
    env.clock.advance(timedelta(minutes=31))
    late = await env.say(COORDINATOR, "Note to self: call Ana")
    assert "Nothing was sent" in (late.text or "")
    await env.delivered()
    assert not any("Note to self" in t for t in env.bot_texts(ANA))
    assert "I read commands and buttons" in ((await env.say(COORDINATOR, "again")).text or "")


async def test_next_step_is_told_reminded_once_done_and_overdue_in_the_summary(env: Env) -> None:
    workshop_id = await _workshop_with_answers(env)
    screen = await _follow_up(env, workshop_id)

    # What, who (an attendee), by when.
    ask = await env.tap_label(COORDINATOR, screen, "Add a next step")
    assert "What is the next step?" in (ask.text or "")
    owners = await env.say(COORDINATOR, "Draft the joint proposal")
    assert "Who does it?" in (owners.text or "")
    labels = [str(b["text"]) for b in owners.buttons()]
    assert "Ana · Asociația Verde" in labels
    due = await env.tap_label(COORDINATOR, owners, "Ana · Asociația Verde")
    assert "By when?" in (due.text or "")
    assert "I could not read that date" in ((await env.say(COORDINATOR, "soon")).text or "")
    assert "has passed" in ((await env.say(COORDINATOR, "2026-11-01")).text or "")
    saved = await env.say(COORDINATOR, "01.12.2026")
    assert "Next step saved; Ana · Asociația Verde is told" in (saved.text or "")
    await env.delivered()
    told = _last_from(env, ANA)
    assert "A next step for you" in (told.text or "")
    assert "Draft the joint proposal" in (told.text or "")
    assert "due 1 December 2026" in (told.text or "")
    item_id = int(next(d for d in data_of(told) if d.startswith("1ud:")).split(":")[1])

    # A second one, for Bogdan, that nobody finishes.
    screen = await env.tap_label(COORDINATOR, saved, "Back to the follow-up")
    assert "Draft the joint proposal" in (screen.text or "")
    await env.tap_label(COORDINATOR, screen, "Add a next step")
    owners = await env.say(COORDINATOR, "Book the venue")
    await env.tap_label(COORDINATOR, owners, "Bogdan · Tech Hub")
    await env.say(COORDINATOR, "2026-12-02")
    await env.delivered()

    # The reminder comes on the day before, at 09:00 in Bucharest, once.
    env.clock.now = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)  # 08:30 there: not yet
    await env.run_job("followup:reminders")
    assert not any("Reminder" in t for t in env.bot_texts(ANA))
    env.clock.now = datetime(2026, 11, 30, 7, 5, tzinfo=UTC)
    await env.run_job("followup:reminders")
    await env.run_job("followup:reminders")
    reminders = [m for m in env.bot_messages(ANA) if "Reminder" in (m.text or "")]
    assert len(reminders) == 1
    assert "due tomorrow" in (reminders[0].text or "")
    # The weekly summary's first Monday records the slot (a new installation says nothing).
    await env.run_job("summaries")

    # /actions lists it for Ana; coordinators see everything by workshop.
    mine = await env.say(ANA, "/actions")
    assert "Draft the joint proposal" in (mine.text or "")
    assert "Book the venue" not in (mine.text or "")
    overview = await env.say(COORDINATOR, "/actions")
    assert "All open next steps, by workshop" in (overview.text or "")
    assert "Book the venue" in (overview.text or "")
    assert "Ana · Asociația Verde" in (overview.text or "")

    # Bogdan cannot mark Ana's done (a forged press); Ana can, from the reminder.
    await env.sim.forge_press(BOGDAN, _last_from(env, BOGDAN), ActionDone(item_id, False).data)
    await env.sim.settle()
    assert "Draft the joint proposal" in ((await env.say(ANA, "/actions")).text or "")
    await env.tap(ANA, reminders[0], ActionDone(item_id, False).data)
    card = env.reread(reminders[0])
    assert "Done. Thank you!" in (card.text or "")
    assert not card.buttons()
    assert "Nothing open for you." in ((await env.say(ANA, "/actions")).text or "")

    # Next Monday the weekly summary lists the overdue one (Bogdan's), not the done one.
    env.clock.now = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    await env.run_job("summaries")
    summary = next(t for t in reversed(env.bot_texts(COORDINATOR)) if "Weekly source health" in t)
    assert "1 next step is overdue" in summary
    assert "Book the venue" in summary
    assert "Bogdan · Tech Hub" in summary
    assert "Draft the joint proposal" not in summary


async def test_follow_up_is_for_coordinators_only(env: Env) -> None:
    workshop_id = await _workshop_with_answers(env)
    env.clock.now = START + timedelta(hours=3)
    await env.say(ANA, "/start")
    await env.sim.forge_press(ANA, env.reply(ANA), FollowUpOpen(workshop_id).data)
    await env.sim.settle()
    assert not any("Follow-up of" in t for t in env.bot_texts(ANA))
