"""Coordinator tools end to end: roles (every coordinator command refused to members),
/admins, /broadcast with audience and preview, /stats with charts, /push."""

from __future__ import annotations

import dataclasses
import struct
import types
import typing
from collections.abc import AsyncIterator
from datetime import timedelta
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from sqlalchemy import select

from bot.buttons.admins import RemoveCoordinator
from bot.buttons.broadcast import BroadcastAudience, BroadcastNoLink, BroadcastSend
from bot.buttons.push import PushSend
from bot.buttons.settings import ForgetConfirm
from bot.callbacks import VERSION, Button, Invalid, button_kinds, decode
from bot.commands import COORDINATOR_COMMANDS
from bot.core.ids import ID_MAX
from bot.db.base import Base
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
        RemoveCoordinator(ANA).data,
        BroadcastSend(1).data,
        BroadcastAudience(1, "all", None).data,
        PushSend(1).data,
        # Workshop authoring (their legacy data: publish, cancel, attendance CSV).
        f"{VERSION}wp:1:a",
        f"{VERSION}wk:1:1",
        f"{VERSION}wv:1",
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
    # Nor remove anyone with the button (forged on their own chat): a popup, nothing changes.
    await env.sim.forge_press(ANA, env.sim.last(ANA), RemoveCoordinator(ANA).data)
    await env.sim.settle()
    answers = [e.text for e in env.world.transcript if e.kind == "answer" and e.chat_id == ANA]
    assert "Only the admins named in the configuration" in answers[-1]
    assert "coordinators only" not in ((await env.say(ANA, "/stats 7")).text or "")
    await env.tap(COORDINATOR, listing, RemoveCoordinator(ANA).data)
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
    topics = await env.tap(COORDINATOR, menu, BroadcastAudience(broadcast_id, "menu", "topic").data)
    preview = await env.tap(
        COORDINATOR, topics, BroadcastAudience(broadcast_id, "topic", "vet").data
    )
    text = preview.text or ""
    assert "Call for <partners> & a webinar on Thursday" in text
    assert "Audience: members following Vocational training and skills, 2 recipients." in text
    done = await env.tap(COORDINATOR, preview, BroadcastSend(broadcast_id).data)
    assert "Queued for 2 members" in (done.text or "")
    for user, phrase in ((ANA, "From the alliance's coordinators"), (BOGDAN, "coordonator")):

        def arrived(user: int = user) -> bool:
            return any("Call for <partners>" in t for t in env.bot_texts(user))

        await env.sim.wait_until(arrived, within=15)
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
    await env.sim.forge_press(COORDINATOR, preview, BroadcastSend(broadcast_id).data)
    await env.sim.settle()
    assert "no longer open" in env.bot_texts(COORDINATOR)[-1]
    shown = env.reread(preview).text
    # Data that decodes but fits no list or no choice: the feature's words, nothing changes.
    for forged in (
        BroadcastAudience(broadcast_id, "menu", "planet"),
        BroadcastAudience(broadcast_id, "menu", None),
        BroadcastAudience(broadcast_id, "topic", None),
    ):
        await env.sim.forge_press(COORDINATOR, preview, forged.data)
        await env.sim.settle()
        assert "This button is no longer valid." in env.bot_texts(COORDINATOR)[-1]
    assert env.reread(preview).text == shown


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
        assert photo.photo is not None
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


def _sample(hint: Any) -> str:
    """Text a field of this type accepts."""
    if get_origin(hint) in (typing.Union, types.UnionType):
        return "-"
    if get_origin(hint) is Literal:
        return str(get_args(hint)[0])
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return str(next(iter(hint)).value)
    return "x" if hint is str else "1"


def _bad(hint: Any) -> list[str]:
    """Texts a field of this type refuses."""
    if get_origin(hint) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _bad(inner)
    common = ["", "a b", "ä", "x" * 41, "<b>"]
    if hint is int:
        return [*common, "x", "1.5", "+1", str(ID_MAX + 1), "9" * 30]
    if hint is bool:
        return [*common, "2", "-", "true"]
    if hint is str:
        return common
    allowed = {str(getattr(v, "value", v)) for v in (get_args(hint) or list(hint))}
    return [t for t in [*common, "zz", "-", "X"] if t not in allowed]  # a Literal or a StrEnum


