"""The alliance calendar end to end: every activity and highlighted deadlines in /calendar,
answering a workshop outside one's topics, paging, a recurring series with one answered
date (its own seat and reminders), and the private feed fetched over loopback."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.buttons.calendar import AgendaPage, DraftKind, FeedLink, SeriesDates, Unhighlight
from bot.buttons.workshops import EditField, Publish, Rsvp
from bot.db.models import WorkshopRsvp
from bot.sandbox.localapi import StoredMessage
from bot.workshops.seats import Answer
from tests.harness import BOGDAN, COORDINATOR, NOW, Env, running_env
from tests.ics import moment


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    overrides = {"web": {"public_url": "https://bot.example.org/", "port": 0}}
    async with running_env(migrated_sqlite_url, overrides=overrides) as made:
        yield made


def agenda_message(env: Env, chat: int) -> StoredMessage:
    """The bot's latest alliance calendar page in the chat."""
    return next(
        m
        for m in reversed(env.bot_messages(chat))
        if (m.text or "").startswith("🗓 Alliance calendar")
    )


async def topical_workshop(env: Env, title: str, topic: str, start: datetime) -> int:
    """A workshop announced only to members of ``topic``."""
    authoring = env.service().authoring
    draft = await authoring.start_draft(COORDINATOR, "Carmen", language="en", now=env.clock())
    await authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title=title, starts_at=start,
        ends_at=start + timedelta(hours=2), place="Online", url="https://meet.example.org/x",
        topics=[topic],
    )  # fmt: skip
    published = await authoring.publish(draft.id, COORDINATOR, audience="topics", now=env.clock())
    return published.workshop.id


async def test_alliance_calendar_shows_every_activity_and_highlighted_deadlines(
    env: Env,
) -> None:
    await env.member(BOGDAN, topics=("vet",))
    green = await topical_workshop(env, "Green deal clinic", "green", NOW + timedelta(days=3))
    await env.delivered()
    # Bogdan follows vet only: the green workshop was never announced to him...
    assert not any("Green deal clinic" in t for t in env.bot_texts(BOGDAN))
    mine = await env.say(BOGDAN, "/workshops")
    assert "Green deal clinic" not in (mine.text or "")
    # ...until a coordinator highlights a call, and the alliance calendar shows both.
    call = await env.opportunity("ESF-2027-1", call_id="ESF-2027-VET-01", title="ESF+ VET call")
    refused = await env.say(BOGDAN, "/highlight ESF-2027-VET-01")
    assert "coordinators only" in (refused.text or "")
    done = await env.say(COORDINATOR, "/highlight ESF-2027-VET-01")
    assert "Highlighted: “ESF+ VET call”" in (done.text or "")
    again = await env.say(COORDINATOR, "/highlight ESF-2027-VET-01")
    assert "already highlighted" in (again.text or "")
    missing = await env.say(COORDINATOR, "/highlight NOPE-1")
    assert "I found no call" in (missing.text or "")

    await env.say(BOGDAN, "/calendar")
    page = agenda_message(env, BOGDAN)
    text = page.text or ""
    assert "1. 📣 Green deal clinic — Saturday, 28 November 2026, 11:00 · no answer yet" in text
    assert "2. ⏳ Deadline: ESF+ VET call — 4 January 2027" in text
    # He answers the workshop outside his topics from the calendar.
    card = await env.tap_label(BOGDAN, page, "1. Open and answer")
    assert "Green deal clinic" in (card.text or "")
    card = await env.tap(BOGDAN, card, Rsvp(green, "g").data)
    assert "Your answer: going" in (card.text or "")
    await env.say(BOGDAN, "/calendar")
    page = agenda_message(env, BOGDAN)
    assert "Green deal clinic — Saturday, 28 November 2026, 11:00 · going" in (page.text or "")

    # The coordinator's list; removing the highlight takes the deadline out.
    listing = await env.say(COORDINATOR, "/highlight")
    assert "1. ESF+ VET call" in (listing.text or "")
    listing = await env.tap(COORDINATOR, listing, Unhighlight(call).data)
    assert "No call is highlighted" in (listing.text or "")
    await env.say(BOGDAN, "/calendar")
    assert "ESF+ VET call" not in (agenda_message(env, BOGDAN).text or "")


async def test_the_calendar_pages(env: Env) -> None:
    await env.member(BOGDAN, topics=("vet",))
    for day in range(10):
        await topical_workshop(env, f"Session {day}", "green", NOW + timedelta(days=2 + day))
    await env.say(BOGDAN, "/calendar")
    first = agenda_message(env, BOGDAN)
    assert "8. 📣 Session 7" in (first.text or "")
    assert "Session 8" not in (first.text or "")
    assert "Page 1 of 2" in (first.text or "")
    await env.tap(BOGDAN, first, AgendaPage(1).data)
    second = env.reread(first)
    assert "9. 📣 Session 8" in (second.text or "")
    assert "10. 📣 Session 9" in (second.text or "")
    assert AgendaPage(0).data in [b.get("callback_data") for b in second.buttons()]


