"""One conversation state per chat, end to end (issue 13): free text answers the question the
bot asked last, whichever feature asked it; an unfinished draft is kept and said to be kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.buttons.directory import EditEntry
from bot.buttons.onboarding import (
    ConsentYes,
    Country,
    InterestsDone,
    Keywords,
    KeywordsDone,
    OrgName,
    OrgType,
    Topic,
)
from bot.buttons.settings import OpenPage, Page
from bot.conversation import Waiting
from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.members.types import Profile
from bot.sandbox.localapi import LocalBotApi, StoredMessage
from bot.sandbox.localrun import LocalBot
from bot.services.conversations import Conversations
from bot.services.members import Members
from bot.services.workshops import Workshops
from bot.views.workshops import NOTICES
from bot.workshops.types import WorkshopInfo
from tests.harness import ANA, COORDINATOR, NOW, Clock, Env, running_env, settings_for

TITLE = "Writing a winning ESF+ application"


PEOPLE = {COORDINATOR: ("Carmen", "en"), ANA: ("Ana", "en")}


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"  # migrated as `run` migrates
    async with running_env(url, people=PEOPLE, ticks=True) as made:
        yield made


async def onboard(env: Env, user: int, org: str = "Asociația Pro Incluziune") -> None:
    welcome = await env.say(user, "/start")
    await env.tap(user, welcome, ConsentYes().data)
    message = await env.say(user, org)
    message = await env.tap(user, message, Country("RO").data)
    for data in (
        OrgType("ngo").data,
        Topic("vet", True).data,
        InterestsDone("t").data,
        InterestsDone("p").data,
        KeywordsDone().data,
    ):
        message = await env.tap(user, message, data)


async def member_of(env: Env, chat_id: int) -> Profile:
    profile = await Members(env.db, env.settings).profile(chat_id)
    assert profile is not None
    return profile


async def draft_of(env: Env) -> WorkshopInfo:
    catalogs = Catalogs(list(env.settings.i18n.languages), env.settings.i18n.default_language)
    draft = await Workshops(env.db, env.settings, catalogs, NOTICES).authoring.draft_for(
        COORDINATOR
    )
    assert draft is not None
    return draft


async def open_draft(env: Env) -> WorkshopInfo:
    """A coordinator (also a member) starts a workshop; the bot asks for its title."""
    await onboard(env, COORDINATOR)
    prompt = await env.say(COORDINATOR, "/newworkshop")
    assert "title" in (prompt.text or "")
    return await draft_of(env)


def kept_note(draft_id: int) -> str:
    return f"(Your unfinished workshop draft #{draft_id} is kept; /newworkshop resumes it.)"


async def test_a_directory_description_typed_during_a_workshop_draft_reaches_the_directory(
    env: Env,
) -> None:
    """Reproduced: the description became the workshop's title and the entry stayed empty."""
    draft = await open_draft(env)
    entry = await env.say(COORDINATOR, "/directory")
    asked = await env.tap(COORDINATOR, entry, EditEntry("description").data)
    assert "Send me a short description" in (asked.text or "")

    saved = await env.say(COORDINATOR, "We train adult educators in rural Moldova.")

    assert "We train adult educators in rural Moldova." in (saved.text or "")
    assert "We train adult educators" in ((await env.say(COORDINATOR, "/directory")).text or "")
    assert (await draft_of(env)).title == ""  # the draft did not take the text
    # The prompt said the draft is kept; /newworkshop takes it up at its title.
    assert kept_note(draft.id) in (asked.text or "")
    resumed = await env.say(COORDINATOR, "/newworkshop")
    assert "title" in (resumed.text or "")
    assert "kept" not in (resumed.text or "")
    await env.say(COORDINATOR, TITLE)
    after = await draft_of(env)
    assert (after.id, after.title, after.draft_step) == (draft.id, TITLE, "description")


async def test_an_organisation_name_typed_during_a_workshop_draft_renames_the_organisation(
    env: Env,
) -> None:
    draft = await open_draft(env)
    profile = await env.say(COORDINATOR, "/profile")
    asked = await env.tap(COORDINATOR, profile, OrgName().data)

    await env.say(COORDINATOR, "Centrul Educațional Nord")

    member = await member_of(env, COORDINATOR)
    assert member.org_name == "Centrul Educațional Nord"
    assert (await draft_of(env)).title == ""
    assert kept_note(draft.id) in (asked.text or "")


async def test_keywords_typed_during_a_workshop_draft_become_keywords(env: Env) -> None:
    draft = await open_draft(env)
    profile = await env.say(COORDINATOR, "/profile")
    words = await env.tap(COORDINATOR, profile, OpenPage(Page.KEYWORDS).data)
    asked = await env.tap(COORDINATOR, words, Keywords("i").data)

    await env.say(COORDINATOR, "apprenticeship, adult learning")

    member = await member_of(env, COORDINATOR)
    assert member.include == ("adult learning", "apprenticeship")
    assert (await draft_of(env)).title == ""
    assert kept_note(draft.id) in (asked.text or "")


async def test_a_broadcast_leaves_the_workshop_draft_where_it_was(env: Env) -> None:
    """A broadcast no longer moves the workshop draft to its preview; each keeps its own step."""
    draft = await open_draft(env)
    await env.say(COORDINATOR, TITLE)
    ask_text = await env.say(COORDINATOR, "/broadcast")
    assert kept_note(draft.id) in (ask_text.text or "")
    await env.say(COORDINATOR, "Applications open on Monday.")
    assert (await draft_of(env)).draft_step == "description"
    states = Conversations(env.db)
    waiting = await states.current(COORDINATOR)
    assert waiting is not None
    assert waiting.kind == "broadcast"
    assert waiting.step == "link"
    # Back to the workshop: the broadcast is set aside (and said so), the draft goes on.
    resumed = await env.say(COORDINATOR, "/newworkshop")
    assert f"(Your unfinished broadcast #{waiting.draft_id} is set aside" in (resumed.text or "")
    await env.say(COORDINATOR, "Budget, partners and impact, hands on.")
    assert (await draft_of(env)).description == "Budget, partners and impact, hands on."
    assert await states.current(COORDINATOR) == Waiting("workshop_draft", f"{draft.id}:start")


async def test_the_waiting_state_survives_a_restart(tmp_path: Path) -> None:
    """The state is a row: a bot started again reads the next message as the same answer."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    clock = Clock(NOW)
    async with LocalBotApi() as api:
        api.world.add_user(COORDINATOR, "Carmen", language_code="en")
        settings = settings_for(api, url)
        db = Database.from_url(url)
        try:
            async with LocalBot(api, settings, clock=clock, first_tick=0.05):
                env = Env(api, settings, db, clock, url)
                await onboard(env, COORDINATOR)
                await env.say(COORDINATOR, "/newworkshop")
                entry = await env.say(COORDINATOR, "/directory")
                await env.tap(COORDINATOR, entry, EditEntry("description").data)
            async with LocalBot(api, settings, clock=clock, first_tick=0.05):
                saved: StoredMessage = await env.say(COORDINATOR, "Rural adult education.")
                assert "Rural adult education." in (saved.text or "")
                assert (await draft_of(env)).title == ""
        finally:
            await db.dispose()
