"""Workshop use-cases on a real database (SQLite and PostgreSQL): the seat race, the
waitlist order, capacity changes, reminders and calendar files."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from bot.config import Settings, parse_settings
from bot.core.errors import Stale
from bot.core.i18n import Catalogs
from bot.db.models import Member, OutboxMessage, WorkshopRsvp
from bot.db.session import Database
from bot.services.workshops import Workshops
from bot.views.workshops import NOTICES
from bot.workshops.draft import Language, Skip, Unlimited
from bot.workshops.fields import Problem
from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopError, WorkshopInfo
from tests.ics import moment

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
COORDINATOR = 9000


def settings() -> Settings:
    return parse_settings({"telegram": {"admin_ids": [COORDINATOR]}}, environ={})


def service(db: Database) -> Workshops:
    return Workshops(db, settings(), Catalogs(["en", "ro", "es"], "en"), NOTICES)


async def members(db: Database, count: int) -> list[int]:
    async with db.transaction() as session:
        rows = [
            Member(
                chat_id=10_000 + i,
                chat_type="private",
                language=("en", "ro", "es")[i % 3],
                created_at=NOW,
                last_seen_at=NOW,
                consented_at=NOW,
                onboarded_at=NOW,
                timezone="Europe/Bucharest",
            )
            for i in range(count)
        ]
        session.add_all(rows)
    return [10_000 + i for i in range(count)]


async def published(db: Database, *, capacity: int | None) -> int:
    workshops = service(db)
    draft = await workshops.authoring.start_draft(COORDINATOR, "Carmen", language="en", now=NOW)
    await workshops.authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title="Interreg partner search",
        starts_at=START, ends_at=START + timedelta(hours=2), place="Online",
        url="https://meet.example.org/x", capacity=capacity,
    )  # fmt: skip
    result = await workshops.authoring.publish(draft.id, COORDINATOR, audience="all", now=NOW)
    return result.workshop.id


async def test_fifty_simultaneous_presses_never_overbook(db: Database) -> None:
    chats = await members(db, 50)
    workshop_id = await published(db, capacity=7)
    workshops = service(db)
    outcomes = await asyncio.gather(
        *(
            workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name=str(chat), now=NOW)
            for chat in chats
        )
    )
    statuses = [o.status for o in outcomes]
    assert statuses.count(Answer.GOING) == 7
    assert statuses.count(Answer.WAITLIST) == 43
    workshop = await workshops.rsvp.get(workshop_id)
    assert workshop is not None
    assert (workshop.counts.going, workshop.counts.waitlist, workshop.seats_left) == (7, 43, 0)
    # Every seat given up goes to the next in line, one for one, even when simultaneous.
    going = [chat for chat, o in zip(chats, outcomes, strict=True) if o.status is Answer.GOING]
    await asyncio.gather(
        *(
            workshops.rsvp.answer(workshop_id, chat, Answer.NO, display_name="", now=NOW)
            for chat in going[:4]
        )
    )
    workshop = await workshops.rsvp.get(workshop_id)
    assert workshop is not None
    assert (workshop.counts.going, workshop.counts.waitlist, workshop.counts.no) == (7, 39, 4)


async def test_waitlist_is_first_come_first_served_and_told(db: Database) -> None:
    first, second, third = await members(db, 3)
    workshop_id = await published(db, capacity=1)
    workshops = service(db)
    await workshops.rsvp.answer(workshop_id, first, Answer.GOING, display_name="A", now=NOW)
    for minutes, chat in ((1, second), (2, third)):
        outcome = await workshops.rsvp.answer(
            workshop_id, chat, Answer.GOING, display_name="", now=NOW + timedelta(minutes=minutes)
        )
        assert outcome.status is Answer.WAITLIST
    # Pressing Going again on the waitlist changes nothing (a double tap).
    again = await workshops.rsvp.answer(workshop_id, third, Answer.GOING, display_name="", now=NOW)
    assert (again.status, again.changed) == (Answer.WAITLIST, False)
    left = await workshops.rsvp.answer(workshop_id, first, Answer.MAYBE, display_name="", now=NOW)
    assert left.promoted == 1
    assert await workshops.rsvp.answer_of(workshop_id, second) is Answer.GOING
    assert await workshops.rsvp.answer_of(workshop_id, third) is Answer.WAITLIST
    async with db.transaction() as session:
        told = await session.scalars(
            select(OutboxMessage.chat_id).where(OutboxMessage.kind == "ws_notice")
        )
        assert list(told) == [second]
    # Leaving the waitlist is a "can't go".
    out = await workshops.rsvp.answer(workshop_id, third, Answer.NO, display_name="", now=NOW)
    assert (out.status, out.promoted) == (Answer.NO, 0)


async def test_a_larger_capacity_promotes_the_waitlist(db: Database) -> None:
    chats = await members(db, 4)
    workshop_id = await published(db, capacity=1)
    workshops = service(db)
    for chat in chats:
        await workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name="", now=NOW)
    draft = await workshops.authoring.start_edit(workshop_id, COORDINATOR, "Carmen", now=NOW)
    await workshops.authoring.update_draft(draft.id, COORDINATOR, step="preview", capacity=3)
    result = await workshops.authoring.apply_edit(draft.id, COORDINATOR, now=NOW)
    assert result.changes == ("capacity",)
    assert result.promoted == 2
    assert result.recipients == 0  # a capacity change alone is no news for those who answered
    assert (result.workshop.counts.going, result.workshop.counts.waitlist) == (3, 1)
    assert result.workshop.sequence == 1


async def test_answers_refused_when_closed_cancelled_or_unknown(db: Database) -> None:
    (chat,) = await members(db, 1)
    workshop_id = await published(db, capacity=None)
    workshops = service(db)
    with pytest.raises(WorkshopError, match="closed"):
        await workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name="", now=START)
    with pytest.raises(WorkshopError, match="not_member"):
        await workshops.rsvp.answer(workshop_id, 1, Answer.GOING, display_name="", now=NOW)
    await workshops.authoring.cancel(workshop_id, now=NOW)
    with pytest.raises(WorkshopError, match="cancelled"):
        await workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name="", now=NOW)
    with pytest.raises(WorkshopError, match="unknown"):
        await workshops.rsvp.answer(999, chat, Answer.GOING, display_name="", now=NOW)


async def test_reminders_once_each_latest_only_and_expiring_at_the_start(db: Database) -> None:
    chats = await members(db, 2)
    workshop_id = await published(db, capacity=None)
    workshops = service(db)
    await workshops.rsvp.answer(workshop_id, chats[0], Answer.GOING, display_name="", now=NOW)
    await workshops.rsvp.answer(workshop_id, chats[1], Answer.MAYBE, display_name="", now=NOW)
    hours = (24.0, 1.0)
    assert (
        await workshops.reminders.queue_reminders(now=START - timedelta(hours=30), hours=hours) == 0
    )
    assert (
        await workshops.reminders.queue_reminders(now=START - timedelta(hours=23), hours=hours) == 1
    )
    assert (
        await workshops.reminders.queue_reminders(now=START - timedelta(hours=22), hours=hours) == 0
    )
    assert (
        await workshops.reminders.queue_reminders(now=START - timedelta(minutes=50), hours=hours)
        == 1
    )
    assert (
        await workshops.reminders.queue_reminders(now=START - timedelta(minutes=10), hours=hours)
        == 0
    )
    assert await workshops.reminders.queue_reminders(now=START, hours=hours) == 0
    async with db.transaction() as session:
        rows = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ws_reminder"))
        ).all()
        assert {r.chat_id for r in rows} == {chats[0]}
        assert {r.expires_at for r in rows} == {START}
        rsvp = await session.get(WorkshopRsvp, (workshop_id, 1))
        assert rsvp is not None
        assert sorted(rsvp.reminders) == ["1h", "24h"]


async def test_an_expired_reminder_is_never_sent(db: Database) -> None:
    from bot.db.repositories import outbox

    (chat,) = await members(db, 1)
    workshop_id = await published(db, capacity=None)
    workshops = service(db)
    await workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name="", now=NOW)
    await workshops.reminders.queue_reminders(now=START - timedelta(minutes=30), hours=(1.0,))
    async with db.transaction() as session:
        await outbox.expire(session, now=START + timedelta(minutes=1))
        claimed = await outbox.claim_heads(
            session, now=START + timedelta(minutes=1), limit=100, lock=False
        )
        assert all(row.kind != "ws_reminder" for row in claimed)
        expired = await session.scalar(
            select(func.count()).where(OutboxMessage.last_error == "expired")
        )
        assert expired == 1


async def test_member_calendar_holds_workshops_and_followed_deadlines(db: Database) -> None:
    from bot.db.models import Follow, OpportunityRow

    (chat,) = await members(db, 1)
    workshop_id = await published(db, capacity=None)
    workshops = service(db)
    await workshops.rsvp.answer(workshop_id, chat, Answer.GOING, display_name="", now=NOW)
    deadline = datetime(2027, 1, 20, 15, 0, tzinfo=UTC)
    async with db.transaction() as session:
        row = OpportunityRow(
            uid="eu-ft:ESF-2026-01", source_id="eu-ft", url="https://e.eu/1", title="ESF+ call",
            summary="", language="en", status="open",
            deadlines=[deadline.isoformat(), (NOW - timedelta(days=1)).isoformat()],
            next_deadline=deadline, deadline_model="single", deadline_has_time=True,
            deadline_zone="Europe/Brussels", first_seen_at=NOW, last_seen_at=NOW,
            content_hash="x",
        )  # fmt: skip
        session.add(row)
        await session.flush()
        session.add(Follow(member_id=1, opportunity_id=row.id, created_at=NOW))
    payload, entries = await workshops.calendar.member_calendar(chat, now=NOW, name="Mine")
    assert entries == 2
    parsed = Calendar.from_ical(payload)
    events = parsed.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Interreg partner search", "ESF+ call"]
    assert moment(events[1], "DTEND") == deadline
    # The deadline's own zone, declared: never a made-up "UTC+01:00" TZID.
    assert events[1]["DTEND"].params["TZID"] == "Europe/Brussels"
    assert "Europe/Brussels" in {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")}


async def test_two_quick_topic_presses_on_one_draft_both_count(db: Database) -> None:
    """Two presses on different topics of the same draft, at once: both topics end selected
    (issue 13: the toggle read the list in one transaction and wrote it in another, so the
    second press overwrote the first)."""
    workshops = service(db)
    draft = await workshops.authoring.start_draft(COORDINATOR, "Carmen", language="en", now=NOW)
    await workshops.authoring.update_draft(draft.id, COORDINATOR, step="topics")
    await asyncio.gather(
        workshops.authoring.set_topic(COORDINATOR, "vet", True),
        workshops.authoring.set_topic(COORDINATOR, "green", True),
    )
    after = await workshops.authoring.draft_for(COORDINATOR)
    assert after is not None
    assert sorted(after.topics) == ["green", "vet"]
    # Dropping one and selecting the other again, at once: the target states win, in any order.
    await asyncio.gather(
        workshops.authoring.set_topic(COORDINATOR, "vet", False),
        workshops.authoring.set_topic(COORDINATOR, "green", True),
    )
    after = await workshops.authoring.draft_for(COORDINATOR)
    assert after is not None
    assert after.topics == ("green",)
    assert after.draft_step == "topics"


async def test_the_guided_flow_saves_each_answer_in_one_step(db: Database) -> None:
    """Typed answers and buttons run the pure step machine inside the service's transaction."""
    authoring = service(db).authoring
    draft = await authoring.start_draft(COORDINATOR, "Carmen", language="en", now=NOW)
    assert await authoring.answer_step(draft.id, COORDINATOR, "ab", now=NOW) == Problem(
        "title_length"
    )
    titled = await authoring.answer_step(draft.id, COORDINATOR, "Interreg <clinic>", now=NOW)
    assert isinstance(titled, WorkshopInfo)
    assert (titled.title, titled.draft_step) == ("Interreg <clinic>", "description")
    assert await authoring.answer_step(draft.id, 4242, "Someone else's", now=NOW) is None
    described = await authoring.press_step(COORDINATOR, Skip("description"), now=NOW)
    assert (described.description, described.draft_step) == ("", "start")
    with pytest.raises(Stale):
        await authoring.press_step(COORDINATOR, Language("xx"), now=NOW)
    reopened = await authoring.open_field(draft.id, COORDINATOR, "title")
    assert reopened.draft_step == "title!"
    back = await authoring.answer_step(draft.id, COORDINATOR, "Interreg clinic", now=NOW)
    assert isinstance(back, WorkshopInfo)
    assert back.draft_step == "preview"
    with pytest.raises(Stale):
        await authoring.open_field(draft.id + 1, COORDINATOR, "title")
    await authoring.discard_draft(draft.id, COORDINATOR)
    with pytest.raises(WorkshopError, match="no_draft"):
        await authoring.press_step(COORDINATOR, Unlimited(), now=NOW)