async def test_a_recurring_series_with_one_answered_date(env: Env) -> None:
    await env.member(BOGDAN, topics=("vet",))
    # A draft at its preview: first Tuesday of December 2026, 10:00-12:00 in Bucharest.
    authoring = env.service().authoring
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    draft = await authoring.start_draft(COORDINATOR, "Carmen", language="en", now=env.clock())
    await authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title="Partners' breakfast", starts_at=start,
        ends_at=start + timedelta(hours=2), place="INEXA hub", capacity=1,
    )  # fmt: skip
    preview = await env.say(COORDINATOR, "/newworkshop")
    assert "Repeats: no" in (preview.text or "")
    kinds = await env.tap(COORDINATOR, preview, EditField(draft.id, "kind").data)
    preview = await env.tap(COORDINATOR, kinds, DraftKind("meeting").data)
    assert "Type: Partners' meeting" in (preview.text or "")
    prompt = await env.tap(COORDINATOR, preview, EditField(draft.id, "repeat").data)
    assert "Monthly, on the first Tuesday" in str(prompt.buttons())
    refused = await env.say(COORDINATOR, "every blue moon")
    assert "could not read that rule" in (refused.text or "")
    refused = await env.say(COORDINATOR, "last friday")
    assert "not one of the rule's dates" in (refused.text or "")
    preview = await env.say(COORDINATOR, "first tuesday 6 times except 2027-01-05")
    text = preview.text or ""
    assert "Repeats: monthly, on the first Tuesday, 6 times, except 5 January (5 dates)" in text
    published = await env.tap(COORDINATOR, preview, Publish(draft.id, "a").data)
    assert "Published as #" in (published.text or "")
    await env.delivered()

    # One announcement (of the first date), with the series' dates a button away.
    cards = [m for m in env.bot_messages(BOGDAN) if "Partners' breakfast" in (m.text or "")]
    assert len(cards) == 1
    assert "👥 Partners' meeting" in (cards[0].text or "")
    assert "Repeats monthly, on the first Tuesday" in (cards[0].text or "")
    series = next(
        int(str(b["callback_data"]).split(":")[1])
        for b in cards[0].buttons()
        if str(b.get("callback_data", "")).startswith("1gd:")
    )
    dates = await env.tap(BOGDAN, cards[0], SeriesDates(series).data)
    lines = [
        line
        for line in (dates.text or "").splitlines()
        if line[:2] in {"1.", "2.", "3.", "4.", "5."}
    ]
    # 10:00 in Bucharest before and after the change to summer time (28 March 2027).
    assert [line.split(" · ")[0] for line in lines] == [
        "1. Tuesday, 1 December 2026, 10:00",
        "2. Tuesday, 2 February 2027, 10:00",
        "3. Tuesday, 2 March 2027, 10:00",
        "4. Tuesday, 6 April 2027, 10:00",
        "5. Tuesday, 4 May 2027, 10:00",
    ]
    ids = await series_ids(env, series)
    assert len(ids) == 5
    # He answers the April date only: its own seat (capacity 1), nobody else's.
    card = await env.tap_label(BOGDAN, dates, "4. Open and answer")
    assert "Tuesday, 6 April 2027, 10:00–12:00 (Bucharest time)" in (card.text or "")
    card = await env.tap(BOGDAN, card, Rsvp(ids[3], "g").data)
    assert "Your answer: going" in (card.text or "")
    assert "Fully booked" in (card.text or "")
    async with env.db.transaction() as session:
        rows = (await session.scalars(select(WorkshopRsvp))).all()
        answered = [(r.workshop_id, r.status) for r in rows]
    assert answered == [(ids[3], "going")]
    april = await env.service().rsvp.get(ids[3])
    assert april is not None
    assert april.starts_at == datetime(2027, 4, 6, 7, 0, tzinfo=UTC)
    march = await env.service().rsvp.get(ids[2])
    assert march is not None
    assert march.starts_at == datetime(2027, 3, 2, 8, 0, tzinfo=UTC)
    # Its reminder comes before the April date, not before the others.
    env.clock.now = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    await env.run_job("reminders")
    assert not any(t.startswith("⏰") for t in env.bot_texts(BOGDAN))
    env.clock.now = datetime(2027, 4, 6, 6, 15, tzinfo=UTC)
    await env.run_job("reminders")
    reminders = [t for t in env.bot_texts(BOGDAN) if t.startswith("⏰")]
    assert len(reminders) == 1
    assert "Starts in 45 minutes" in reminders[0]
    assert "Tuesday, 6 April 2027, 10:00–12:00" in reminders[0]

    # One date is moved, another cancelled; the others stay as they were.
    env.clock.now = NOW
    preview = await env.say(COORDINATOR, f"/editworkshop {ids[1]}")
    assert "Repeats: part of a series; this change is for this date only" in (preview.text or "")
    draft_id = int(str(preview.buttons()[0]["callback_data"]).split(":")[1])
    await env.tap(COORDINATOR, preview, EditField(draft_id, "start").data)
    preview = await env.say(COORDINATOR, "2027-02-09 10:00")
    applied = await env.tap_label(COORDINATOR, preview, "Apply and notify")
    assert "Saved" in (applied.text or "")
    confirm = await env.say(COORDINATOR, f"/cancelworkshop {ids[2]}")
    await env.tap_label(COORDINATOR, confirm, "Yes, cancel it")
    dates = await env.tap(BOGDAN, cards[0], SeriesDates(series).data)
    lines = [line for line in (dates.text or "").splitlines() if line[:2] in {"2.", "3.", "4."}]
    assert lines == [
        "2. Tuesday, 9 February 2027, 10:00 · no answer yet",
        "3. Tuesday, 2 March 2027, 10:00 · cancelled",
        "4. Tuesday, 6 April 2027, 10:00 · going",
    ]


