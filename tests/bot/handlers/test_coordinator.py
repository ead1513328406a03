"""Coordinator tools end to end: roles (every coordinator command refused to members),
/admins, /broadcast with audience and preview, /stats with charts, /push."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.buttons.settings import ForgetConfirm
from bot.buttons.workshops import CancelWorkshop, ExportAttendees, Publish
from bot.callbacks import VERSION, Action, button_kinds, encode
from bot.commands import COORDINATOR_COMMANDS
from bot.db.models import OpportunityRow
from bot.sandbox.localapi import StoredMessage
from tests.harness import ANA, BOGDAN, COORDINATOR, LUCIA, NOW, Env, running_env

PEOPLE = {
    COORDINATOR: ("Carmen", "en"),
    ANA: ("Ana", "en"),
    BOGDAN: ("Bogdan", "ro"),
    LUCIA: ("Lucía", "es"),
}


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    async with running_env(migrated_sqlite_url, people=PEOPLE, ticks=True) as made:
        yield made


def buttons_data(message: StoredMessage) -> list[str]:
    return [str(b["callback_data"]) for b in message.buttons() if "callback_data" in b]


async def test_every_coordinator_command_refuses_a_member(env: Env) -> None:
    await env.onboard(ANA, "vet")
    for command in COORDINATOR_COMMANDS:
        reply = await env.say(ANA, f"/{command.name} 1")
        assert "for the alliance's coordinators only" in (reply.text or ""), command.name
        reply = await env.say(ANA, f"/{command.name}")
        assert "for the alliance's coordinators only" in (reply.text or ""), command.name
    # Their buttons too, pressed with forged data on any message.
    card = env.sim.last(ANA)
    for data in (
        encode(Action.ADMIN_REMOVE, ANA),
        encode(Action.BROADCAST_SEND, 1),
        encode(Action.BROADCAST_AUDIENCE, 1, "all", "-"),
        encode(Action.PUSH_SEND, 1),
        Publish(1, "a").data,
        CancelWorkshop(1, "1").data,
        ExportAttendees(1).data,
    ):
        await env.sim.forge_press(ANA, card, data)
        await env.sim.settle()
    answers = [e.text for e in env.world.transcript if e.kind == "answer" and e.chat_id == ANA]
    assert sum("coordinators only" in a for a in answers) == 7


async def test_admins_promote_and_remove_in_chat(env: Env) -> None:
    await env.onboard(ANA, "vet")
    listing = await env.say(COORDINATOR, "/admins")
    assert f"{COORDINATOR} (admin, from the configuration)" in (listing.text or "")
    # Config admins get the coordinator menu in their chat at start-up.
    assert "stats" in [c["command"] for c in env.world.commands[(f"chat:{COORDINATOR}", "ro")]]
    unknown = await env.say(COORDINATOR, "/admins add 424242")
    assert "I do not know user 424242" in (env.bot_texts(COORDINATOR)[-2])
    assert unknown.text is not None
    await env.say(COORDINATOR, f"/admins add {ANA}")
    assert "Ana is now a coordinator." in env.bot_texts(COORDINATOR)[-2]
    assert "You are now a coordinator" in env.bot_texts(ANA)[-1]
    menu = [c["command"] for c in env.world.commands[(f"chat:{ANA}", "en")]]
    assert menu[-len(COORDINATOR_COMMANDS) :] == [c.name for c in COORDINATOR_COMMANDS]
    assert "start" in menu
    stats = await env.say(ANA, "/stats 7")
    assert "coordinators only" not in (stats.text or "")
    # A promoted coordinator cannot promote others.
    refused = await env.say(ANA, f"/admins add {BOGDAN}")
    assert "Only the admins named in the configuration" in (refused.text or "")
    listing = await env.say(COORDINATOR, "/admins")
    assert f"Ana ({ANA})" in (listing.text or "")
    await env.tap(COORDINATOR, listing, encode(Action.ADMIN_REMOVE, ANA))
    assert (f"chat:{ANA}", "en") not in env.world.commands
    again = await env.say(ANA, "/stats")
    assert "coordinators only" in (again.text or "")


async def test_broadcast_to_a_topic_with_preview_and_summary(env: Env) -> None:
    await env.onboard(ANA, "vet")
    await env.onboard(BOGDAN, "vet")
    await env.onboard(LUCIA, "green")
    ask = await env.say(COORDINATOR, "/broadcast")
    assert "Send the message for members" in (ask.text or "")
    await env.say(COORDINATOR, "Call for <partners> & a webinar on Thursday")
    link = await env.say(COORDINATOR, "not a link")
    assert "does not look right" in (link.text or "")
    menu = await env.say(COORDINATOR, "https://inexa.example/webinar")
    assert "All members (3)" in str(menu.buttons())
    broadcast_id = _id(menu)
    topics = await env.tap(
        COORDINATOR, menu, encode(Action.BROADCAST_AUDIENCE, broadcast_id, "menu", "topic")
    )
    preview = await env.tap(
        COORDINATOR, topics, encode(Action.BROADCAST_AUDIENCE, broadcast_id, "topic", "vet")
    )
    text = preview.text or ""
    assert "Call for <partners> & a webinar on Thursday" in text
    assert "Audience: members following Vocational training and skills, 2 recipients." in text
    done = await env.tap(COORDINATOR, preview, encode(Action.BROADCAST_SEND, broadcast_id))
    assert "Queued for 2 members" in (done.text or "")
    for user, phrase in ((ANA, "From the alliance's coordinators"), (BOGDAN, "coordonator")):
        await env.sim.wait_until(
            lambda user=user: any("Call for <partners>" in t for t in env.bot_texts(user)),
            within=15,
        )
        assert phrase.lower() in env.bot_texts(user)[-1].lower()
    assert not any("Call for" in t for t in env.bot_texts(LUCIA))
    await env.sim.wait_until(
        lambda: any(
            "(message to members)" in t and "2 messages sent" in t
            for t in env.bot_texts(COORDINATOR)
        ),
        within=15,
    )
    # Sending the same draft again (an old copy of the preview) does nothing.
    await env.sim.forge_press(COORDINATOR, preview, encode(Action.BROADCAST_SEND, broadcast_id))
    await env.sim.settle()
    assert "no longer open" in env.bot_texts(COORDINATOR)[-1]


def _id(message: StoredMessage) -> int:
    for data in buttons_data(message):
        if data.startswith(("1ba:", "1bx:", "1bs:")):
            return int(data.split(":")[1])
    raise AssertionError("no broadcast button")


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


async def test_stats_sends_numbers_and_three_charts(env: Env) -> None:
    await env.onboard(ANA, "vet")
    await env.onboard(BOGDAN, "vet")
    bad = await env.say(COORDINATOR, "/stats yesterday")
    assert "Use /stats (last 30 days)" in (bad.text or "")
    # Telegram refuses a chart once (it used to be lost) and then has a short outage.
    env.sim.fail_next("sendPhoto", 1, code=429, description="Too Many Requests", retry_after=1)
    env.sim.fail_next("sendPhoto", 1, code=502, description="Bad Gateway")
    await env.sim.send(COORDINATOR, "/stats 30")
    await env.sim.settle(within=30)

    def photos_sent() -> list[StoredMessage]:
        return [m for m in env.world.messages_in(COORDINATOR, from_bot=True) if m.photo]

    # The text and the charts go through the outbox: paced, retried, in order.
    await env.sim.wait_until(lambda: len(photos_sent()) >= 3, within=30)
    messages = env.world.messages_in(COORDINATOR, from_bot=True)
    summary = next(m for m in reversed(messages) if "Reach and impact" in (m.text or ""))
    assert summary.message_id < min(m.message_id for m in photos_sent())
    assert "Members: 2 active, 0 paused, 0 gone (2 in all)" in (summary.text or "")
    assert "By topic: Vocational training and skills 2" in (summary.text or "")
    photos = [m for m in messages if m.photo]
    assert len(photos) == 3
    for photo in photos:
        content = env.world.files[photo.photo[-1]["file_id"]].content
        assert png_size(content) == (1080, 1350)


async def test_push_one_opportunity_to_the_members_it_matches(env: Env) -> None:
    await env.onboard(ANA, "vet")
    await env.onboard(LUCIA, "green")
    async with env.db.transaction() as session:
        row = OpportunityRow(
            uid="eu-ft:ESF-2026-VET", source_id="eu-ft", url="https://ec.europa.eu/x",
            title="Skills for the twin transition", summary="VET centres of excellence",
            language="en", call_id="ESF-2026-VET", status="open",
            deadlines=[(NOW + timedelta(days=40)).isoformat()],
            next_deadline=NOW + timedelta(days=40), deadline_model="single",
            themes=["vet"], programmes=["esf-plus"], first_seen_at=NOW, last_seen_at=NOW,
            content_hash="h",
        )  # fmt: skip
        session.add(row)
    missing = await env.say(COORDINATOR, "/push NOPE-1")
    assert "I found no opportunity NOPE-1" in (missing.text or "")
    preview = await env.say(COORDINATOR, "/push ESF-2026-VET")
    assert "It matches 1 member now." in (preview.text or "")
    await env.tap_label(COORDINATOR, preview, "Send to 1")
    await env.sim.wait_until(
        lambda: any("Skills for the twin transition" in t for t in env.bot_texts(ANA)), within=15
    )
    assert "Recommended by the coordinators" in env.bot_texts(ANA)[-1]
    assert not any("Skills for the twin" in t for t in env.bot_texts(LUCIA))


async def test_push_refuses_what_is_not_a_call(env: Env) -> None:
    await env.onboard(ANA, "vet")
    async with env.db.transaction() as session:
        session.add(
            OpportunityRow(
                uid="erasmus-news:2030", source_id="erasmus-news", url="https://e.eu/info-day",
                title="Erasmus+ Info Day on VET", summary="", language="en", status="unknown",
                deadlines=[], deadline_model="unknown", themes=["vet"], first_seen_at=NOW,
                last_seen_at=NOW, content_hash="h", kind="event", kind_rule="title:any:info day",
            )
        )  # fmt: skip
    refused = await env.say(COORDINATOR, "/push erasmus-news:2030")
    assert "This is not a call (it is marked as: Event), so it cannot be pushed." in (
        refused.text or ""
    )
    assert not refused.buttons()
    assert not any("Info Day" in t for t in env.bot_texts(ANA))


async def test_malformed_button_data_never_breaks_anything(env: Env) -> None:
    """Every action with wrong, missing or extra arguments: a polite answer, never an error."""
    await env.onboard(ANA, "vet")
    card = env.sim.last(ANA)
    await env.say(COORDINATOR, "/start")
    coordinator_card = env.sim.last(COORDINATOR)
    shapes: list[tuple[str, ...]] = [
        (),
        ("x",),
        ("1",),
        ("1", "x"),
        ("999", "z", "q"),
        ("-1", "1", "1"),
        ("1", "1", "1", "1"),
    ]
    # Legacy actions and typed buttons; "Yes, erase" is valid with no arguments: it would
    # really erase the member.
    prefixes = [action.value for action in Action] + sorted(button_kinds())
    for prefix in (p for p in prefixes if p != ForgetConfirm.PREFIX):
        for args in shapes:
            data = ":".join([VERSION + prefix, *args])
            await env.sim.forge_press(COORDINATOR, coordinator_card, data)
            await env.sim.forge_press(ANA, card, data)
            await env.sim.settle()
    for chat in (ANA, COORDINATOR):
        assert not any("something went wrong" in t for t in env.bot_texts(chat)), chat


async def test_broadcast_links_keep_their_url_exactly(env: Env) -> None:
    """A link URL from the coordinator's formatting goes into href="…" escaped (issue 12)."""
    await env.onboard(ANA, "vet")
    await env.say(COORDINATOR, "/broadcast")
    url = 'https://inexa.example/form?topic="vet"&amp;lang=<ro>'
    text = "Register here today"
    await env.sim.send(
        COORDINATOR,
        text,
        entities=[
            {"type": "bold", "offset": 0, "length": 8},
            {"type": "text_link", "offset": 9, "length": 4, "url": url},
        ],
    )
    await env.sim.settle()
    ask_link = env.reply(COORDINATOR)
    (draft,) = [int(d.split(":")[1]) for d in buttons_data(ask_link) if d.startswith("1bn:")]
    no_link = await env.tap(COORDINATOR, ask_link, encode(Action.BROADCAST_NO_LINK, draft))
    preview = await env.tap(
        COORDINATOR, no_link, encode(Action.BROADCAST_AUDIENCE, _id(no_link), "all", "-")
    )
    assert "Register here today" in (preview.text or "")
    links = [e for e in preview.entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == [url]
    assert any(e["type"] == "bold" for e in preview.entities)
    assert not any("something went wrong" in t for t in env.bot_texts(COORDINATOR))
