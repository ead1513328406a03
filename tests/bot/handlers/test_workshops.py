"""Workshops end to end: a coordinator's guided flow, members' answers, waitlist, edits,
cancellation, calendar files, attendance, reminders across a restart, role checks."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.buttons.workshops import (
    AnswerCode,
    ApplyEdit,
    CalendarFile,
    CancelWorkshop,
    DraftAtStart,
    DraftLanguage,
    DraftTopic,
    DraftTopicsDone,
    EditField,
    ExportAttendees,
    MarkAttended,
    Publish,
    Rsvp,
)
from bot.db.session import Database
from bot.sandbox.localapi import LocalBotApi, StoredMessage
from bot.sandbox.localrun import LocalBot
from tests.harness import (
    ANA,
    BOGDAN,
    COORDINATOR,
    LUCIA,
    NOW,
    Clock,
    Env,
    running_env,
    settings_for,
)
from tests.ics import moment, number

PEOPLE = {
    COORDINATOR: ("Carmen", "en"),
    ANA: ("Ana", "en"),
    BOGDAN: ("Bogdan", "en"),
    LUCIA: ("Lucía", "es"),
}


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    async with running_env(migrated_sqlite_url, people=PEOPLE, ticks=True) as made:
        yield made


async def create(
    env: Env, *, capacity: str = "1", start: str = "2026-12-03 14:00", reach: int = 1
) -> int:
    """The guided flow, with a wrong answer at several steps; returns the workshop id."""
    message = await env.say(COORDINATOR, "/newworkshop")
    assert "title" in (message.text or "")
    message = await env.say(COORDINATOR, "No")
    assert "3 to 200 characters" in (message.text or "")
    await env.say(COORDINATOR, "Writing a winning ESF+ <application>")
    message = await env.say(COORDINATOR, "Hands-on: budget, partners & impact.")
    assert "Europe/Bucharest" in (message.text or "")
    message = await env.say(COORDINATOR, "2026-11-01 10:00")
    assert "already passed" in (message.text or "")
    message = await env.say(COORDINATOR, "tomorrow at ten")
    assert "2026-12-03 14:00" in (message.text or "")
    await env.say(COORDINATOR, start)
    message = await env.say(COORDINATOR, "12:00")
    assert "must come after the start" in (message.text or "")
    await env.say(COORDINATOR, "2h")
    message = await env.say(COORDINATOR, "https://exa mple.org/room")
    assert "does not look right" in (message.text or "")
    message = await env.say(COORDINATOR, "INEXA hub, Iași | https://meet.example.org/esf")
    message = await env.tap(COORDINATOR, message, DraftLanguage("en").data)
    assert "How many seats" in (message.text or "")
    message = await env.say(COORDINATOR, "lots")
    assert "number of seats" in (message.text or "")
    message = await env.say(COORDINATOR, capacity)
    message = await env.tap(COORDINATOR, message, DraftTopic("vet", True).data)
    message = await env.tap(COORDINATOR, message, DraftTopicsDone().data)
    assert "answers close" in (message.text or "")
    message = await env.tap(COORDINATOR, message, DraftAtStart().data)
    message = await env.say(COORDINATOR, "ESF-2026-VET-01, HORIZON-CL2-2027-01")
    preview = message.text or ""
    assert "Preview" in preview
    assert "Writing a winning ESF+ &lt;application&gt;" not in preview  # stored text is escaped
    assert "Writing a winning ESF+ <application>" in preview  # …and shown as typed
    assert "Thursday, 3 December 2026, 14:00–16:00 (Bucharest time)" in preview
    assert "ESF-2026-VET-01, HORIZON-CL2-2027-01" in preview
    assert f"reaches {reach} member" in preview
    message = await env.tap(COORDINATOR, message, Publish(_draft_id(message), "t").data)
    assert "Published as #" in (message.text or "")
    return int((message.text or "").split("#", 1)[1].split(".", 1)[0])


def told(env: Env, user: int, text: str) -> bool:
    """Some message to ``user`` says ``text``."""
    return any(text in t for t in env.bot_texts(user))


def _draft_id(message: StoredMessage) -> int:
    for data in (str(b.get("callback_data", "")) for b in message.buttons()):
        if data.startswith("1wp:"):
            return int(data.split(":")[1])
    raise AssertionError("no publish button")


async def announcement(env: Env, user: int, workshop_id: int) -> StoredMessage:
    await env.sim.wait_until(
        lambda: any(
            f"1wr:{workshop_id}:g" in str(b.get("callback_data"))
            for m in env.world.messages_in(user, from_bot=True)
            for b in m.buttons()
        ),
        within=15,
    )
    return next(
        m
        for m in reversed(env.world.messages_in(user, from_bot=True))
        if any(f"1wr:{workshop_id}:g" in str(b.get("callback_data")) for b in m.buttons())
    )


async def test_whole_lifecycle_from_chat(env: Env) -> None:
    await env.onboard(ANA, "vet")
    await env.onboard(BOGDAN, "vet")
    await env.onboard(LUCIA, "green")  # another topic: not invited
    workshop_id = await create(env, reach=2)

    ana_card = await announcement(env, ANA, workshop_id)
    bogdan_card = await announcement(env, BOGDAN, workshop_id)
    assert "1 seat left of 1" in (ana_card.text or "")
    assert not any("Workshop" in t for t in env.bot_texts(LUCIA))

    # Ana takes the only seat; the card updates in place.
    await env.sim.press(ANA, ana_card, Rsvp(workshop_id, "g").data)
    await env.sim.settle()
    ana_card = env.reread(ana_card)
    assert "Your answer: going" in (ana_card.text or "")
    assert "Fully booked" in (ana_card.text or "")
    # Bogdan's press on the full workshop puts him on the waitlist.
    await env.sim.press(BOGDAN, bogdan_card, Rsvp(workshop_id, "g").data)
    await env.sim.settle()
    bogdan_card = env.reread(bogdan_card)
    assert "waitlist" in (bogdan_card.text or "")
    assert "Leave the waitlist" in str(bogdan_card.buttons())
    # …and only that: no "Join the waitlist" beside it (issue 12).
    assert "Join the waitlist" not in str(bogdan_card.buttons())
    assert Rsvp(workshop_id, "g").data not in str(bogdan_card.buttons())

    # Ana cannot come after all: Bogdan moves up and is told.
    await env.sim.press(ANA, ana_card, Rsvp(workshop_id, "n").data)
    await env.sim.settle()
    await env.sim.wait_until(
        lambda: any("A seat freed up" in t for t in env.bot_texts(BOGDAN)), within=15
    )
    ana_card = env.reread(ana_card)
    assert "can't go" in (ana_card.text or "")

    # The coordinator's list.
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    text = listing.text or ""
    assert "Going 1 · maybe 0 · waitlist 0 · can't go 1" in text
    assert "Bogdan — going" in text
    assert "Ana — can't go" in text

    # A calendar file from the card, parsed back.
    await env.sim.press(BOGDAN, bogdan_card, CalendarFile(workshop_id).data)
    await env.sim.settle()
    first = Calendar.from_ical(env.file(env.sim.last(BOGDAN)))
    event = first.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Writing a winning ESF+ <application>"
    assert moment(event, "DTSTART") == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
    assert number(event, "SEQUENCE") == 0
    assert str(event["LOCATION"]) == "INEXA hub, Iași"
    assert str(event["URL"]) == "https://meet.example.org/esf"
    assert "mailto:" in str(event["ORGANIZER"])
    assert first.walk("VTIMEZONE")

    # The coordinator moves it an hour later: everyone who answered is told.
    preview = await env.say(COORDINATOR, f"/editworkshop {workshop_id}")
    assert "Edit preview" in (preview.text or "")
    message = await env.tap(COORDINATOR, preview, EditField(_edit_id(preview), "start").data)
    message = await env.say(COORDINATOR, "2026-12-03 15:00")
    assert "15:00–17:00" in (message.text or "")
    message = await env.tap(COORDINATOR, message, ApplyEdit(_edit_id(message)).data)
    assert "2 members who answered are being told" in (message.text or "")
    for user in (ANA, BOGDAN):
        await env.sim.wait_until(partial(told, env, user, "Changed: New time"), within=15)
    await env.sim.press(BOGDAN, bogdan_card, CalendarFile(workshop_id).data)
    await env.sim.settle()
    second = Calendar.from_ical(env.file(env.sim.last(BOGDAN))).walk("VEVENT")[0]
    assert str(second["UID"]) == str(event["UID"])
    assert number(second, "SEQUENCE") == 1
    assert moment(second, "DTSTART") == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)

    # /workshops and /calendar for the member.
    mine = await env.say(BOGDAN, "/workshops")
    assert "Writing a winning ESF+" in (mine.text or "")
    assert "going" in (mine.text or "")
    calendar = await env.say(BOGDAN, "/calendar")
    parsed = Calendar.from_ical(env.file(calendar))
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == [str(event["UID"])]

    # After the start the coordinator marks attendance and exports it.
    env.clock.now = datetime(2026, 12, 3, 13, 30, tzinfo=UTC)
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    listing = await env.tap_label(COORDINATOR, listing, "1. came")
    assert "Attended: 1" in (listing.text or "")
    await env.tap_label(COORDINATOR, listing, "Export CSV")
    exported = env.sim.last(COORDINATOR)
    assert exported.document is not None
    assert exported.document["file_name"] == f"workshop-{workshop_id}-attendees.csv"
    rows = list(csv.DictReader(io.StringIO(env.file(exported).decode("utf-8-sig"))))
    assert [(r["name"], r["answer"], r["attended"]) for r in rows] == [
        ("Bogdan", "going", "yes"),
        ("Ana", "no", ""),
    ]


def _edit_id(message: StoredMessage) -> int:
    for data in (str(b.get("callback_data", "")) for b in message.buttons()):
        if data.startswith(("1we:", "1wa:")):
            return int(data.split(":")[1])
    raise AssertionError("no edit button")


async def test_cancel_tells_everyone_who_answered_and_closes_answers(env: Env) -> None:
    await env.onboard(ANA, "vet")
    workshop_id = await create(env, capacity="10")
    card = await announcement(env, ANA, workshop_id)
    await env.sim.press(ANA, card, Rsvp(workshop_id, "m").data)
    await env.sim.settle()
    ask = await env.say(COORDINATOR, f"/cancelworkshop {workshop_id}")
    assert "1 member who answered will be told" in (ask.text or "")
    await env.tap(COORDINATOR, ask, CancelWorkshop(workshop_id, "1").data)
    assert "Cancelled." in (env.reread(ask).text or "")  # the question becomes the answer
    await env.sim.wait_until(
        lambda: any("Cancelled: Writing a winning" in t for t in env.bot_texts(ANA)), within=15
    )
    await env.sim.press(ANA, card, Rsvp(workshop_id, "g").data)
    await env.sim.settle()
    assert "was cancelled" in env.bot_texts(ANA)[-1]
    notice = env.sim.last(ANA)
    await env.sim.press(ANA, card, CalendarFile(workshop_id).data)
    await env.sim.settle()
    cancelled = Calendar.from_ical(env.file(env.sim.last(ANA)))
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert notice.message_id < env.sim.last(ANA).message_id


async def test_answers_close_at_their_closing_time(env: Env) -> None:
    await env.onboard(ANA, "vet")
    workshop_id = await create(env, capacity="10")
    card = await announcement(env, ANA, workshop_id)
    env.clock.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # the start (closing time)
    await env.sim.press(ANA, card, Rsvp(workshop_id, "g").data)
    await env.sim.settle()
    assert "Answers for this workshop are closed." in env.bot_texts(ANA)[-1]
    card = env.reread(card)
    assert "Answers are closed." in (card.text or "")
    assert "1wr:" not in str(card.buttons())


async def test_coordinator_commands_refuse_members(env: Env) -> None:
    await env.onboard(ANA, "vet")
    workshop_id = await create(env, capacity="10")
    for command in (
        "/newworkshop",
        f"/editworkshop {workshop_id}",
        f"/cancelworkshop {workshop_id}",
        f"/attendees {workshop_id}",
    ):
        reply = await env.say(ANA, command)
        assert "for the alliance's coordinators only" in (reply.text or ""), command
    card = await announcement(env, ANA, workshop_id)
    for data in (
        CancelWorkshop(workshop_id, "1").data,
        ExportAttendees(workshop_id).data,
        MarkAttended(workshop_id, 1, True).data,
        Publish(workshop_id, "a").data,
    ):
        await env.sim.forge_press(ANA, card, data)
        await env.sim.settle()
    workshop = await env.service().rsvp.get(workshop_id)
    assert workshop is not None
    assert workshop.status == "published"
    answers = [e.text for e in env.world.transcript if e.kind == "answer" and e.chat_id == ANA]
    assert sum("coordinators only" in a for a in answers) == 4


async def test_reminders_arrive_once_even_across_a_restart(
    tmp_path: Path, migrated_sqlite_url: str
) -> None:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    clock = Clock(NOW)
    async with LocalBotApi() as api:
        api.world.add_user(COORDINATOR, "Carmen", language_code="en")
        api.world.add_user(ANA, "Ana", language_code="en")
        settings = settings_for(api, url)
        db = Database.from_url(url)
        try:
            async with LocalBot(api, settings, clock=clock, first_tick=0.05):
                env = Env(api, settings, db, clock, url)
                await env.onboard(ANA, "vet")
                workshop_id = await create(env, capacity="10")
                card = await announcement(env, ANA, workshop_id)
                await env.sim.press(ANA, card, Rsvp(workshop_id, "g").data)
                await env.sim.settle()
            # The bot is down while the 24-hour mark passes; it starts again 20 h before.
            start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
            clock.now = start - timedelta(hours=20)
            async with LocalBot(api, settings, clock=clock, first_tick=0.05):
                await api.sim.wait_until(
                    lambda: any("Starts in 20 hours" in t for t in env.bot_texts(ANA)), within=15
                )
                clock.now = start - timedelta(minutes=45)
                await api.sim.wait_until(
                    lambda: any("Starts in 45 minutes" in t for t in env.bot_texts(ANA)),
                    within=15,
                )
                # After the start nothing more is queued, and nothing was queued twice.
                clock.now = start + timedelta(minutes=5)
                hours = settings.schedule.workshop_reminder_hours
                assert (
                    await env.service().reminders.queue_reminders(now=clock.now, hours=hours) == 0
                )
            clock.now = start - timedelta(minutes=30)
            async with LocalBot(api, settings, clock=clock, first_tick=0.05):
                assert (
                    await env.service().reminders.queue_reminders(now=clock.now, hours=hours) == 0
                )
            reminders = [t for t in env.bot_texts(ANA) if t.startswith("⏰")]
            assert len(reminders) == 2
        finally:
            await db.dispose()


async def test_fifty_members_press_going_at_once_through_telegram(env: Env) -> None:
    from bot.db.models import Member
    from bot.workshops.seats import Answer

    users = list(range(5000, 5050))
    async with env.db.transaction() as session:
        for user in users:
            env.world.add_user(user, f"Member {user}", language_code="en")
            session.add(
                Member(
                    chat_id=user, chat_type="private", language="en", created_at=NOW,
                    last_seen_at=NOW, consented_at=NOW, onboarded_at=NOW,
                    timezone="Europe/Bucharest",
                )
            )  # fmt: skip
    workshops = env.service()
    draft = await workshops.authoring.start_draft(COORDINATOR, "Carmen", language="en", now=NOW)
    start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    await workshops.authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title="Last seats", starts_at=start,
        ends_at=start + timedelta(hours=1), place="Online", capacity=5,
    )  # fmt: skip
    workshop_id = (
        await workshops.authoring.publish(draft.id, COORDINATOR, audience="all", now=NOW)
    ).workshop.id
    cards = [await announcement(env, user, workshop_id) for user in users]
    await asyncio.gather(
        *(
            env.sim.press(user, card, Rsvp(workshop_id, "g").data)
            for user, card in zip(users, cards, strict=True)
        )
    )
    await env.sim.settle(within=30)
    workshop = await workshops.rsvp.get(workshop_id)
    assert workshop is not None
    assert (workshop.counts.going, workshop.counts.waitlist) == (5, 45)
    answers = [await workshops.rsvp.answer_of(workshop_id, user) for user in users]
    assert answers.count(Answer.GOING) == 5
    # Each member's card shows their own outcome.
    texts = [env.reread(card).text or "" for card in cards]
    assert sum("Your answer: going" in t for t in texts) == 5
    assert sum("You are on the waitlist" in t for t in texts) == 45


async def test_groups_get_a_link_to_answer_privately(env: Env) -> None:
    from bot.db.models import Member, MemberInterest

    group = -100700
    env.world.add_group(group, "Alianța RO", admins=(ANA,), members=(BOGDAN,))
    async with env.db.transaction() as session:
        row = Member(
            chat_id=group, chat_type="group", language="en", created_at=NOW, last_seen_at=NOW,
            consented_at=NOW, onboarded_at=NOW, timezone="Europe/Bucharest",
        )  # fmt: skip
        session.add(row)
        await session.flush()
        session.add(MemberInterest(member_id=row.id, kind="topic", item_id="vet"))
    await env.onboard(ANA, "vet")
    workshop_id = await create(env, capacity="10", reach=2)
    await env.sim.wait_until(
        lambda: any("Workshop" in (m.text or "") for m in env.world.messages_in(group)), within=15
    )
    card = next(m for m in env.world.messages_in(group) if "Workshop" in (m.text or ""))
    assert "1wr:" not in str(card.buttons())  # no answer buttons in a group
    urls = [b.get("url") for b in card.buttons() if b.get("url")]
    assert urls == [f"https://t.me/inexa_test_bot?start=ws{workshop_id}"]
    # The link opens the workshop in Ana's private chat, where she can answer.
    private = await env.say(ANA, f"/start ws{workshop_id}")
    assert Rsvp(workshop_id, "g").data in [str(b.get("callback_data")) for b in private.buttons()]
    unknown = await env.say(ANA, "/start ws999")
    assert "There is no such workshop." in (unknown.text or "")


async def test_more_seats_report_the_members_who_answered(env: Env) -> None:
    """Raising the seats of a workshop 2 members answered: the coordinator reads 2, never
    "0 members who answered are being told" (issue 12)."""
    await env.onboard(ANA, "vet")
    await env.onboard(BOGDAN, "vet")
    workshop_id = await create(env, reach=2)
    answers: tuple[tuple[int, AnswerCode], ...] = ((ANA, "g"), (BOGDAN, "g"))
    for user, code in answers:  # one seat: Bogdan waits
        card = await announcement(env, user, workshop_id)
        await env.sim.press(user, card, Rsvp(workshop_id, code).data)
        await env.sim.settle()
    preview = await env.say(COORDINATOR, f"/editworkshop {workshop_id}")
    message = await env.tap(COORDINATOR, preview, EditField(_edit_id(preview), "capacity").data)
    message = await env.say(COORDINATOR, "3")
    message = await env.tap(COORDINATOR, message, ApplyEdit(_edit_id(message)).data)
    text = message.text or ""
    assert "2 members answered" in text
    assert "0 members" not in text
    assert "1 member moved up from the waitlist" in text
    await env.sim.wait_until(
        lambda: any("A seat freed up" in t for t in env.bot_texts(BOGDAN)), within=15
    )


async def test_a_malformed_cancel_confirmation_cancels_nothing(env: Env) -> None:
    workshop_id = await create(env, capacity="10", reach=0)
    ask = await env.say(COORDINATOR, f"/cancelworkshop {workshop_id}")
    for forged in (f"1wk:{workshop_id}:1:x", f"1wk:{workshop_id}:0", f"1wk:{workshop_id}"):
        await env.sim.forge_press(COORDINATOR, ask, forged)
        await env.sim.settle()
    workshop = await env.service().rsvp.get(workshop_id)
    assert workshop is not None
    assert workshop.status == "published"
    assert env.world.unanswered_queries == []
    await env.tap(COORDINATOR, ask, CancelWorkshop(workshop_id, "1").data)
    cancelled = await env.service().rsvp.get(workshop_id)
    assert cancelled is not None
    assert cancelled.status == "cancelled"
