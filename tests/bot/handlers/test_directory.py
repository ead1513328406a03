"""The partner directory end to end (real bot, local Bot API server, SQLite file): publishing
an entry, searching, introductions accepted and declined without leaking anyone's Telegram
identity before consent, and the 🤝 button under digest items."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.buttons.digest import Follow
from bot.buttons.directory import (
    AnswerIntroduction,
    EditEntry,
    PublishEntry,
    ToggleLanguage,
    ToggleRole,
)
from bot.buttons.onboarding import (
    ConsentYes,
)
from bot.db.models import DirectoryEntry, Introduction, Member, OpportunityRow
from bot.sandbox.localapi import StoredMessage
from tests.harness import ANA, BOGDAN, DAN, LUCIA, NOW, Env, running_env

GROUP = -100777
NAMES = {ANA: "Ana", BOGDAN: "Bogdan", LUCIA: "Lucía", DAN: "Dan"}


async def publish(env: Env, user: int, description: str) -> StoredMessage:
    entry = await env.say(user, "/directory")
    prompt = await env.tap(user, entry, EditEntry("description").data)
    assert "at most 500 characters" in (prompt.text or "")
    entry = await env.say(user, description)
    return await env.tap(user, entry, PublishEntry(True).data)


def leaks(message: StoredMessage, user: int) -> list[str]:
    """Every trace of ``user``'s Telegram identity in a message (text, links, buttons)."""
    found = []
    text = message.text or message.caption or ""
    for needle in (str(user), NAMES[user], "tg://user"):
        if needle in text:
            found.append(f"{needle!r} in text")
    for entity in message.entities:
        if "tg://user" in str(entity.get("url", "")) or entity.get("type") == "text_mention":
            found.append(f"mention {entity}")
    for button in message.buttons():
        if NAMES[user] in str(button.get("text")) or str(user) in str(button.get("url", "")):
            found.append(f"button {button}")
    return found


def mentions(message: StoredMessage) -> list[str]:
    return [str(e.get("url")) for e in message.entities if "tg://user" in str(e.get("url", ""))]


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    people = {user: (name, "en") for user, name in NAMES.items()}
    group = (GROUP, "Consortium builders", (ANA,), (BOGDAN,))
    no_coordinators: dict[str, dict[str, list[int]]] = {"telegram": {"admin_ids": []}}
    async with running_env(
        migrated_sqlite_url, people=people, overrides=no_coordinators, groups=[group]
    ) as made:
        yield made


