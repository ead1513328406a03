"""Presses of the onboarding wizard, and of /topics and /profile, which reuse its steps.

Presses are single-step: the data says the target state (``Topic("green", True)`` selects
"green"), so a double tap or a replayed press changes nothing the second time.
"""

from __future__ import annotations

from typing import Any, Literal

from bot.buttons.onboarding import (
    ConsentNo,
    ConsentYes,
    Country,
    CountryPage,
    CountrySearch,
    CountryZone,
    InterestList,
    InterestsDone,
    Keywords,
    KeywordsClear,
    KeywordsDone,
    Language,
    OrgName,
    OrgNameSkip,
    OrgType,
    Programme,
    SelectAll,
    SelectNone,
    Topic,
)
from bot.core import countries
from bot.core.errors import Stale
from bot.core.orgtypes import ORG_TYPES
from bot.handlers.common import ask, ask_member, keep_text_drop_buttons, next_digest, show
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.settings import redraw_main
from bot.members.types import Profile
from bot.views import onboarding as views
from bot.views.common import Screen

ROUTES = Routes()

_INTERESTS: dict[InterestList, Literal["topic", "programme"]] = {"t": "topic", "p": "programme"}
_KEYWORDS: dict[Literal["i", "e"], Literal["include", "exclude"]] = {
    "i": "include",
    "e": "exclude",
}


async def _profile_or_next(press: Press[Any], profile: Profile, next_screen: Screen) -> None:
    """During onboarding go to the next step; afterwards show the profile."""
    rt = press.rt
    if profile.onboarded:
        next_screen = views.profile_view(
            press.tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
        )
    await show(press.update, press.context, next_screen)


@ROUTES.on(ConsentYes, guard=Guard.CHAT)
async def consent_yes(press: Press[ConsentYes]) -> None:
    """Record consent, keep the notice in the chat, start the profile steps."""
    rt = press.rt
    profile = await rt.members.consent(press.member.chat_id, now=rt.clock())
    profile = await rt.members.await_input(profile.chat_id, "org_name")
    if profile.onboarded:
        await redraw_main(press, profile)
        return
    # Keep the privacy notice readable in the chat: drop its buttons, ask the next step below.
    await keep_text_drop_buttons(press.update)
    await ask(press.update, press.context, views.ask_org_name(press.tr, profile), new=True)


@ROUTES.on(ConsentNo, guard=Guard.CHAT)
async def consent_no(press: Press[ConsentNo]) -> None:
    """Erase the chat entirely: "No thanks" leaves nothing behind."""
    profile = press.member
    if profile.consented:
        raise Stale(detail="already consented")
    await press.rt.members.refuse(profile.chat_id)
    await show(press.update, press.context, views.refused(press.tr))


@ROUTES.on(Language, guard=Guard.CHAT)
async def language(press: Press[Language]) -> None:
    """Change the language and redraw the screen in it."""
    rt = press.rt
    profile = await rt.members.set_language(press.member.chat_id, press.button.language)
    if profile.consented:
        await redraw_main(press, profile)
        return
    user = press.update.effective_user
    screen = views.welcome(
        rt.catalogs.get(profile.language),
        rt.settings,
        first_name=user.first_name if user else "",
        group=profile.chat_type != "private",
    )
    await show(press.update, press.context, screen)


@ROUTES.on(OrgName)
async def org_name(press: Press[OrgName]) -> None:
    """Wait for the organisation's name as a message."""
    tr, profile = press.tr, press.member
    await ask_member(
        press.update, press.context, tr, profile, "org_name", views.ask_org_name(tr, profile)
    )


@ROUTES.on(OrgNameSkip)
async def org_name_skip(press: Press[OrgNameSkip]) -> None:
    """Keep the name as it is and move on."""
    profile = await press.rt.members.await_input(press.member.chat_id, None)
    await _profile_or_next(press, profile, views.ask_country(press.tr, profile))


@ROUTES.on(Country)
async def country(press: Press[Country]) -> None:
    """Set (or skip) the country, then settle the time zone it implies."""
    code, tr, rt = press.button.country, press.tr, press.rt
    members = rt.members
    chat_id = press.member.chat_id
    if code is None:
        profile = await members.await_input(chat_id, None)
        await _profile_or_next(press, profile, views.ask_org_type(tr, profile))
        return
    if not countries.is_country(code):
        raise Stale(detail=f"country {code}")
    profile = await members.update_profile(chat_id, country=code, awaiting=None)
    now = rt.clock()
    zones = countries.zones(code, now.year)
    if len(zones) == 1 and not profile.onboarded:
        # One zone: it is the member's (shown in the confirmation, changeable in /settings).
        profile = await members.update_profile(chat_id, timezone=zones[0])
    elif zones and (
        not profile.onboarded
        or (len(zones) > 1 and profile.timezone not in zones)
        or not countries.keeps_time_of(profile.timezone, zones, now.year)
    ):
        # Several zones (Spain: Madrid, Canaries), or a country whose time differs from the
        # member's zone: let them choose (a single zone keeping the same time needs nothing).
        await show(press.update, press.context, views.ask_zone(tr, profile, zones, now=now))
        return
    await _profile_or_next(press, profile, views.ask_org_type(tr, profile))