def malformed(kind: type[Button]) -> list[str]:
    """Data under ``kind``'s prefix that must not decode: wrong field counts, each field
    malformed in turn, too long, an old version."""
    hints = get_type_hints(kind)
    fields = dataclasses.fields(kind)  # type: ignore[arg-type]
    good = [_sample(hints[f.name]) for f in fields]
    required = sum(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in fields
    )
    head = VERSION + kind.PREFIX
    found = [":".join([head, *good, "1"]), ":".join([head, *good, "1", "1", "1"])]
    if required:
        found.append(":".join([head, *good[: required - 1]]))
    for index, field in enumerate(fields):
        for text in _bad(hints[field.name]):
            found.append(":".join([head, *good[:index], text, *good[index + 1 :]]))
    found.append(":".join([head, *good, "x" * 60]))
    found.append(":".join(["0" + kind.PREFIX, *good]))
    found.append(":".join(["9" + kind.PREFIX, *good]))
    return found


UNKNOWN = ["", "1", "1:", ":", "1zzzz", "1zq:1", "1Ar:1", "1ar ", "2ar:1", "ar:1", "1" + "q" * 70]
#: Shapes of arguments every kind is pressed with (some of them well formed for some kinds).
SHAPES: list[tuple[str, ...]] = [
    (),
    ("x",),
    ("1",),
    ("1", "x"),
    ("999", "z", "q"),
    ("-1", "1", "1"),
    ("1", "1", "1", "1"),
]


async def _state(env: Env) -> dict[str, list[str]]:
    """Every row of every table, and every message in the chats, as comparable text."""
    found: dict[str, list[str]] = {}
    async with env.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            found[table.name] = sorted(repr(tuple(row)) for row in rows)
    for chat in (ANA, COORDINATOR):
        found[f"chat {chat}"] = [
            f"{m.message_id} {m.text} {m.caption} {m.buttons()}"
            for m in env.world.messages_in(chat)
        ]
    return found


def _answers(env: Env) -> list[str]:
    return [e.text for e in env.world.transcript if e.kind == "answer"]


async def test_malformed_button_data_never_breaks_anything(env: Env) -> None:
    """Every button kind with wrong, missing, extra or malformed fields, and unknown
    prefixes, pressed by a member and a coordinator: each press is answered "no longer
    valid", nothing changes anywhere, and nothing goes wrong."""
    await env.onboard(ANA, "vet")
    card = env.sim.last(ANA)
    await env.say(COORDINATOR, "/start")
    # An open draft a forged press might reach if decoding were lax.
    await env.say(COORDINATOR, "/broadcast")
    await env.say(COORDINATOR, "Draft text")
    coordinator_card = env.sim.last(COORDINATOR)
    kinds = sorted(button_kinds().values(), key=lambda kind: kind.PREFIX)
    assert {RemoveCoordinator, BroadcastAudience, BroadcastSend, PushSend} <= set(kinds)
    before = await _state(env)
    answered = len(_answers(env))
    pressed = 0
    for batch in [*(malformed(kind) for kind in kinds), UNKNOWN]:
        for data in batch:
            assert isinstance(decode(data), Invalid), data
            for user, message in ((COORDINATOR, coordinator_card), (ANA, card)):
                await env.sim.forge_press(user, message, data)
                pressed += 1
        await env.sim.settle()  # a kind's presses at once: the bot handles them in order
    answers = _answers(env)[answered:]
    assert len(answers) == pressed
    assert all("This button is no longer valid" in answer for answer in answers)
    assert await _state(env) == before
    for chat in (ANA, COORDINATOR):
        assert not any("something went wrong" in t for t in env.bot_texts(chat)), chat


async def test_any_shape_of_button_data_gets_a_polite_answer(env: Env) -> None:
    """Every kind pressed with arguments of every shape (well formed for some kinds): a
    polite answer, never an error (erasing the chat is left out: it would really erase)."""
    await env.onboard(ANA, "vet")
    card = env.sim.last(ANA)
    await env.say(COORDINATOR, "/start")
    coordinator_card = env.sim.last(COORDINATOR)
    answered = len(_answers(env))
    refused = 0
    for kind in sorted(button_kinds().values(), key=lambda kind: kind.PREFIX):
        if kind is ForgetConfirm:
            continue
        for args in SHAPES:
            data = ":".join([VERSION + kind.PREFIX, *args])
            for user, message in ((COORDINATOR, coordinator_card), (ANA, card)):
                await env.sim.forge_press(user, message, data)
                refused += isinstance(decode(data), Invalid)
        await env.sim.settle()  # the bot handles a kind's presses in the order they came
    # Every press that does not decode is answered in words (the others may act silently).
    assert sum("no longer valid" in a for a in _answers(env)[answered:]) >= refused > 0
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
    no_link = await env.tap(COORDINATOR, ask_link, BroadcastNoLink(draft).data)
    preview = await env.tap(COORDINATOR, no_link, BroadcastAudience(_id(no_link), "all", None).data)
    assert "Register here today" in (preview.text or "")
    links = [e for e in preview.entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == [url]
    assert any(e["type"] == "bold" for e in preview.entities)
    assert not any("something went wrong" in t for t in env.bot_texts(COORDINATOR))