async def test_publish_search_and_introductions_accepted_and_declined(env: Env) -> None:
    # Ana publishes her organisation's entry.
    await env.onboard(ANA, "green", org="Asociația <Verde> & Co", country="RO", org_type="ngo")
    entry = await env.say(ANA, "/directory")
    assert "You have no entry in the partner directory" in (entry.text or "")
    assert "Asociația <Verde> & Co" in (entry.text or "")
    prompt = await env.tap(ANA, entry, EditEntry("description").data)
    assert "Send me a short description" in (prompt.text or "")
    too_long = await env.say(ANA, "x" * 501)
    assert "501 characters" in (too_long.text or "")
    entry = await env.say(ANA, "Green skills for <rural> youth; we lead ESF+ projects.")
    assert "Green skills for <rural> youth" in (entry.text or "")
    roles = await env.tap(ANA, entry, EditEntry("roles").data)
    roles = await env.tap(ANA, roles, ToggleRole("coordinator", True).data)
    assert "✅ coordinator" in str(roles.buttons())
    entry = await env.tap(ANA, roles, EditEntry("-").data)
    languages = await env.tap(ANA, entry, EditEntry("languages").data)
    languages = await env.tap(ANA, languages, ToggleLanguage("fr", True).data)
    assert "✅ French" in str(languages.buttons())
    entry = await env.tap(ANA, languages, EditEntry("-").data)
    assert "Not published" in (entry.text or "")
    entry = await env.tap(ANA, entry, PublishEntry(True).data)
    assert "Published" in (entry.text or "")
    assert "Languages:</b>" not in (entry.text or "")  # HTML was rendered, not shown
    assert "English, French" in (entry.text or "")

    # Groups: a polite refusal, no entry.
    refusal = await env.say(ANA, "/directory", chat=GROUP)
    assert "private chat" in (refusal.text or "")
    refusal = await env.say(BOGDAN, "/partners", chat=GROUP)
    assert "private chat" in (refusal.text or "")

    # Bogdan searches by topic and asks for an introduction.
    await env.onboard(BOGDAN, "green", org="Formación Sur", country="ES", org_type="vet_provider")
    filters = await env.say(BOGDAN, "/partners")
    assert "1 organisation is in the directory" in (filters.text or "")
    results = await env.tap_label(BOGDAN, filters, "Green transition (1)")
    text = results.text or ""
    assert "Asociația <Verde> & Co" in text
    assert "Romania · NGO" in text
    assert "Green skills for <rural> youth" in text
    assert "English, French" in text
    assert "coordinator" in text
    request_button = next(b for b in results.buttons() if "Request an introduction" in b["text"])
    sent = await env.tap(BOGDAN, results, str(request_button["callback_data"]))
    assert "Your introduction request was sent to Asociația <Verde> & Co" in (sent.text or "")
    again = await env.tap(BOGDAN, results, str(request_button["callback_data"]))
    assert "already asked for this introduction" in (again.text or "")

    request = env.sim.last(ANA)
    assert "Introduction request" in (request.text or "")
    assert "Formación Sur" in (request.text or "")
    assert "Spain · Training / VET provider" in (request.text or "")
    assert leaks(request, BOGDAN) == []
    # Before Ana accepts, nothing Bogdan got reveals who she is on Telegram.
    for message in env.bot_messages(BOGDAN):
        assert leaks(message, ANA) == [], message.text

    # Only Ana can answer: a forged press from Bogdan changes nothing.
    accept = next(
        str(b["callback_data"]) for b in request.buttons() if str(b["text"]).endswith("Accept")
    )
    await env.sim.forge_press(BOGDAN, env.sim.last(BOGDAN), accept)
    await env.sim.settle()
    assert "no longer available" in (env.sim.last(BOGDAN).text or "")
    async with env.db.transaction() as session:
        (status,) = (await session.scalars(select(Introduction.status))).all()
    assert status == "pending"

    before = len(env.bot_messages(BOGDAN))
    await env.tap(ANA, request, accept)
    answered = env.reread(request)
    assert "Introduction accepted" in (answered.text or "")
    assert mentions(answered) == [f"tg://user?id={BOGDAN}"]
    contact = env.sim.last(BOGDAN)
    assert "Asociația <Verde> & Co accepted your introduction request" in (contact.text or "")
    assert mentions(contact) == [f"tg://user?id={ANA}"]
    assert "write to each other" in (contact.text or "")
    # Answering twice changes nothing and tells nobody again.
    await env.sim.forge_press(ANA, answered, AnswerIntroduction(_intro_id(accept), False).data)
    await env.sim.settle()
    assert "Introduction accepted" in (env.reread(request).text or "")
    assert len(env.bot_messages(BOGDAN)) == before + 1

    # A second pair: Dan asks Lucía, who declines.
    await env.onboard(LUCIA, "youth", org="Fundación Lucero", country="ES", org_type="ngo")
    await publish(env, LUCIA, "Youth work in Andalusia.")
    await env.onboard(DAN, "youth", org="Dan Consulting", country="RO", org_type="sme")
    results = await env.tap_label(DAN, await env.say(DAN, "/partners"), "Youth (1)")
    assert "Fundación Lucero" in (results.text or "")
    assert "Asociația" not in (results.text or "")  # not her topic
    await env.tap_label(DAN, results, "Request an introduction")
    request = env.sim.last(LUCIA)
    decline = next(
        str(b["callback_data"]) for b in request.buttons() if str(b["text"]).endswith("Decline")
    )
    await env.tap(LUCIA, request, decline)
    assert "Introduction declined" in (env.reread(request).text or "")
    assert mentions(env.reread(request)) == []
    told = env.sim.last(DAN)
    assert "was declined" in (told.text or "")
    for message in env.bot_messages(DAN):
        assert leaks(message, LUCIA) == [], message.text

    # Dan's own search never lists his own entry; Lucía's lists Ana's but not her own.
    listing = await env.tap_label(LUCIA, await env.say(LUCIA, "/partners"), "All organisations")
    assert "Asociația <Verde> & Co" in (listing.text or "")
    assert "Fundación Lucero" not in (listing.text or "")


def _intro_id(data: str) -> int:
    return int(data.split(":")[1])