@ROUTES.on(CountryZone)
async def country_zone(press: Press[CountryZone]) -> None:
    """The time zone chosen among the country's (or None: keep the one the member has)."""
    chosen, profile, rt = press.button, press.member, press.rt
    if chosen.country != profile.country:
        raise Stale(detail=f"zone of {chosen.country}, member in {profile.country}")
    if chosen.zone is not None:
        zones = countries.zones(chosen.country, rt.clock().year)
        if not 0 <= chosen.zone < len(zones):
            raise Stale(detail=f"zone {chosen.zone} of {chosen.country}")
        profile = await rt.members.update_profile(profile.chat_id, timezone=zones[chosen.zone])
    await _profile_or_next(press, profile, views.ask_org_type(press.tr, profile))


@ROUTES.on(CountryPage)
async def country_page(press: Press[CountryPage]) -> None:
    """Page through the full country list."""
    page = press.button.page
    if page < 0:
        raise Stale(detail=f"country page {page}")
    await show(press.update, press.context, views.country_page(press.tr, press.member, page))


@ROUTES.on(CountrySearch)
async def country_search(press: Press[CountrySearch]) -> None:
    """Wait for letters of a country name."""
    tr = press.tr
    await ask_member(
        press.update,
        press.context,
        tr,
        press.member,
        "country_search",
        views.country_search_prompt(tr),
    )


@ROUTES.on(OrgType)
async def org_type(press: Press[OrgType]) -> None:
    """Set (or skip) the organisation type."""
    key, rt, profile = press.button.org_type, press.rt, press.member
    if key is not None:
        if key not in ORG_TYPES:
            raise Stale(detail=f"org type {key}")
        profile = await rt.members.update_profile(profile.chat_id, org_type=key)
    await _profile_or_next(
        press, profile, views.choose_interests(press.tr, rt.settings, profile, "topic")
    )


async def _redraw_interests(press: Press[Any], profile: Profile, kind: str) -> None:
    screen = views.choose_interests(press.tr, press.rt.settings, profile, kind)
    await show(press.update, press.context, screen)


@ROUTES.on(Topic)
async def topic(press: Press[Topic]) -> None:
    """Select or unselect one topic; the keyboard redraws itself."""
    chosen = press.button
    profile = await press.rt.members.set_interest(
        press.member.chat_id, "topic", chosen.topic, chosen.on
    )
    await _redraw_interests(press, profile, "topic")


@ROUTES.on(Programme)
async def programme(press: Press[Programme]) -> None:
    """Select or unselect one programme; the keyboard redraws itself."""
    chosen = press.button
    profile = await press.rt.members.set_interest(
        press.member.chat_id, "programme", chosen.programme, chosen.on
    )
    await _redraw_interests(press, profile, "programme")


@ROUTES.on(SelectAll)
async def select_all(press: Press[SelectAll]) -> None:
    """Select every topic (or programme)."""
    kind = _INTERESTS[press.button.which]
    profile = await press.rt.members.set_all_interests(press.member.chat_id, kind, True)
    await _redraw_interests(press, profile, kind)


@ROUTES.on(SelectNone)
async def select_none(press: Press[SelectNone]) -> None:
    """Unselect every topic (or programme)."""
    kind = _INTERESTS[press.button.which]
    profile = await press.rt.members.set_all_interests(press.member.chat_id, kind, False)
    await _redraw_interests(press, profile, kind)


@ROUTES.on(InterestsDone)
async def interests_done(press: Press[InterestsDone]) -> None:
    """Topics done: programmes next; programmes done: keywords next."""
    tr, profile = press.tr, press.member
    following = (
        views.choose_interests(tr, press.rt.settings, profile, "programme")
        if press.button.which == "t"
        else views.keywords(tr, profile)
    )
    await _profile_or_next(press, profile, following)


@ROUTES.on(Keywords)
async def keywords_ask(press: Press[Keywords]) -> None:
    """Wait for include or exclude words."""
    kind, tr = _KEYWORDS[press.button.which], press.tr
    await ask_member(
        press.update,
        press.context,
        tr,
        press.member,
        f"keywords:{kind}",
        views.keywords_prompt(tr, kind),
    )


@ROUTES.on(KeywordsClear)
async def keywords_clear(press: Press[KeywordsClear]) -> None:
    """Remove all include (or exclude) words."""
    kind = _KEYWORDS[press.button.which]
    profile = await press.rt.members.set_keywords(press.member.chat_id, kind, [])
    await show(press.update, press.context, views.keywords(press.tr, profile))


@ROUTES.on(KeywordsDone)
async def keywords_done(press: Press[KeywordsDone]) -> None:
    """Finish onboarding (or return to the profile)."""
    rt, tr = press.rt, press.tr
    was_onboarded = press.member.onboarded
    profile = await rt.members.mark_onboarded(press.member.chat_id, now=rt.clock())
    if was_onboarded:
        await _profile_or_next(press, profile, views.keywords(tr, profile))
        return
    screen = views.confirmation(
        tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
    )
    await show(press.update, press.context, screen)