async def series_ids(env: Env, series_id: int) -> list[int]:
    entries = await env.runtime.calendar.agenda.series_dates(series_id, BOGDAN)
    return [e.workshop.id for e in entries]


def _token(message: StoredMessage) -> str:
    found = re.search(
        r"https://bot\.example\.org/calendar/([A-Za-z0-9_-]+)\.ics", message.text or ""
    )
    assert found, message.text
    return found[1]


async def test_the_private_feed_over_loopback(env: Env) -> None:
    await env.member(BOGDAN, topics=("vet",))
    workshop = await env.workshop("Budgeting for Erasmus+", starts_at=NOW + timedelta(days=5))
    other = await env.workshop("Impact stories", starts_at=NOW + timedelta(days=9))
    await env.delivered()
    call = await env.opportunity("HORIZON-1", title="Horizon call")
    assert await env.runtime.follows.set_following(BOGDAN, call, True, now=NOW)
    card = await env.say(BOGDAN, "/workshops")
    card = await env.tap_label(BOGDAN, card, "1. Open and answer")
    await env.tap(BOGDAN, card, Rsvp(workshop, "g").data)

    await env.say(BOGDAN, "/calendar")
    status = await env.tap(BOGDAN, agenda_message(env, BOGDAN), FeedLink("show").data)
    assert "keeps your calendar app up to date" in (status.text or "")
    shown = await env.tap(BOGDAN, status, FeedLink("new").data)
    token = _token(shown)
    web = env.app.bot_data.web
    assert web is not None
    port = web.port
    url = f"http://127.0.0.1:{port}/calendar/{token}.ics"
    async with httpx.AsyncClient() as client:
        first = await client.get(url)
        assert first.status_code == 200
        assert first.headers["content-type"].startswith("text/calendar")
        assert first.headers["cache-control"] == "private, max-age=900"
        parsed = Calendar.from_ical(first.content)
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in first.text
        events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
        assert set(events) == {"Budgeting for Erasmus+", "Horizon call"}
        assert moment(events["Budgeting for Erasmus+"], "DTSTART") == NOW + timedelta(days=5)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        # Nothing changed: 304 by ETag, and by date.
        same = await client.get(url, headers={"If-None-Match": etag})
        assert same.status_code == 304
        assert same.content == b""
        assert same.headers["etag"] == etag
        assert (await client.get(url, headers={"If-Modified-Since": modified})).status_code == 304
        assert (await client.head(url)).status_code == 200
        # He answers another workshop: the feed changes, its ETag too.
        await env.runtime.workshops.rsvp.answer(
            other, BOGDAN, Answer.GOING, display_name="Bogdan", now=env.clock()
        )
        changed = await client.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["etag"] != etag
        assert "Impact stories" in changed.text
        # A new link replaces the old one; turning it off ends it.
        await env.say(BOGDAN, "/calendar")
        status = await env.tap(BOGDAN, agenda_message(env, BOGDAN), FeedLink("show").data)
        assert "Your calendar app last fetched it on" in (status.text or "")
        renewed = await env.tap(BOGDAN, status, FeedLink("new").data)
        fresh = _token(renewed)
        assert (await client.get(url)).status_code == 404
        fresh_url = f"http://127.0.0.1:{port}/calendar/{fresh}.ics"
        assert (await client.get(fresh_url)).status_code == 200
        off = await env.tap(BOGDAN, renewed, FeedLink("off").data)
        assert "Your calendar link is off" in (off.text or "")
        assert (await client.get(fresh_url)).status_code == 404