async def test_partners_for_a_call_from_the_digest(env: Env) -> None:
    async with env.db.transaction() as session:
        call = OpportunityRow(
            uid="eu:green-skills", source_id="eu", url="https://ec.europa.eu/green-skills",
            title="Green skills alliances 2027", summary="", language="en", status="open",
            deadlines=[(NOW + timedelta(days=40)).isoformat()],
            next_deadline=NOW + timedelta(days=40), deadline_model="single", themes=["green"],
            eligible_countries=["RO", "ES"], first_seen_at=NOW, last_seen_at=NOW,
            content_hash="x",
        )  # fmt: skip
        session.add(call)
        await session.flush()
        call_id = call.id
    await env.onboard(ANA, "green", org="Verde Romania", country="RO", org_type="ngo")
    await publish(env, ANA, "Green skills training.")
    await env.onboard(
        LUCIA, "green", org="Grün Berlin", country="DE", org_type="ngo"
    )  # not an eligible country
    await publish(env, LUCIA, "Climate education.")
    await env.onboard(BOGDAN, "green", org="Formación Sur", country="ES", org_type="vet_provider")
    await publish(env, BOGDAN, "VET for green jobs.")

    digest = await env.say(BOGDAN, "/digest")
    assert "Green skills alliances 2027" in (digest.text or "")
    labels = [str(b["text"]) for b in digest.buttons()]
    assert labels == ["⭐ 1", "📝 1", "🤝 1"]
    partners = await env.tap_label(BOGDAN, digest, "🤝 1")
    assert partners.message_id != digest.message_id  # the digest stays
    text = partners.text or ""
    assert "Looking for partners for “Green skills alliances 2027”" in text
    assert "Verde Romania" in text
    assert "Grün Berlin" not in text
    assert "Formación Sur" not in text  # his own entry
    for message in env.bot_messages(BOGDAN):
        assert leaks(message, ANA) == []

    # Following the call keeps the 🤝 button.
    await env.sim.press(BOGDAN, digest, Follow(call_id, True).data)
    await env.sim.settle()
    assert [str(b["text"]) for b in env.reread(digest).buttons()] == ["✅ 1", "📝 1", "🤝 1"]

    await env.tap_label(BOGDAN, partners, "Request an introduction")
    request = env.sim.last(ANA)
    assert "about the call “Green skills alliances 2027”" in (request.text or "")
    async with env.db.transaction() as session:
        (introduction,) = (await session.scalars(select(Introduction))).all()
    assert introduction.opportunity_id == call_id

    # A member who blocked the bot cannot be reached: the requester is told, nothing leaks.
    env.world.chat(ANA).blocked = True
    await env.say(LUCIA, "/digest")  # she is not eligible: the call is not in her digest
    results = await env.tap_label(LUCIA, await env.say(LUCIA, "/partners"), "All organisations")
    assert "Verde Romania" in (results.text or "")
    await env.sim.press_text(LUCIA, results, "Request an introduction (2)")  # Verde Romania
    await env.sim.settle()
    assert "cannot be reached" in (env.sim.last(LUCIA).text or "")
    results = await env.tap_label(LUCIA, await env.say(LUCIA, "/partners"), "All organisations")
    assert "Verde Romania" not in (results.text or "")
    async with env.db.transaction() as session:
        statuses = sorted((await session.scalars(select(Introduction.status))).all())
    assert statuses == ["declined", "pending"]


async def test_the_answered_prompt_loses_its_cancel_button(env: Env) -> None:
    """The description prompt's Cancel goes once the description is saved (issue 12)."""
    await env.onboard(ANA, "green", org="Asociația Verde", country="RO", org_type="ngo")
    entry = await env.say(ANA, "/directory")
    prompt = await env.tap(ANA, entry, EditEntry("description").data)
    assert "Cancel" in str(prompt.buttons())
    await env.say(ANA, "x" * 501)  # refused: the question is still open
    assert "Cancel" in str(env.reread(prompt).buttons())
    await env.say(ANA, "Green skills for rural youth.")
    assert env.reread(prompt).reply_markup is None
    assert "Send me a short description" in (env.reread(prompt).text or "")  # text kept


