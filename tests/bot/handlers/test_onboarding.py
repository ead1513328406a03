"""Onboarding and preferences, end to end: real bot, local Bot API server, real SQLite file."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.buttons.onboarding import (
    ConsentNo,
    ConsentYes,
    Country,
    CountryPage,
    CountrySearch,
    CountryZone,
    InterestsDone,
    Keywords,
    KeywordsClear,
    KeywordsDone,
    Language,
    OrgName,
    OrgType,
    Programme,
    SelectAll,
    SelectNone,
    Topic,
)
from bot.buttons.settings import (
    AlsoThisWeek,
    EmptyDigest,
    ForgetConfirm,
    Hour,
    OpenPage,
    Page,
    Pause,
    Quiet,
    TimeZone,
    Weekday,
)
from bot.commands import MEMBER_COMMANDS
from bot.core import dates
from bot.core.i18n import Catalogs
from bot.db.base import Base
from bot.db.models import Member, Organisation
from tests.bot.handlers.conftest import ANA, BOGDAN, LUCIA, Env, data_of

CATALOGS = Catalogs(["en", "ro", "es"], "en")
USERS = {"ro": ANA, "en": BOGDAN, "es": LUCIA}


def tr(language: str, text: str, **params: object) -> str:
    return CATALOGS.get(language).gettext(text, **params)


async def onboard(env: Env, user: int, *, org: str = "Asociația Pro Incluziune") -> None:
    """The whole onboarding with a few choices."""
    welcome = await env.say(user, "/start")
    await env.tap(user, welcome, ConsentYes().data)
    country = await env.say(user, org)
    org_type = await env.tap(user, country, Country("RO").data)
    topics = await env.tap(user, org_type, OrgType("ngo").data)
    topics = await env.tap(user, topics, Topic("vet", True).data)
    topics = await env.tap(user, topics, Topic("green", True).data)
    programmes = await env.tap(user, topics, InterestsDone("t").data)
    programmes = await env.tap(user, programmes, Programme("esf-plus", True).data)
    keywords = await env.tap(user, programmes, InterestsDone("p").data)
    await env.tap(user, keywords, KeywordsDone().data)


@pytest.mark.parametrize("language", ["en", "ro", "es"])
async def test_whole_onboarding_in_each_language(env: Env, language: str) -> None:
    user = USERS[language]
    started = time.monotonic()
    welcome = await env.say(user, "/start")
    assert tr(language, "<b>Privacy notice</b> (version %(version)s)", version="1").split("<")[
        0
    ] in (welcome.text or "")
    assert data_of(welcome)[:2] == [ConsentYes().data, ConsentNo().data]
    # Before consent only the chat id and language exist.
    before = await env.profile(user)
    assert before is not None
    assert (before.consented, before.language) == (False, language)

    step1 = await env.tap(user, welcome, ConsentYes().data)
    assert tr(language, "Step %(n)s of %(total)s", n=1, total=6) in (step1.text or "")
    assert env.world.message(welcome.chat_id, welcome.message_id).reply_markup is None  # type: ignore[union-attr]
    country = await env.say(user, 'Asociația <b>&" Pro')
    assert tr(language, "Step %(n)s of %(total)s", n=2, total=6) in (country.text or "")
    zone = await env.tap(user, country, Country("ES").data)
    # Spain has two local times: the peninsula and the Canaries (issue 12).
    assert data_of(zone)[:2] == [
        CountryZone("ES", 0).data,
        CountryZone("ES", 1).data,
    ]
    assert tr(language, "Step %(n)s of %(total)s", n=2, total=6) in (zone.text or "")
    org_type = await env.tap(user, zone, CountryZone("ES", 1).data)
    topics = await env.tap(user, org_type, OrgType("vet_provider").data)
    assert "0" in (topics.text or "")
    for topic in ("digital", "youth"):
        topics = await env.tap(user, topics, Topic(topic, True).data)
    assert sum("✅" in str(b["text"]) for b in topics.buttons()) == 2
    programmes = await env.tap(user, topics, InterestsDone("t").data)
    programmes = await env.tap(user, programmes, SelectAll("p").data)
    assert sum("✅" in str(b["text"]) for b in programmes.buttons()) == 8
    keywords = await env.tap(user, programmes, InterestsDone("p").data)
    keywords = await env.tap(user, keywords, Keywords("i").data)
    keywords = await env.say(user, "robotics, rural schools")
    done = await env.tap(user, keywords, KeywordsDone().data)
    assert time.monotonic() - started < 60

    text = done.text or ""
    assert (
        tr(language, "<b>All set, welcome to the alliance!</b>")
        .replace("<b>", "")
        .replace("</b>", "")
        in text
    )
    # The next digest, in the member's language's own date and time patterns (CLDR), in the
    # zone chosen for the country (the Canaries), not the default (issue 12).
    next_digest = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 09:00 in the Canaries
    assert dates.moment(next_digest, "Atlantic/Canary", language, weekday=True) in text
    # The zone by its city in the member's language, never a code (issue 12).
    assert dates.zone_name(CATALOGS.get(language), "Atlantic/Canary") in text
    assert "Atlantic/Canary" not in text
    assert 'Asociația <b>&" Pro' in text  # shown literally, never as markup
    profile = await env.profile(user)
    assert profile is not None
    assert profile.onboarded
    assert (profile.country, profile.org_type) == ("ES", "vet_provider")
    assert profile.timezone == "Atlantic/Canary"
    assert profile.topics == {"digital", "youth"}
    assert len(profile.programmes) == 8
    assert profile.include == ("robotics", "rural schools")


async def test_no_thanks_leaves_nothing_behind(env: Env) -> None:
    welcome = await env.say(ANA, "/start")
    goodbye = await env.tap(ANA, welcome, ConsentNo().data)
    assert "/start" in (goodbye.text or "")
    async with env.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            assert (await session.execute(select(table))).all() == [], table.name


async def test_language_can_change_before_consent(env: Env) -> None:
    welcome = await env.say(BOGDAN, "/start")
    spanish = await env.tap(BOGDAN, welcome, Language("es").data)
    assert (
        tr("es", "No thanks") in [b["text"] for b in spanish.buttons()]
        or tr("es", "No thanks") == "No thanks"
    )
    profile = await env.profile(BOGDAN)
    assert profile is not None
    assert profile.language == "es"


async def test_known_member_start_goes_to_settings(env: Env) -> None:
    await onboard(env, ANA)
    menu = await env.say(ANA, "/start")
    assert OpenPage(Page.LANGUAGE).data in data_of(menu)
    assert ConsentYes().data not in data_of(menu)


async def test_every_setting_is_editable(env: Env) -> None:
    await onboard(env, BOGDAN)
    menu = await env.say(BOGDAN, "/settings")
    page = await env.tap(BOGDAN, menu, OpenPage(Page.WEEKDAY).data)
    menu = await env.tap(BOGDAN, page, Weekday(4).data)
    page = await env.tap(BOGDAN, menu, OpenPage(Page.HOUR).data)
    menu = await env.tap(BOGDAN, page, Hour(17).data)
    page = await env.tap(BOGDAN, menu, OpenPage(Page.TIMEZONE).data)
    menu = await env.tap(BOGDAN, page, TimeZone(4).data)  # Europe/Madrid
    page = await env.tap(BOGDAN, menu, OpenPage(Page.QUIET).data)
    menu = await env.tap(BOGDAN, page, Quiet("2207").data)
    menu = await env.tap(BOGDAN, menu, EmptyDigest(False).data)
    assert AlsoThisWeek(False).data in data_of(menu)
    menu = await env.tap(BOGDAN, menu, AlsoThisWeek(False).data)
    assert AlsoThisWeek(True).data in data_of(menu)
    assert tr("en", "off (calls only)") in (menu.text or "")
    menu = await env.tap(BOGDAN, menu, Pause(True).data)
    profile = await env.profile(BOGDAN)
    assert profile is not None
    assert (profile.digest_weekday, profile.digest_minute, profile.timezone) == (
        4,
        17 * 60,
        "Europe/Madrid",
    )
    assert profile.quiet is not None
    assert (profile.quiet.start_minute, profile.quiet.end_minute) == (22 * 60, 7 * 60)
    assert profile.paused
    assert not profile.empty_digest_note
    assert not profile.also_this_week
    menu = await env.tap(BOGDAN, menu, Pause(False).data)
    assert "17:00" in (menu.text or "")
    page = await env.tap(BOGDAN, menu, OpenPage(Page.LANGUAGE).data)
    menu = await env.tap(BOGDAN, page, Language("ro").data)
    profile = await env.profile(BOGDAN)
    assert profile is not None
    assert not profile.paused
    assert profile.language == "ro"
    assert tr("ro", "<b>Settings</b>").replace("<b>", "").replace("</b>", "") in (menu.text or "")


async def test_profile_edits_name_country_search_and_type(env: Env) -> None:
    await onboard(env, ANA)
    view = await env.say(ANA, "/profile")
    prompt = await env.tap(ANA, view, OrgName().data)
    assert prompt.message_id == view.message_id
    too_long = await env.say(ANA, "x" * 130)
    assert "120" in (too_long.text or "")
    view = await env.say(ANA, "  Fundația   Nouă ")
    assert "Fundația Nouă" in (view.text or "")
    countries = await env.tap(ANA, view, OpenPage(Page.COUNTRY).data)
    listing = await env.tap(ANA, countries, CountryPage(0).data)
    listing = await env.tap(ANA, listing, CountryPage(1).data)
    assert CountryPage(0).data in data_of(listing)
    countries = await env.tap(ANA, listing, OpenPage(Page.COUNTRY).data)
    await env.tap(ANA, countries, CountrySearch().data)
    nothing = await env.say(ANA, "zzzz")
    assert CountrySearch().data in data_of(nothing)
    results = await env.say(ANA, "mold")
    assert Country("MD").data in data_of(results)
    view = await env.tap(ANA, results, Country("MD").data)
    types = await env.tap(ANA, view, OpenPage(Page.ORG_TYPE).data)
    await env.tap(ANA, types, OrgType("sme").data)
    profile = await env.profile(ANA)
    assert profile is not None
    assert (profile.org_name, profile.country, profile.org_type) == ("Fundația Nouă", "MD", "sme")


async def test_topics_toggle_all_none_and_keywords(env: Env) -> None:
    await onboard(env, ANA)
    topics = await env.say(ANA, "/topics")
    topics = await env.tap(ANA, topics, SelectAll("t").data)
    assert sum("✅" in str(b["text"]) for b in topics.buttons()) == 9
    # A double tap (the same data twice) changes nothing the second time.
    topics = await env.tap(ANA, topics, Topic("vet", False).data)
    stale = env.world.message(topics.chat_id, topics.message_id)
    assert stale is not None
    await env.sim.forge_press(ANA, stale, Topic("vet", False).data)
    await env.sim.settle()
    topics = await env.tap(ANA, env.sim.last(ANA), SelectNone("t").data)
    profile = await env.profile(ANA)
    assert profile is not None
    assert profile.topics == frozenset()
    keywords = await env.tap(ANA, topics, InterestsDone("t").data)  # onboarded: back to profile
    page = await env.tap(ANA, keywords, OpenPage(Page.KEYWORDS).data)
    page = await env.tap(ANA, page, Keywords("e").data)
    refused = await env.say(ANA, "tenders, (a|b)*")
    assert "(a|b)*" in (refused.text or "")
    page = await env.say(ANA, "tenders, procurement")
    profile = await env.profile(ANA)
    assert profile is not None
    assert profile.exclude == ("procurement", "tenders")
    page = await env.tap(ANA, page, KeywordsClear("e").data)
    profile = await env.profile(ANA)
    assert profile is not None
    assert profile.exclude == ()


async def test_mydata_sends_every_personal_value_as_json(env: Env) -> None:
    await onboard(env, ANA, org='ONG <i>"Speranța"</i> & co')
    await env.say(ANA, "/mydata")
    document = env.world.messages_in(ANA, from_bot=True)[-1].document
    assert document is not None
    assert document["file_name"] == "inexa-my-data.json"
    content = json.loads(env.world.files[document["file_id"]].content)
    data = content["data"]
    assert data["member"]["chat_id"] == ANA
    assert data["member"]["org_name"] == 'ONG <i>"Speranța"</i> & co'
    assert data["member"]["country"] == "RO"
    assert data["member"]["consent_version"] == "1"
    assert {(i["kind"], i["item_id"]) for i in data["member_interests"]} == {
        ("topic", "vet"),
        ("topic", "green"),
        ("programme", "esf-plus"),
    }
    # Nothing about another member.
    await onboard(env, BOGDAN, org="Other org")
    assert "Other org" not in json.dumps(content)


async def test_mydata_says_what_the_bot_waits_for(env: Env) -> None:
    await onboard(env, ANA)
    page = await env.say(ANA, "/profile")
    await env.tap(ANA, page, OrgName().data)  # the bot now waits for the organisation name
    await env.say(ANA, "/mydata")
    document = env.world.messages_in(ANA, from_bot=True)[-1].document
    assert document is not None
    content = json.loads(env.world.files[document["file_id"]].content)
    assert content["data"]["conversations"] == [{"kind": "org_name", "ref": None}]


async def test_forget_erases_every_trace(env: Env) -> None:
    await onboard(env, ANA, org="Erase Me Association")
    await onboard(env, BOGDAN, org="Stays")
    confirm = await env.say(ANA, "/forget")
    await env.tap(ANA, confirm, ForgetConfirm().data)
    async with env.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                values = list(row._mapping.values())
                assert ANA not in values, table.name
                if table.name != "organisations":  # an organisation is not personal data
                    assert "Erase Me Association" not in values, table.name
    # The organisation stays (for the reports), with no one in it.
    async with env.db.transaction() as session:
        kept = (
            await session.execute(
                select(Organisation).where(Organisation.name == "Erase Me Association")
            )
        ).scalar_one()
        people = await session.scalar(
            select(func.count()).select_from(Member).where(Member.organisation_id == kept.id)
        )
    assert people == 0
    assert await env.profile(ANA) is None
    assert (await env.profile(BOGDAN)) is not None
    again = await env.say(ANA, "/forget")
    assert ForgetConfirm().data not in data_of(again)


async def test_forged_and_malformed_button_data_changes_nothing(env: Env) -> None:
    await onboard(env, ANA)
    before = await env.profile(ANA)
    menu = await env.say(ANA, "/settings")
    for forged in ("garbage", "0t:vet:1", "1t:martian:1", "1w:9", "1z:99", "1c:XX", "1s:nowhere"):
        await env.sim.forge_press(ANA, menu, forged)
        await env.sim.settle()
    assert await env.profile(ANA) == before
    answers = [e.text for e in env.world.transcript if e.kind == "answer"]
    assert len(answers) >= 2  # invalid data gets a polite popup
    assert all("/start" in text for text in answers)


async def test_html_in_names_breaks_nothing(env: Env) -> None:
    env.world.add_user(4000, '<b>&"', language_code="en")
    welcome = await env.say(4000, "/start")
    assert '<b>&"' in (welcome.text or "")
    await env.tap(4000, welcome, ConsentYes().data)
    shown = await env.say(4000, "<script>&amp;</script>")
    assert shown.text is not None
    view = await env.say(4000, "/profile")
    assert "<script>&amp;</script>" in (view.text or "")


async def test_blocking_pauses_and_start_resumes(env: Env) -> None:
    await onboard(env, ANA)
    await env.sim.block(ANA)
    await env.sim.settle()
    blocked = await env.profile(ANA)
    assert blocked is not None
    assert blocked.blocked
    env.world.chat(ANA).blocked = False
    menu = await env.say(ANA, "/start")
    back = await env.profile(ANA)
    assert back is not None
    assert not back.blocked
    assert back.topics == {"vet", "green"}
    assert OpenPage(Page.LANGUAGE).data in data_of(menu)


async def test_unknown_commands_and_stray_text_get_an_answer(env: Env) -> None:
    unknown = await env.say(ANA, "/fly")
    assert "/help" in (unknown.text or "")
    stray = await env.say(ANA, "hello?")
    assert "/help" in (stray.text or "")
    before_consent = await env.say(BOGDAN, "/topics")
    assert "/start" in (before_consent.text or "")


async def test_commands_are_registered_in_every_language(env: Env) -> None:
    for language in ("", "en", "ro", "es"):
        commands = env.world.commands[("default", language)]
        names = [c["command"] for c in commands]
        # The menu as declared, in its order: first the way in, last the privacy and help ones.
        assert names == [c.name for c in MEMBER_COMMANDS]
        assert names[:3] == ["start", "digest", "following"]
        assert names[-3:] == ["mydata", "forget", "help"]
        assert {"workshops", "calendar", "directory", "topics", "settings"} <= set(names)
    ro = {c["command"]: c["description"] for c in env.world.commands[("default", "ro")]}
    assert ro["help"] == tr("ro", "What this bot does and how to use it")


async def test_group_admin_subscribes_and_members_cannot_change_it(env: Env) -> None:
    group = -100500
    env.world.add_group(group, "Alianța RO", admins=(ANA,), members=(BOGDAN,))
    await env.sim.add_bot_to_group(group, ANA)
    await env.sim.settle()
    assert "/start" in (env.sim.last(group).text or "")
    refused = await env.say(BOGDAN, "/start@inexa_test_bot", chat=group)
    assert refused.text == tr(
        "en", "Only this group's admins can change its subscription and settings."
    )
    welcome = await env.say(ANA, "/start@inexa_test_bot", chat=group)
    assert ConsentYes().data in data_of(welcome)
    # A non-admin's press is refused and changes nothing.
    await env.sim.press(BOGDAN, welcome, ConsentYes().data)
    await env.sim.settle()
    assert not (await env.profile(group)).consented  # type: ignore[union-attr]
    await env.tap(ANA, welcome, ConsentYes().data)
    step = await env.say(ANA, "Alianța RO", chat=group)
    step = await env.tap(ANA, step, Country("RO").data)
    step = await env.tap(ANA, step, OrgType(None).data)
    step = await env.tap(ANA, step, Topic("youth", True).data)
    await env.sim.press(BOGDAN, step, SelectAll("t").data)
    await env.sim.settle()
    profile = await env.profile(group)
    assert profile is not None
    assert profile.chat_type == "group"
    assert profile.topics == {"youth"}
    assert profile.org_name == "Alianța RO"
    popups = [e.text for e in env.world.transcript if e.kind == "answer"]
    # The group speaks the language of the admin who set it up.
    assert tr("ro", "Only this group's admins can change its subscription and settings.") in popups


async def test_a_country_with_one_zone_sets_it_and_a_new_country_offers_its_own(env: Env) -> None:
    """A member in France gets Europe/Paris, not the default Europe/Bucharest; moving the
    organisation to Spain later offers Spain's zones (issue 12)."""
    welcome = await env.say(BOGDAN, "/start")
    await env.tap(BOGDAN, welcome, ConsentYes().data)
    country = await env.say(BOGDAN, "Formation Plus")
    org_type = await env.tap(BOGDAN, country, Country("FR").data)
    assert OrgType("ngo").data in data_of(org_type)  # no question: one zone
    topics = await env.tap(BOGDAN, org_type, OrgType("ngo").data)
    programmes = await env.tap(BOGDAN, topics, InterestsDone("t").data)
    keywords = await env.tap(BOGDAN, programmes, InterestsDone("p").data)
    done = await env.tap(BOGDAN, keywords, KeywordsDone().data)
    assert "(Paris time)" in (done.text or "")
    assert "Europe/Bucharest" not in (done.text or "")

    view = await env.say(BOGDAN, "/profile")
    countries = await env.tap(BOGDAN, view, OpenPage(Page.COUNTRY).data)
    offer = await env.tap(BOGDAN, countries, Country("ES").data)
    assert "Now: Paris time" in (offer.text or "")
    labels = [str(b["text"]) for b in offer.buttons()]
    assert labels[:2] == ["Madrid · UTC+1", "Canaries · UTC+0"]
    assert any(label.startswith("Keep Paris · UTC+1") for label in labels)
    view = await env.tap(BOGDAN, offer, CountryZone("ES", 0).data)
    profile = await env.profile(BOGDAN)
    assert profile is not None
    assert (profile.country, profile.timezone) == ("ES", "Europe/Madrid")
    assert "Madrid time" in (view.text or "")
    # Keeping the zone, and a stale press for another country, change nothing.
    countries = await env.tap(BOGDAN, view, OpenPage(Page.COUNTRY).data)
    offer = await env.tap(BOGDAN, countries, Country("PT").data)
    await env.tap(BOGDAN, offer, CountryZone("PT", None).data)
    await env.sim.forge_press(BOGDAN, offer, CountryZone("ES", 1).data)
    await env.sim.settle()
    profile = await env.profile(BOGDAN)
    assert profile is not None
    assert (profile.country, profile.timezone) == ("PT", "Europe/Madrid")