async def test_partners_with_only_the_own_entry_say_so(env: Env) -> None:
    """/partners when the member's own entry is the only one: not "the directory is empty"."""
    await env.onboard(ANA, "green", org="Asociația Verde", country="RO", org_type="ngo")
    alone = await env.say(ANA, "/partners")
    assert "No organisation is in the partner directory yet" in (alone.text or "")
    await publish(env, ANA, "Green skills for rural youth.")
    alone = await env.say(ANA, "/partners")
    text = alone.text or ""
    assert "Only your own entry is published so far" in text
    assert "No organisation is in the partner directory yet" not in text


async def test_buttons_already_in_chats_keep_working(env: Env) -> None:
    """Data of the former ``Action.DIR_*`` buttons still acts as it did (the typed buttons
    leave out trailing optional fields, exactly as the former data did)."""
    await env.onboard(ANA, "green", org="Verde Romania", country="RO", org_type="ngo")
    await publish(env, ANA, "Green skills training.")
    await env.onboard(BOGDAN, "green", org="Formación Sur", country="ES", org_type="vet_provider")
    results = await env.tap_label(BOGDAN, await env.say(BOGDAN, "/partners"), "All organisations")
    request = next(b for b in results.buttons() if "Request an introduction" in b["text"])
    ana = _intro_id(str(request["callback_data"]))  # her entry's member row id
    assert request["callback_data"] == f"1di:{ana}"  # no call: left out, as before

    # "1ds" (Find partners, Other filters): the filter screen.
    await env.sim.forge_press(BOGDAN, results, "1ds")
    await env.sim.settle()
    assert "1 organisation is in the directory" in (env.reread(results).text or "")
    # "1di:<entry>" (an introduction without a call).
    await env.sim.forge_press(BOGDAN, results, f"1di:{ana}")
    await env.sim.settle()
    assert "Your introduction request was sent to Verde Romania" in (
        env.sim.last(BOGDAN).text or ""
    )
    assert "Introduction request" in (env.sim.last(ANA).text or "")
    # "1dc:<call>" (the digest's 🤝, page 0): a new message about the call.
    before = len(env.bot_messages(BOGDAN))
    await env.sim.forge_press(BOGDAN, results, "1dc:99999")
    await env.sim.settle()
    assert len(env.bot_messages(BOGDAN)) == before + 1
    assert "I no longer know this call" in (env.sim.last(BOGDAN).text or "")


async def test_presses_that_no_longer_fit_change_nothing_and_say_so(env: Env) -> None:
    await env.onboard(ANA, "green", org="Verde Romania", country="RO", org_type="ngo")
    entry = await publish(env, ANA, "Green skills training.")
    # A topic the taxonomy no longer has, and a value without a filter: out of date.
    for data in ("1ds:t:gone:0", "1ds:-:green:0", "1dt:gone:1"):
        before = len(env.bot_messages(ANA))
        await env.sim.forge_press(ANA, entry, data)
        await env.sim.settle()
        assert len(env.bot_messages(ANA)) == before + 1, data  # that message, no apology
        assert "That button is out of date" in (env.sim.last(ANA).text or ""), data
    # Her own entry: a refusal in the feature's words.
    await env.sim.forge_press(ANA, entry, f"1di:{await _member_id(env, ANA)}")
    await env.sim.settle()
    assert "That is your own entry" in (env.sim.last(ANA).text or "")
    # Data that does not decode never reaches the handler (the popup says so).
    await env.sim.forge_press(ANA, entry, "1dr:chief:1")
    await env.sim.settle()
    assert env.world.transcript[-1].kind == "answer"
    assert "no longer valid" in env.world.transcript[-1].text
    assert "Published" in (env.reread(entry).text or "")  # the entry was never touched


async def test_presses_in_a_group_are_refused_politely(env: Env) -> None:
    welcome = await env.say(ANA, "/start", chat=GROUP)
    await env.tap(ANA, welcome, ConsentYes().data)  # the group is a member now
    for data in (PublishEntry(True).data, EditEntry("roles").data, "1ds"):
        before = len(env.bot_messages(GROUP))
        await env.sim.forge_press(ANA, welcome, data)
        await env.sim.settle()
        assert len(env.bot_messages(GROUP)) == before + 1, data
        assert "private chat" in (env.sim.last(GROUP).text or ""), data
    async with env.db.transaction() as session:
        assert (await session.scalars(select(DirectoryEntry))).all() == []


async def _member_id(env: Env, chat_id: int) -> int:
    async with env.db.transaction() as session:
        found = await session.scalar(select(Member.id).where(Member.chat_id == chat_id))
    assert found is not None
    return found
